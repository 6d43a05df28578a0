import type { SecretMode } from '../../../../shared/snippets/index.ts';
import { SNIPPET_LANGS, type SnippetLang } from '../../../../shared/snippets/snippet.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';
import { LANGUAGES } from './languages.ts';
import { clipboardNote } from '../vault/clipboard-note.ts';

export interface CurlView {
  /** What is shown: the code with variables, or masked. Revealed code is never shown. */
  code: string;
  variables: { variable: string; origin: string }[];
}

/** A revealed snippet is shown masked: the clear text only ever goes to the clipboard. */
export function shownMode(mode: SecretMode): 'env' | 'mask' {
  return mode === 'env' ? 'env' : 'mask';
}

export function snippetKey(runId: string, stepId: string, lang: SnippetLang, mode: SecretMode): string {
  return `${runId}/${stepId}/${lang}/${shownMode(mode)}`;
}

export interface CurlSlice {
  curlMode: SecretMode;
  /** The language of the export: cURL, or a snippet in another one. */
  snippetLang: SnippetLang;
  /** Exports already fetched, by run, step, language and shown mode. */
  curlViews: Record<string, CurlView>;
  setCurlMode: (mode: SecretMode, runId: string, stepId: string) => Promise<void>;
  setSnippetLang: (lang: SnippetLang, runId: string, stepId: string) => Promise<void>;
  loadCurl: (runId: string, stepId: string) => Promise<void>;
  copyCurl: (runId: string, stepId: string) => Promise<void>;
}

/** The language is a preference (no secret in it): it outlives the session. */
const LANG_KEY = 'tokensmith.snippet-lang';

function readLang(): SnippetLang {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    return SNIPPET_LANGS.find((lang) => lang === stored) ?? 'curl';
  } catch {
    return 'curl';
  }
}

const COPIED: Record<SecretMode, (name: string, clearsInSeconds: number | undefined) => string> = {
  env: (name) => `${name} copied; it reads the secrets from environment variables.`,
  mask: (name) => `${name} copied with the secrets masked.`,
  reveal: (name, clearsInSeconds) =>
    `${name} copied with the secrets in clear text.${clearsInSeconds ? clipboardNote(clearsInSeconds) : ' Clear your clipboard when done.'}`,
};

export const createCurlSlice: SliceCreator<CurlSlice> = (set, get) => ({
  curlMode: 'env',
  snippetLang: readLang(),
  curlViews: {},

  setCurlMode: async (mode, runId, stepId) => {
    set({ curlMode: mode });
    await get().loadCurl(runId, stepId);
  },

  setSnippetLang: async (lang, runId, stepId) => {
    set({ snippetLang: lang });
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      // Storage full or off: the choice holds for this session.
    }
    await get().loadCurl(runId, stepId);
  },

  loadCurl: async (runId, stepId) => {
    const { snippetLang: lang, curlMode } = get();
    const key = snippetKey(runId, stepId, lang, curlMode);
    // A step's request never changes, so neither does its code.
    if (get().curlViews[key]) return;
    const result = await api()['snippet:export']({ runId, stepId, lang, mode: shownMode(curlMode) });
    if (!result.ok) {
      get().failed(result.error);
      return;
    }
    set((state) => ({ curlViews: { ...state.curlViews, [key]: result.value } }));
  },

  copyCurl: async (runId, stepId) => {
    const { snippetLang: lang, curlMode: mode } = get();
    const result = await api()['snippet:copy']({ runId, stepId, lang, mode });
    if (result.ok) get().notify(COPIED[mode](LANGUAGES[lang].label, result.value.clearsInSeconds));
    else get().failed(result.error);
  },
});

import type { SecretMode } from '../../../../shared/curl/export.ts';
import { formatErrorLine } from '../../../../shared/domain/errors.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

export interface CurlView {
  /** What is shown: the command with variables, or masked. Revealed commands are never shown. */
  command: string;
  variables: { variable: string; origin: string }[];
}

export function curlKey(runId: string, stepId: string): string {
  return `${runId}/${stepId}`;
}

export interface CurlSlice {
  curlMode: SecretMode;
  /** Exports already fetched, by run and step. */
  curlViews: Record<string, CurlView>;
  setCurlMode: (mode: SecretMode, runId: string, stepId: string) => Promise<void>;
  loadCurl: (runId: string, stepId: string) => Promise<void>;
  copyCurl: (runId: string, stepId: string) => Promise<void>;
}

const COPIED: Record<SecretMode, string> = {
  env: 'cURL copied; it reads the secrets from environment variables.',
  mask: 'cURL copied with the secrets masked.',
  reveal: 'cURL copied with the secrets in clear text. Clear your clipboard when done.',
};

export const createCurlSlice: SliceCreator<CurlSlice> = (set, get) => ({
  curlMode: 'env',
  curlViews: {},

  setCurlMode: async (mode, runId, stepId) => {
    set({ curlMode: mode });
    await get().loadCurl(runId, stepId);
  },

  loadCurl: async (runId, stepId) => {
    // A revealed command is shown masked: the clear text only ever goes to the clipboard.
    const shown = get().curlMode === 'env' ? 'env' : 'mask';
    const result = await api()['curl:export']({ runId, stepId, mode: shown });
    if (!result.ok) {
      get().notify(formatErrorLine(result.error), 'error');
      return;
    }
    set((state) => ({ curlViews: { ...state.curlViews, [curlKey(runId, stepId)]: result.value } }));
  },

  copyCurl: async (runId, stepId) => {
    const mode = get().curlMode;
    const result = await api()['curl:copy']({ runId, stepId, mode });
    get().notify(result.ok ? COPIED[mode] : formatErrorLine(result.error), result.ok ? 'info' : 'error');
  },
});

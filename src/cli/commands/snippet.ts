import type { FieldValues, Profile } from '../../shared/domain/profile.ts';
import { SNIPPET_LANGS, toSnippet, type SecretMode, type SnippetLang } from '../../shared/snippets/index.ts';
import type { FlowDeps } from '../../main/core/flow/flow-context.ts';
import { planFlow } from '../../main/core/flow/plan-flow.ts';
import { createHttpClient } from '../../main/core/http/http-client.ts';
import { UsageError } from '../cli-error.ts';
import type { Command, CommandContext, Flags } from '../command.ts';
import { openInBrowser } from '../open-browser.ts';
import { exportedRequest } from '../exported-request.ts';

/** How each language starts a comment. */
const COMMENT: Record<SnippetLang, string> = { curl: '#', httpie: '#', python: '#', powershell: '#', fetch: '//' };

/**
 * How the opening comment asks for a variable: `set`, or `export` as `tokensmith curl` has always
 * written it (bash's own word), so its output stays what scripts and users know.
 */
export type SetWord = 'set' | 'export';

/** The requests of a flow as code in one language, in order, each under a comment naming its step. */
export async function snippetCommand(options: {
  profile: Profile;
  values: FieldValues;
  lang: SnippetLang;
  mode: SecretMode;
  deps: FlowDeps;
  setWord?: SetWord;
}): Promise<string> {
  const comment = COMMENT[options.lang];
  const steps = await planFlow({ profile: options.profile, values: options.values, deps: options.deps });
  const variables = new Map<string, string>();
  // A module cannot declare `response` twice, so with several requests each fetch goes in a block of its own.
  const ownBlocks = options.lang === 'fetch' && steps.filter((step) => step.kind === 'request').length > 1;
  const blocks = steps.map((step, index) => {
    const heading = `${comment} ${index + 1}. ${step.title}`;
    if (step.kind === 'browser') return `${heading}: open this URL in a browser\n${comment} ${step.url}`;
    if (step.kind === 'local') return `${heading}: ${step.note}`;
    const snippet = toSnippet(step.spec, { lang: options.lang, secrets: step.secrets, mode: options.mode });
    for (const variable of snippet.variables) if (!variable.fromStep) variables.set(variable.variable, variable.origin);
    const code = ownBlocks ? `{\n${snippet.code.replace(/^(?=.)/gm, '  ')}\n}` : snippet.code;
    return `${heading}\n${code}`;
  });
  const setWord = options.setWord ?? 'set';
  const preamble = [...variables].map(([variable, origin]) => `${comment} ${setWord} ${variable}=…   (${origin})`);
  return [...(preamble.length ? [preamble.join('\n')] : []), ...blocks].join('\n\n');
}

/** The secret mode the flags ask for: environment variables unless --mask or --reveal. */
export function secretModeOf(flags: Flags): SecretMode {
  if (flags.mask && flags.reveal) throw new UsageError('Choose --mask or --reveal, not both.');
  return flags.reveal ? 'reveal' : flags.mask ? 'mask' : 'env';
}

/** Prints the exported request's flow as code: what `snippet` and `curl` run. */
export async function printSnippets(
  context: CommandContext,
  options: { lang: SnippetLang; mode: SecretMode; setWord?: SetWord },
): Promise<number> {
  const { profile, values } = await exportedRequest(context);
  const http = createHttpClient({ timeoutMs: context.timeoutMs });
  try {
    console.log(await snippetCommand({ profile, values, ...options, deps: { http, opener: openInBrowser } }));
  } finally {
    await http.close();
  }
  return 0;
}

/** `tokensmith snippet <profile> --lang LANG [--set field=value]… [--mask | --reveal]`. */
export const run: Command = async (context) => {
  const mode = secretModeOf(context.flags);
  const lang = context.flags.lang;
  if (!lang || !(SNIPPET_LANGS as readonly string[]).includes(lang))
    throw new UsageError(`snippet needs --lang, one of ${SNIPPET_LANGS.join(', ')}.`);
  return printSnippets(context, { lang: lang as SnippetLang, mode });
};

import type { FieldValues, Profile } from '../../shared/domain/profile.ts';
import type { SecretMode } from '../../shared/snippets/index.ts';
import type { FlowDeps } from '../../main/core/flow/flow-context.ts';
import type { Command } from '../command.ts';
import { printSnippets, secretModeOf, snippetCommand } from './snippet.ts';

/** The cURL commands of a flow: {@link snippetCommand} in cURL, its variables to `export` first. */
export function curlCommand(options: {
  profile: Profile;
  values: FieldValues;
  mode: SecretMode;
  deps: FlowDeps;
}): Promise<string> {
  return snippetCommand({ ...options, lang: 'curl', setWord: 'export' });
}

/** `tokensmith curl <profile> [--set field=value]… [--mask | --reveal]`: short for `snippet --lang curl`. */
export const run: Command = (context) =>
  printSnippets(context, { lang: 'curl', mode: secretModeOf(context.flags), setWord: 'export' });

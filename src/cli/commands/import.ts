import { readFile } from 'node:fs/promises';
import { applyImportPlan } from '../../main/core/interop/apply-import.ts';
import { importText } from '../../main/core/interop/import-text.ts';
import { Workspace } from '../../main/core/workspace/workspace.ts';
import { PROFILES } from '../../shared/providers/index.ts';
import { UsageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { onFile } from '../file-errors.ts';
import type { CommandPlace } from '../store.ts';
import { openVault } from './vault.ts';

/** The file's text; a file that cannot be read is the user's to fix, so it is said in words. */
function readText(file: string): Promise<string> {
  return onFile(readFile(file, 'utf8'), {
    file,
    action: 'read',
    hint: 'Give a file with cURL commands, a Postman Collection v2.1 or an OpenAPI 3 document.',
  });
}

/** Variables that hold the passphrases themselves: no imported command may read them. */
const PASSPHRASE_VARIABLES = new Set(['TOKENSMITH_VAULT_PASSPHRASE', 'TOKENSMITH_PASSPHRASE']);

/**
 * The variables an imported command may read: Tokensmith's own field variables, which its exports
 * use, and nothing else. A command written by someone else must not pull `$GITHUB_TOKEN` (or the
 * vault passphrase) into a request that it then sends to a host of its choosing.
 */
function fieldVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith('TOKENSMITH_') && !PASSPHRASE_VARIABLES.has(entry[0]) && entry[1] !== undefined,
    ),
  );
}

/**
 * `tokensmith import FILE`: cURL commands, a Postman collection or environment, or an OpenAPI 3
 * document into the app's store, secrets into its vault. `$TOKENSMITH_…` variables in a command
 * (Tokensmith's own export) are read from this environment, so their secrets come along.
 */
export async function importCommand(options: {
  place: CommandPlace;
  file: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<string> {
  // The import writes once, at the end: Ctrl-C or a TERM before that cancels it with nothing written.
  const cancel = new AbortController();
  const onSignal = (): void => cancel.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const plan = importText(await readText(options.file), { env: fieldVariables(options.env) });
    options.log(`Importing ${plan.requests.length} saved request(s) and ${plan.environments.length} environment(s)…`);
    const { workspace, vault, ledger } = await openVault(options.place, { create: true, what: 'import' });
    try {
      const summary = await applyImportPlan(
        {
          workspace: new Workspace({ files: workspace, vault, profiles: PROFILES }),
          vault,
          profiles: PROFILES,
          signal: cancel.signal,
        },
        plan,
      );
      for (const warning of summary.warnings) options.log(`warning: ${warning}`);
      const unchanged = summary.unchanged > 0 ? ` (${summary.unchanged} already there, unchanged)` : '';
      return `Imported ${summary.requests} saved request(s)${unchanged}, ${summary.environments} environment(s) and ${summary.secrets} secret(s) from ${summary.kind === 'openapi' ? 'an OpenAPI document' : summary.kind === 'curl' ? 'cURL' : 'Postman'}.`;
    } finally {
      await ledger.flushed();
      vault.close();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `tokensmith import FILE`. */
export const run: Command = async ({ positionals, place }) => {
  const file = positionals[1];
  if (!file) throw new UsageError('import needs the FILE to import.');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(await importCommand({ place, file, env: process.env, log }));
  return 0;
};

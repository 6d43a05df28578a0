import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError } from './cli-error.ts';
import { OPTIONS, type Command } from './command.ts';
import { defaultDataDir } from './data-dir.ts';

/**
 * Every command, by name, and where it lives. A command's module (and what it pulls in: the import
 * parsers, the KDF, the snippet languages…) is loaded only when that command runs, so a command
 * starts as fast as its own code allows.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  providers: async () => (await import('./commands/providers.ts')).run,
  grant: async () => (await import('./commands/grant.ts')).run,
  curl: async () => (await import('./commands/curl.ts')).run,
  snippet: async () => (await import('./commands/snippet.ts')).run,
  import: async () => (await import('./commands/import.ts')).run,
  introspect: async () => (await import('./commands/token-calls.ts')).runIntrospect,
  revoke: async () => (await import('./commands/token-calls.ts')).runRevoke,
  'dpop-proof': async () => (await import('./commands/token-calls.ts')).runDpopProof,
  decode: async () => (await import('./commands/decode.ts')).run,
  vault: async () => (await import('./commands/vault.ts')).run,
};

/** The usage text; the profiles' list is loaded only for it. */
async function help(): Promise<string> {
  const { PROFILES } = await import('../shared/providers/index.ts');
  return `tokensmith — get, inspect and export API access tokens

Usage:
  tokensmith providers [--json]
  tokensmith grant <profile> [--set field=value]… [--json] [--timeout ms] [--deadline ms] [--no-browser] [--insecure]
  tokensmith curl <profile> [--set field=value]… [--mask | --reveal]
  tokensmith snippet <profile> --lang curl|httpie|fetch|python|powershell [--set field=value]… [--mask | --reveal]
  tokensmith import FILE [--workspace DIR] [--data-dir DIR]   (cURL, Postman v2.1, OpenAPI 3; the kind is detected)
  tokensmith introspect [<profile>] (<token> | - | [--from FILE] --saved NAME) [--set field=value]… [--json]
  tokensmith revoke [<profile>] (<token> | - | [--from FILE] --saved NAME) [--set field=value]…
  tokensmith dpop-proof [--from FILE] --saved NAME --htm METHOD --htu URL [--nonce NONCE] [--data-dir DIR]
  tokensmith decode <jwt | ->
  tokensmith vault export --out FILE [--without-secrets] [--data-dir DIR]
  tokensmith vault import FILE [--data-dir DIR]
  tokensmith grant --saved NAME [--workspace DIR] [--set field=value]… [--json]
  tokensmith grant --from FILE --saved NAME [--set field=value]… [--json]

Secret fields come from TOKENSMITH_<PROFILE>_<FIELD> (e.g. TOKENSMITH_KPN_CLIENT_SECRET),
so they stay out of your shell history; --set works for any field. Export files are opened
with TOKENSMITH_PASSPHRASE (or a prompt), the app's vault with TOKENSMITH_VAULT_PASSPHRASE.
The vault lives in the app's data folder (--data-dir or TOKENSMITH_DATA_DIR to change it); saved
requests in a workspace folder (--workspace or TOKENSMITH_WORKSPACE; else the app's).
introspect asks the authorization server whether a token is active (RFC 7662) and revoke
revokes it (RFC 7009), as the client in --set (the profile is oauth2 unless named); --saved NAME
takes a saved request of the app (or of an export file, with --from) and the newest token the
ledger holds for it.
Profiles: ${PROFILES.map((profile) => profile.id).join(', ')}`;
}

async function main(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const command = positionals[0];
  if (flags.help || command === 'help') {
    console.log(await help());
    return 0;
  }
  if (!command) {
    process.stderr.write(`${await help()}\n`);
    return EXIT_USAGE;
  }
  const timeoutMs = flags.timeout === undefined ? undefined : Number(flags.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0))
    throw new UsageError('--timeout takes a number of milliseconds.');

  // The app's data folder, and the workspace: --workspace, TOKENSMITH_WORKSPACE, else the app's.
  const place = {
    dataDir: flags['data-dir'] ?? defaultDataDir(),
    workspaceDir: flags.workspace ?? (process.env.TOKENSMITH_WORKSPACE || undefined),
  };

  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load)
    throw new UsageError(
      `Unknown command "${command}"; the commands are providers, grant, curl, snippet, import, decode and vault.`,
    );
  const run = await load();
  return run({ positionals, flags, place, timeoutMs });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  // What a failure prints is loaded when there is one: zod comes with the error type.
  async (error: unknown) => {
    const { reportError } = await import('./report-error.ts');
    process.exitCode = reportError(error);
  },
);

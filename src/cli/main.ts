import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError } from './cli-error.ts';
import { OPTIONS, type Command } from './command.ts';
import { defaultDataDir } from './data-dir.ts';

// A command checks each document once and exits: zod's compiled parsers (a new Function per object
// schema) cost more to build than they save on one parse. zod keeps its settings in this global and
// reads them as each schema is made, so they are set before any command loads zod (merged into
// zod's own object should it be loaded already). Only speed depends on it: parsing is the same.
const zodGlobal = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
zodGlobal.__zod_globalConfig = Object.assign(zodGlobal.__zod_globalConfig ?? {}, { jitless: true });

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
  token: async () => (await import('./commands/token.ts')).runToken,
  exec: async () => (await import('./commands/token.ts')).runExec,
  tokens: async () => (await import('./commands/tokens.ts')).run,
};

/** The usage text; the profiles' list is loaded only for it. */
async function help(): Promise<string> {
  const { PROFILES } = await import('../shared/providers/index.ts');
  return `tokensmith — get, inspect and export API access tokens

Usage:
  tokensmith providers [--json]
  tokensmith grant <profile> [--set field=value]… [--json] [--timeout ms] [--deadline ms] [--no-browser] [--insecure]
  tokensmith curl <profile> [--set field=value]… [--mask | --reveal]   (short for snippet --lang curl)
  tokensmith snippet <profile> --lang curl|httpie|fetch|python|powershell [--set field=value]… [--mask | --reveal]
  tokensmith import FILE [--workspace DIR] [--data-dir DIR]   (cURL, Postman v2.1, OpenAPI 3; the kind is detected)
  tokensmith token (--saved NAME | <profile>) [--set field=value]… [--min-ttl SECONDS] [--json] [--interactive] [--allow-refs]
  tokensmith exec (--saved NAME | <profile>) [--set field=value]… [--token-env NAME] [--allow-refs] -- COMMAND [ARGS…]
  tokensmith tokens [--json]
  tokensmith curl --saved NAME [--mask | --reveal]
  tokensmith snippet --saved NAME --lang … [--mask | --reveal]
  tokensmith introspect [<profile>] (<token> | - | [--from FILE] --saved NAME) [--set field=value]… [--json]
  tokensmith revoke (ID | [<profile>] (<token> | - | [--from FILE] --saved NAME)) [--set field=value]…
  tokensmith dpop-proof [--from FILE] --saved NAME --htm METHOD --htu URL [--nonce NONCE] [--data-dir DIR]
  tokensmith decode <jwt | ->
  tokensmith vault export --out FILE [--without-secrets] [--data-dir DIR]
  tokensmith vault import FILE [--data-dir DIR]
  tokensmith vault list [--json]      (every secret: its request, field, kind, origin, times; never a value)
  tokensmith vault set REQUEST FIELD  (the value from standard input, never the command line)
  tokensmith vault rm REQUEST FIELD
  tokensmith vault prune              (removes the secrets no request uses any more)
  tokensmith vault allow-cli | deny-cli | slots [--json] [--data-dir DIR]
  tokensmith grant --saved NAME [--workspace DIR] [--set field=value]… [--json] [--allow-refs]
  tokensmith grant --from FILE --saved NAME [--set field=value]… [--json] [--allow-refs]

Secret fields come from TOKENSMITH_<PROFILE>_<FIELD> (e.g. TOKENSMITH_KPN_CLIENT_SECRET),
so they stay out of your shell history; --set works for any field. A secret can be a reference
read at send time: ref+env://NAME, ref+file:///path[#/json/pointer], ref+pass://entry,
ref+kdbx:///path/db.kdbx#Group/Entry[?field=UserName&keyfile=/path] (password from
TOKENSMITH_KDBX_PASSWORD, a prompt or a piped stdin), ref+op://vault/item/field. References of a saved request
or a file, not yet approved on this machine, need --allow-refs (or a yes on the terminal); token and
exec keep that approval in the vault. Export files are opened
with TOKENSMITH_PASSPHRASE (or a prompt), the app's vault with the key vault allow-cli put in the OS
keyring, else TOKENSMITH_VAULT_PASSPHRASE (or a prompt).
The vault lives in the app's data folder (--data-dir or TOKENSMITH_DATA_DIR to change it); saved
requests in a workspace folder (--workspace or TOKENSMITH_WORKSPACE; else the app's).
introspect asks the authorization server whether a token is active (RFC 7662) and revoke
revokes it (RFC 7009), as the client in --set (the profile is oauth2 unless named); --saved NAME
takes a saved request of the app (or of an export file, with --from) and the newest token the
ledger holds for it; revoke ID revokes a token of the ledger (its id from \`tokensmith tokens\`).
token prints the ledger's token for the request while it has more than --min-ttl seconds left
(60), else renews it (refresh token, or the flow again when it needs nobody), else gets one; it
lands in the app's ledger. exec runs COMMAND (no shell) with the token in TOKENSMITH_TOKEN (or
--token-env NAME) and the request's secrets in TOKENSMITH_<PROFILE>_<FIELD>, as exports read them.
Profiles: ${PROFILES.map((profile) => profile.id).join(', ')}`;
}

async function main(argv: string[]): Promise<number> {
  const {
    values: flags,
    positionals: allPositionals,
    tokens,
  } = parseArgs({ args: argv, allowPositionals: true, tokens: true, options: OPTIONS });
  // What follows `--` is the command `exec` runs, as it was given; other commands keep it as positionals.
  const terminator =
    allPositionals[0] === 'exec' ? tokens.find((token) => token.kind === 'option-terminator') : undefined;
  const childCommand = terminator ? argv.slice(terminator.index + 1) : [];
  const positionals = allPositionals.slice(0, allPositionals.length - childCommand.length);
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
    throw new UsageError(`Unknown command "${command}"; the commands are ${Object.keys(COMMANDS).join(', ')}.`);
  const run = await load();
  return run({ positionals, flags, place, timeoutMs, childCommand });
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

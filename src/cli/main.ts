import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import { formatErrorLine, AppError } from '../shared/domain/errors.ts';
import type { FieldValues, Profile } from '../shared/domain/profile.ts';
import { SNIPPET_LANGS, type SnippetLang } from '../shared/snippets/index.ts';
import { findProfile, PROFILES } from '../shared/providers/index.ts';
import { redactError, runSecrets } from '../main/core/flow/report.ts';
import { createHttpClient } from '../main/core/http/http-client.ts';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './cli-error.ts';
import { curlCommand } from './commands/curl.ts';
import { decodeCommand } from './commands/decode.ts';
import { grantCommand, millisecondsFlag, printableToken, toGrantJson } from './commands/grant.ts';
import { importCommand } from './commands/import.ts';
import {
  dpopProofCommand,
  formatIntrospection,
  introspectCommand,
  revokeCommand,
  savedTokenTarget,
  type TokenTarget,
} from './commands/token-calls.ts';
import { providersCommand } from './commands/providers.ts';
import { snippetCommand } from './commands/snippet.ts';
import { childCommandOf, execEnvironment, runChild, tokenEnvFlag } from './commands/exec.ts';
import { requestChoice } from './commands/request-choice.ts';
import { minTtlFlag, tokenCommand, toTokenJson } from './commands/token.ts';
import { formatTokens, isLedgerId, revokeLedgerCommand, tokensCommand } from './commands/tokens.ts';
import {
  savedRequestFromExport,
  savedRequestFromWorkspace,
  vaultExportCommand,
  vaultImportCommand,
} from './commands/vault.ts';
import {
  missingSecretError,
  vaultListCommand,
  vaultPruneCommand,
  vaultRmCommand,
  vaultSetCommand,
} from './commands/vault-secrets.ts';
import { allowCliCommand, denyCliCommand, slotsCommand } from './commands/vault-slots.ts';
import { defaultDataDir } from './data-dir.ts';
import { fieldValues, howToSet } from './field-values.ts';
import { openInBrowser } from './open-browser.ts';
import { typedRefs } from '../main/core/refs/resolve-values.ts';
import { cliRefResolver } from './secret-refs.ts';
import type { CommandPlace } from './store.ts';
import { terminalJson, terminalText } from './terminal-text.ts';

const HELP = `tokensmith — get, inspect and export API access tokens

Usage:
  tokensmith providers [--json]
  tokensmith grant <profile> [--set field=value]… [--json] [--timeout ms] [--deadline ms] [--no-browser] [--insecure]
  tokensmith curl <profile> [--set field=value]… [--mask | --reveal]
  tokensmith snippet <profile> --lang curl|httpie|fetch|python|powershell [--set field=value]… [--mask | --reveal]
  tokensmith import FILE [--workspace DIR] [--data-dir DIR]   (cURL, Postman v2.1, OpenAPI 3; the kind is detected)
  tokensmith token (--saved NAME | <profile>) [--set field=value]… [--min-ttl SECONDS] [--json] [--interactive]
  tokensmith exec (--saved NAME | <profile>) [--set field=value]… [--token-env NAME] -- COMMAND [ARGS…]
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
or a file need --allow-refs (or a yes on the terminal). Export files are opened
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

function profileArg(positionals: string[]) {
  const id = positionals[1];
  if (!id) throw new UsageError('Name a profile; `tokensmith providers` lists them.');
  const profile = findProfile(id);
  if (!profile)
    throw new UsageError(`There is no profile "${id}"; choose one of ${PROFILES.map((p) => p.id).join(', ')}.`);
  return profile;
}

/** What `curl` and `snippet` export: a saved request of the workspace (--saved NAME), or a profile and --set. */
async function exportedRequest(
  positionals: string[],
  flags: { saved?: string | undefined; set: string[] },
  place: CommandPlace,
): Promise<{ profile: Profile; values: FieldValues }> {
  if (!flags.saved) {
    const profile = profileArg(positionals);
    return { profile, values: fieldValues(profile, flags.set, process.env) };
  }
  const { profile, values } = await savedRequestFromWorkspace(place, flags.saved);
  return { profile, values: { ...values, ...fieldValues(profile, flags.set, process.env) } };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** The token `introspect` and `revoke` are about: `--saved NAME`, or a profile (oauth2 by default) and the token. */
async function tokenTarget(
  positionals: string[],
  flags: { saved?: string | undefined; from?: string | undefined; set: string[] },
  place: CommandPlace,
): Promise<TokenTarget> {
  if (flags.from) {
    if (!flags.saved) throw new UsageError('--from FILE needs --saved NAME: the saved request whose token to use.');
    const { profile, values, token } = await savedRequestFromExport(flags.from, flags.saved);
    if (!token) throw new UsageError(`The file holds no token of the saved request "${flags.saved}".`);
    return {
      profile,
      values: { ...values, ...fieldValues(profile, flags.set, {}) },
      token: token.token.accessToken,
      hint: 'access_token',
      dpopKey: token.dpopKey,
    };
  }
  if (flags.saved) {
    return savedTokenTarget({
      place,
      name: flags.saved,
      overrides: (profile) => fieldValues(profile, flags.set, {}),
    });
  }
  const [first, second] = positionals.slice(1);
  const named = second !== undefined ? findProfile(first ?? '') : undefined;
  if (second !== undefined && !named) throw new UsageError(`There is no profile "${first ?? ''}".`);
  const profile = named ?? findProfile('oauth2')!;
  const given = second ?? first;
  if (!given)
    throw new UsageError(
      `${positionals[0] ?? 'introspect'} needs a token, - to read it from standard input, or --saved NAME.`,
    );
  const token = given === '-' ? await readStdin() : given;
  return { profile, values: fieldValues(profile, flags.set, process.env), token };
}

async function main(argv: string[]): Promise<number> {
  const {
    values: flags,
    positionals: allPositionals,
    tokens,
  } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      json: { type: 'boolean', default: false },
      set: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string' },
      deadline: { type: 'string' },
      'no-browser': { type: 'boolean', default: false },
      insecure: { type: 'boolean', default: false },
      mask: { type: 'boolean', default: false },
      reveal: { type: 'boolean', default: false },
      from: { type: 'string' },
      saved: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      workspace: { type: 'string' },
      'without-secrets': { type: 'boolean', default: false },
      lang: { type: 'string' },
      htm: { type: 'string' },
      htu: { type: 'string' },
      nonce: { type: 'string' },
      'allow-refs': { type: 'boolean', default: false },
      'min-ttl': { type: 'string' },
      interactive: { type: 'boolean', default: false },
      'token-env': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  // What follows `--` is the command `exec` runs, as it was given; other commands keep it as positionals.
  const terminator =
    allPositionals[0] === 'exec' ? tokens.find((token) => token.kind === 'option-terminator') : undefined;
  const childCommand = terminator ? argv.slice(terminator.index + 1) : [];
  const positionals = allPositionals.slice(0, allPositionals.length - childCommand.length);
  const command = positionals[0];
  if (flags.help || command === 'help') {
    console.log(HELP);
    return 0;
  }
  if (!command) {
    process.stderr.write(`${HELP}\n`);
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

  switch (command) {
    case 'providers':
      console.log(providersCommand({ json: flags.json }));
      return 0;
    case 'token':
    case 'exec': {
      const child = command === 'exec' ? childCommandOf(childCommand) : undefined;
      const http = createHttpClient({ timeoutMs });
      const log = (line: string): void => void process.stderr.write(`${terminalText(line)}\n`);
      let result;
      try {
        result = await tokenCommand({
          place,
          choice: requestChoice({ command, saved: flags.saved, profileId: positionals[1], sets: flags.set }),
          minTtlSeconds: minTtlFlag(flags['min-ttl']),
          // A person at a terminal can take a browser flow; isatty is a boolean where isTTY may be undefined.
          interactive: flags.interactive || (isatty(0) && isatty(2)),
          http,
          opener: openInBrowser,
          timeoutMs,
          deadlineMs: millisecondsFlag('--deadline', flags.deadline),
          insecureTls: flags.insecure,
          log,
        });
      } finally {
        await http.close();
      }
      if (child) {
        const tokenEnv = tokenEnvFlag(flags['token-env']);
        const env = execEnvironment({
          base: process.env,
          tokenEnv,
          token: result.token.accessToken,
          profile: result.profile,
          values: result.values,
        });
        return runChild(child, env);
      }
      if (flags.json) console.log(terminalJson(toTokenJson(result, { log })));
      else console.log(printableToken(result.token, log).accessToken);
      return 0;
    }
    case 'tokens': {
      const http = createHttpClient({ timeoutMs });
      try {
        const listings = await tokensCommand({ place, deps: { http, opener: openInBrowser } });
        console.log(flags.json ? terminalJson(listings) : formatTokens(listings));
      } finally {
        await http.close();
      }
      return 0;
    }
    case 'introspect':
    case 'revoke': {
      const ledgerId = positionals.length === 2 && !flags.saved && !flags.from ? positionals[1] : undefined;
      if (command === 'revoke' && ledgerId && isLedgerId(place, ledgerId)) {
        const http = createHttpClient({ timeoutMs });
        try {
          const deps = { http, opener: openInBrowser, timeoutMs, insecureTls: flags.insecure };
          await revokeLedgerCommand({ place, id: ledgerId, deps });
        } finally {
          await http.close();
        }
        process.stderr.write('Revoked.\n');
        return 0;
      }
      const target = await tokenTarget(positionals, flags, place);
      const http = createHttpClient({ timeoutMs });
      try {
        const deps = {
          http,
          opener: openInBrowser,
          timeoutMs,
          insecureTls: flags.insecure,
          resolveRefs: cliRefResolver({
            typed: typedRefs(target.profile, fieldValues(target.profile, flags.set, process.env)),
            allowRefs: flags['allow-refs'],
            env: process.env,
          }),
        };
        if (command === 'revoke') {
          await revokeCommand(target, deps);
          process.stderr.write('Revoked.\n');
        } else {
          const text = formatIntrospection(await introspectCommand(target, deps), flags.json);
          // The server's words, a line at a time: terminalText makes each safe for the terminal.
          console.log(text.split('\n').map(terminalText).join('\n'));
        }
      } finally {
        await http.close();
      }
      return 0;
    }
    case 'dpop-proof': {
      if (!flags.saved) throw new UsageError('dpop-proof needs --saved NAME: the saved request whose token it proves.');
      if (!flags.htm || !flags.htu) throw new UsageError('dpop-proof needs --htm METHOD and --htu URL of the request.');
      const target = await tokenTarget(positionals, flags, place);
      console.log(await dpopProofCommand(target, { htm: flags.htm, htu: flags.htu, nonce: flags.nonce }));
      return 0;
    }
    case 'decode': {
      const input = positionals[1];
      if (!input) throw new UsageError('Give a JWT, or - to read it from standard input.');
      console.log(decodeCommand(input === '-' ? await readStdin() : input));
      return 0;
    }
    case 'curl': {
      if (flags.mask && flags.reveal) throw new UsageError('Choose --mask or --reveal, not both.');
      const { profile, values } = await exportedRequest(positionals, flags, place);
      const http = createHttpClient({ timeoutMs });
      try {
        console.log(
          await curlCommand({
            profile,
            values,
            mode: flags.reveal ? 'reveal' : flags.mask ? 'mask' : 'env',
            deps: { http, opener: openInBrowser },
          }),
        );
      } finally {
        await http.close();
      }
      return 0;
    }
    case 'snippet': {
      if (flags.mask && flags.reveal) throw new UsageError('Choose --mask or --reveal, not both.');
      const lang = flags.lang;
      if (!lang || !(SNIPPET_LANGS as readonly string[]).includes(lang))
        throw new UsageError(`snippet needs --lang, one of ${SNIPPET_LANGS.join(', ')}.`);
      const { profile, values } = await exportedRequest(positionals, flags, place);
      const http = createHttpClient({ timeoutMs });
      try {
        console.log(
          await snippetCommand({
            profile,
            values,
            lang: lang as SnippetLang,
            mode: flags.reveal ? 'reveal' : flags.mask ? 'mask' : 'env',
            deps: { http, opener: openInBrowser },
          }),
        );
      } finally {
        await http.close();
      }
      return 0;
    }
    case 'import': {
      const file = positionals[1];
      if (!file) throw new UsageError('import needs the FILE to import.');
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      log(await importCommand({ place, file, env: process.env, log }));
      return 0;
    }
    case 'vault': {
      const action = positionals[1];
      if (action === 'export') {
        if (!flags.out) throw new UsageError('vault export needs --out FILE.');
        process.stderr.write(
          `${await vaultExportCommand({ place, out: flags.out, withSecrets: !flags['without-secrets'] })}\n`,
        );
        return 0;
      }
      if (action === 'import') {
        const file = positionals[2];
        if (!file) throw new UsageError('vault import needs the FILE to import.');
        process.stderr.write(`${await vaultImportCommand({ place, file })}\n`);
        return 0;
      }
      if (action === 'list') {
        console.log(await vaultListCommand(place, { json: flags.json }));
        return 0;
      }
      if (action === 'set' || action === 'rm') {
        const [request, field] = positionals.slice(2);
        if (!request || !field) throw new UsageError(`vault ${action} needs the REQUEST (name or id) and the FIELD.`);
        const command = action === 'set' ? vaultSetCommand : vaultRmCommand;
        process.stderr.write(`${await command(place, { request, field })}\n`);
        return 0;
      }
      if (action === 'prune') {
        process.stderr.write(`${await vaultPruneCommand(place)}\n`);
        return 0;
      }
      if (action === 'allow-cli') {
        process.stderr.write(`${await allowCliCommand({ place })}\n`);
        return 0;
      }
      if (action === 'deny-cli') {
        process.stderr.write(`${await denyCliCommand({ place })}\n`);
        return 0;
      }
      if (action === 'slots') {
        console.log(await slotsCommand({ place, json: flags.json }));
        return 0;
      }
      throw new UsageError(
        'Use `tokensmith vault` with list, set, rm, prune, export, import, allow-cli, deny-cli or slots.',
      );
    }
    case 'grant': {
      let profile;
      let baseValues: Record<string, string> = {};
      if (flags.from) {
        if (!flags.saved) throw new UsageError('--from FILE needs --saved NAME: the saved request to run.');
        ({ profile, values: baseValues } = await savedRequestFromExport(flags.from, flags.saved));
      } else if (flags.saved) {
        ({ profile, values: baseValues } = await savedRequestFromWorkspace(place, flags.saved));
      } else {
        profile = profileArg(positionals);
      }
      const http = createHttpClient({ timeoutMs });
      // Progress, warnings and errors quote what the server sent.
      const log = (line: string): void => void process.stderr.write(`${terminalText(line)}\n`);
      const given = fieldValues(profile, flags.set, process.env);
      try {
        const run = await grantCommand({
          profile,
          values: { ...baseValues, ...given },
          resolveRefs: cliRefResolver({
            typed: typedRefs(profile, given),
            allowRefs: flags['allow-refs'],
            env: process.env,
          }),
          http,
          opener: openInBrowser,
          openBrowser: !flags['no-browser'],
          timeoutMs,
          deadlineMs: millisecondsFlag('--deadline', flags.deadline),
          insecureTls: flags.insecure,
          log,
          input: process.stdin.isTTY ? process.stdin : undefined,
        });
        if (run.error || !run.token) {
          // Masked as the app masks it: a server may quote the secrets it was sent in its error.
          const redacted = redactError(
            run.error ?? new AppError('NO_TOKEN', 'The flow ended without a token.'),
            runSecrets(run),
          );
          // A saved request's secret belongs in the vault: that is where to set it.
          const error =
            flags.saved && !flags.from ? missingSecretError(redacted, { name: flags.saved, profile }) : redacted;
          const hint =
            error.code === 'MISSING_FIELD' && error.field && error === redacted
              ? `Set it: ${howToSet(profile, error.field)}`
              : error.hint;
          log(`tokensmith: ${formatErrorLine({ ...error, ...(hint ? { hint } : {}) })}`);
          return EXIT_FAILED;
        }
        const token = printableToken(run.token, log);
        if (flags.json) console.log(terminalJson(toGrantJson(token, run)));
        else {
          for (const warning of [...run.warnings, ...token.warnings]) log(`warning: ${warning}`);
          console.log(token.accessToken);
        }
        return 0;
      } finally {
        await http.close();
      }
    }
    default:
      throw new UsageError(
        `Unknown command "${command}"; the commands are providers, grant, curl, snippet, import, decode and vault.`,
      );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`tokensmith: ${error.message}\nRun \`tokensmith --help\` for usage.\n`);
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof AppError) {
      // A discovery document or a vault file may put anything into a message.
      process.stderr.write(`tokensmith: ${terminalText(formatErrorLine(error.toData()))}\n`);
      process.exitCode = EXIT_FAILED;
    } else {
      process.stderr.write(
        `tokensmith: unexpected error: ${terminalText(error instanceof Error ? error.message : String(error))}\n`,
      );
      process.exitCode = EXIT_FAILED;
    }
  },
);

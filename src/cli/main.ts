import { parseArgs } from 'node:util';
import { formatErrorLine, AppError } from '../shared/domain/errors.ts';
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
import {
  savedRequestFromExport,
  savedRequestFromWorkspace,
  vaultExportCommand,
  vaultImportCommand,
} from './commands/vault.ts';
import { allowCliCommand, denyCliCommand, slotsCommand } from './commands/vault-slots.ts';
import { defaultDataDir } from './data-dir.ts';
import { fieldValues, howToSet } from './field-values.ts';
import { openInBrowser } from './open-browser.ts';
import type { CommandPlace } from './store.ts';
import { terminalJson, terminalText } from './terminal-text.ts';

const HELP = `tokensmith — get, inspect and export API access tokens

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
  tokensmith vault allow-cli | deny-cli | slots [--json] [--data-dir DIR]
  tokensmith grant --saved NAME [--workspace DIR] [--set field=value]… [--json]
  tokensmith grant --from FILE --saved NAME [--set field=value]… [--json]

Secret fields come from TOKENSMITH_<PROFILE>_<FIELD> (e.g. TOKENSMITH_KPN_CLIENT_SECRET),
so they stay out of your shell history; --set works for any field. Export files are opened
with TOKENSMITH_PASSPHRASE (or a prompt), the app's vault with the key vault allow-cli put in the OS
keyring, else TOKENSMITH_VAULT_PASSPHRASE (or a prompt).
The vault lives in the app's data folder (--data-dir or TOKENSMITH_DATA_DIR to change it); saved
requests in a workspace folder (--workspace or TOKENSMITH_WORKSPACE; else the app's).
introspect asks the authorization server whether a token is active (RFC 7662) and revoke
revokes it (RFC 7009), as the client in --set (the profile is oauth2 unless named); --saved NAME
takes a saved request of the app (or of an export file, with --from) and the newest token the
ledger holds for it.
Profiles: ${PROFILES.map((profile) => profile.id).join(', ')}`;

function profileArg(positionals: string[]) {
  const id = positionals[1];
  if (!id) throw new UsageError('Name a profile; `tokensmith providers` lists them.');
  const profile = findProfile(id);
  if (!profile)
    throw new UsageError(`There is no profile "${id}"; choose one of ${PROFILES.map((p) => p.id).join(', ')}.`);
  return profile;
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
  const { values: flags, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
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
    case 'introspect':
    case 'revoke': {
      const target = await tokenTarget(positionals, flags, place);
      const http = createHttpClient({ timeoutMs });
      try {
        const deps = { http, opener: openInBrowser, timeoutMs, insecureTls: flags.insecure };
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
      const profile = profileArg(positionals);
      const http = createHttpClient({ timeoutMs });
      try {
        console.log(
          await curlCommand({
            profile,
            values: fieldValues(profile, flags.set, process.env),
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
      const profile = profileArg(positionals);
      const http = createHttpClient({ timeoutMs });
      try {
        console.log(
          await snippetCommand({
            profile,
            values: fieldValues(profile, flags.set, process.env),
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
        'Use `tokensmith vault export --out FILE`, `vault import FILE`, `vault allow-cli`, `vault deny-cli` or `vault slots`.',
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
      try {
        const run = await grantCommand({
          profile,
          values: { ...baseValues, ...fieldValues(profile, flags.set, process.env) },
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
          const error = redactError(
            run.error ?? new AppError('NO_TOKEN', 'The flow ended without a token.'),
            runSecrets(run),
          );
          const hint =
            error.code === 'MISSING_FIELD' && error.field ? `Set it: ${howToSet(profile, error.field)}` : error.hint;
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

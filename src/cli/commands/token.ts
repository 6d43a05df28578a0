import { defaultValues, type FieldValues, type Profile } from '../../shared/domain/profile.ts';
import type { TokenSet } from '../../shared/domain/token.ts';
import type { FlowRun } from '../../main/core/flow/flow-context.ts';
import type { LedgerEntry } from '../../main/core/ledger/token-ledger.ts';
import { UsageError } from '../cli-error.ts';
import type { Command, CommandContext } from '../command.ts';
import type { CommandPlace } from '../store.ts';
import { terminalJson, terminalText } from '../terminal-text.ts';
import { millisecondsFlag, printableToken, toGrantJson, type GrantJson } from '../token-output.ts';
import { openChosenRequest, requestChoice, type RequestChoice } from './request-choice.ts';

/** How much life a ledger token must have left to be handed out as it is, unless --min-ttl says otherwise. */
export const DEFAULT_MIN_TTL_SECONDS = 60;

/** Where the token `tokensmith token` printed came from. */
export type TokenSource = 'ledger' | 'refreshed' | 'granted';

export interface TokenCommandOptions {
  place: CommandPlace;
  choice: RequestChoice;
  minTtlSeconds: number;
  /** --interactive: a person is at hand for a browser or device flow (so is one at a terminal). */
  interactive: boolean;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  insecureTls: boolean;
  /** stderr: progress, warnings. */
  log: (line: string) => void;
  /** `--allow-refs`: read the references of a saved request that this machine has not approved. */
  allowRefs: boolean;
}

export interface TokenResult {
  token: TokenSet;
  source: TokenSource;
  /** The renewal or grant that got the token; none when it came from the ledger as it was. */
  run?: FlowRun;
  profile: Profile;
  values: FieldValues;
}

/** `--min-ttl`: a whole number of seconds, zero or more. */
export function minTtlFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MIN_TTL_SECONDS;
  const seconds = Number(value);
  if (!(Number.isInteger(seconds) && seconds >= 0)) throw new UsageError('--min-ttl takes a number of seconds.');
  return seconds;
}

function millisecondsLeft(token: TokenSet, now: number): number {
  return token.expiresAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(token.expiresAt) - now;
}

/** The values a flow runs with: each field's default where nothing else is set, as the app's form fills them. */
function effectiveValues(profile: Profile, values: FieldValues): FieldValues {
  const set = Object.entries(values).filter(([, value]) => value !== '');
  return { ...defaultValues(profile), ...Object.fromEntries(set) };
}

/**
 * Whether a ledger token was got with exactly these values: the same provider, and every value the
 * same, a field left unset counting as its default. A token got with another secret or scope is not
 * this one.
 */
function gotWith(entry: LedgerEntry, profile: Profile, values: FieldValues): boolean {
  if (entry.profileId !== profile.id) return false;
  const held = effectiveValues(profile, entry.values);
  const wanted = effectiveValues(profile, values);
  const names = new Set([...Object.keys(held), ...Object.keys(wanted)]);
  return [...names].every((name) => (held[name] ?? '') === (wanted[name] ?? ''));
}

/**
 * `tokensmith token`: the ledger's token for the request while it has more than the margin left;
 * else the same token renewed (refresh token, or the flow run again where it needs nobody); else a
 * new grant. Whatever it gets goes into the ledger the app shows. A token the ledger marks expired
 * or revoked is never returned.
 */
export async function tokenCommand(options: TokenCommandOptions): Promise<TokenResult> {
  const chosen = await openChosenRequest(options.place, options.choice);
  const { opened, profile, values } = chosen;
  try {
    const entry = opened.ledger
      .list()
      .filter((candidate) => !candidate.revoked && gotWith(candidate, profile, values))
      .sort((a, b) => b.obtainedAt.localeCompare(a.obtainedAt))[0];
    if (entry && millisecondsLeft(entry.token, Date.now()) > options.minTtlSeconds * 1000) {
      return { token: entry.token, source: 'ledger', profile, values };
    }
    // Only now the flow engine and the HTTP client: a token the ledger holds is answered without them.
    const { renewOrGrant } = await import('./token-renewal.ts');
    return await renewOrGrant({ options, chosen, entry });
  } finally {
    opened.vault.close();
  }
}

/**
 * `token --json`: what `grant --json` prints, and where the token came from. For a token the ledger
 * held, `expiresIn` is what is left of it, not the lifetime it was issued with.
 */
export function toTokenJson(
  result: TokenResult,
  options: { log: (line: string) => void; now?: number },
): GrantJson & { source: TokenSource } {
  const json = toGrantJson(printableToken(result.token, options.log), result.run);
  if (result.source === 'ledger' && result.token.expiresAt !== undefined)
    json.expiresIn = Math.floor(millisecondsLeft(result.token, options.now ?? Date.now()) / 1000);
  return { ...json, source: result.source };
}

/** `token` and `exec` alike: the token a request needs, from the ledger, renewed or granted. */
async function tokenFor(context: CommandContext): Promise<TokenResult> {
  const { positionals, flags, place, timeoutMs } = context;
  const command = positionals[0] === 'exec' ? 'exec' : 'token';
  const log = (line: string): void => void process.stderr.write(`${terminalText(line)}\n`);
  return tokenCommand({
    place,
    choice: requestChoice({ command, saved: flags.saved, profileId: positionals[1], sets: flags.set }),
    minTtlSeconds: minTtlFlag(flags['min-ttl']),
    interactive: flags.interactive,
    timeoutMs,
    deadlineMs: millisecondsFlag('--deadline', flags.deadline),
    insecureTls: flags.insecure,
    log,
    allowRefs: flags['allow-refs'],
  });
}

/** `tokensmith token (--saved NAME | PROFILE --set …) [--min-ttl SECONDS] [--json]`: the token, and nothing else. */
export const runToken: Command = async (context) => {
  const result = await tokenFor(context);
  const log = (line: string): void => void process.stderr.write(`${terminalText(line)}\n`);
  if (context.flags.json) console.log(terminalJson(toTokenJson(result, { log })));
  else console.log(printableToken(result.token, log).accessToken);
  return 0;
};

/** `tokensmith exec (--saved NAME | PROFILE --set …) [--token-env NAME] -- COMMAND [ARGS…]`. */
export const runExec: Command = async (context) => {
  // Loaded by exec alone: `token` starts without node:child_process.
  const { childCommandOf, execEnvironment, runChild, tokenEnvFlag } = await import('./exec.ts');
  const child = childCommandOf(context.childCommand);
  const result = await tokenFor(context);
  const env = execEnvironment({
    base: process.env,
    tokenEnv: tokenEnvFlag(context.flags['token-env']),
    token: result.token.accessToken,
    profile: result.profile,
    values: result.values,
  });
  return runChild(child, env);
};

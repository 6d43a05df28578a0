import { AppError } from '../../shared/domain/errors.ts';
import type { FieldValues, Profile } from '../../shared/domain/profile.ts';
import type { Introspection } from '../../shared/domain/token.ts';
import { findProfile } from '../../shared/providers/index.ts';
import type { FlowDeps, FlowRun } from '../../main/core/flow/flow-context.ts';
import { redactError, runSecrets } from '../../main/core/flow/report.ts';
import {
  introspectToken,
  revokeToken,
  tokenCallContext,
  type TokenTypeHint,
} from '../../main/core/flow/token-calls.ts';
import { createDpopProof, type DpopKey } from '../../main/core/oauth/dpop.ts';
import { Workspace } from '../../main/core/workspace/workspace.ts';
import { PROFILES } from '../../shared/providers/index.ts';
import { createHttpClient } from '../../main/core/http/http-client.ts';
import { typedRefs } from '../../main/core/refs/resolve-values.ts';
import { UsageError } from '../cli-error.ts';
import type { Command, CommandContext } from '../command.ts';
import { fieldValues } from '../field-values.ts';
import { openInBrowser } from '../open-browser.ts';
import { readStdin } from '../read-stdin.ts';
import { cliRefResolver, type RefApprovals } from '../secret-refs.ts';
import type { CommandPlace } from '../store.ts';
import { terminalText } from '../terminal-text.ts';
import { openVault, savedRequestFromExport } from './vault.ts';

/** The token a command is about, and the client that may ask about it. */
export interface TokenTarget {
  profile: Profile;
  values: FieldValues;
  token: string;
  hint?: TokenTypeHint | undefined;
  /** The key a DPoP-bound token of the ledger is bound to. */
  dpopKey?: DpopKey | undefined;
  /** The references approved on this machine (a saved request's vault): read without asking. */
  approvals?: RefApprovals | undefined;
}

/**
 * A saved request of the app's data folder, its secrets from the vault, and the newest token the
 * ledger holds for its client: what `--saved NAME` names.
 */
export async function savedTokenTarget(options: {
  place: CommandPlace;
  name: string;
  overrides: (profile: Profile) => FieldValues;
}): Promise<TokenTarget> {
  const { workspace: files, vault, ledger } = await openVault(options.place, { create: false, what: 'introspect' });
  const saved = files.requests().find((candidate) => candidate.name === options.name || candidate.id === options.name);
  if (!saved) {
    throw new UsageError(
      `There is no saved request "${options.name}"; there are ${
        files
          .requests()
          .map((request) => `"${request.name}"`)
          .join(', ') || 'none'
      }.`,
    );
  }
  const profile = findProfile(saved.profileId);
  if (!profile)
    throw new UsageError(
      `The saved request uses the profile "${saved.profileId}", which this Tokensmith does not know.`,
    );
  const workspace = new Workspace({ files, vault, profiles: PROFILES });
  const values = await workspace.valuesFor(
    { kind: 'request', id: saved.id },
    profile,
    options.overrides(profile),
    saved.environmentId,
  );
  const clientId = values.clientId ?? values.keyId ?? '';
  const entry = ledger
    .list()
    .filter((candidate) => candidate.profileId === profile.id && candidate.clientId === clientId)
    .sort((a, b) => b.obtainedAt.localeCompare(a.obtainedAt))[0];
  if (!entry) {
    throw new AppError('UNKNOWN_TOKEN', `The ledger holds no token of the saved request "${saved.name}".`, {
      hint: `Get one first: tokensmith grant, or the app.`,
    });
  }
  return {
    profile,
    values,
    token: entry.token.accessToken,
    hint: 'access_token',
    dpopKey: entry.dpopKey,
    // The vault is open to read only here: an approval given now is not kept.
    approvals: { isRefApproved: (text) => vault.isRefApproved(text) },
  };
}

function failed(run: FlowRun): AppError {
  const data = redactError(run.error ?? new AppError('INTERNAL', 'The call failed.'), runSecrets(run));
  return new AppError(data.code, data.message, {
    ...(data.hint ? { hint: data.hint } : {}),
    ...(data.field ? { field: data.field } : {}),
  });
}

/** What `tokensmith introspect` prints: one `name: value` a line, or the JSON. */
export function formatIntrospection(introspection: Introspection, json: boolean): string {
  if (json) return JSON.stringify(introspection, null, 2);
  const lines = [`active: ${introspection.active}`];
  if (introspection.scope !== undefined) lines.push(`scope: ${introspection.scope}`);
  if (introspection.clientId !== undefined) lines.push(`client_id: ${introspection.clientId}`);
  if (introspection.sub !== undefined) lines.push(`sub: ${introspection.sub}`);
  if (introspection.expiresAt !== undefined) lines.push(`expires: ${introspection.expiresAt}`);
  return lines.join('\n');
}

/** `tokensmith introspect`: asks the server whether the token is active (RFC 7662). */
export async function introspectCommand(target: TokenTarget, deps: FlowDeps): Promise<Introspection> {
  const context = await tokenCallContext({ profile: target.profile, values: target.values, deps });
  const { run, introspection } = await introspectToken(context, target);
  if (!introspection) throw failed(run);
  return introspection;
}

/**
 * `tokensmith dpop-proof`: a fresh proof for one request made with a ledger token, for an exported
 * command to send (a proof is single-use, so no export can carry one).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4
 */
export function dpopProofCommand(
  target: TokenTarget,
  request: { htm: string; htu: string; nonce?: string | undefined },
): Promise<string> {
  if (!target.dpopKey) {
    throw new AppError('NOT_SUPPORTED', 'This token is not bound to a DPoP key.', {
      hint: 'Get the token with Bind the token to a key (DPoP) set, or send it as a Bearer token.',
      field: 'dpop',
    });
  }
  try {
    new URL(request.htu);
  } catch {
    throw new UsageError(`--htu takes the full URL of the request, not "${request.htu}".`);
  }
  return createDpopProof({
    key: target.dpopKey,
    ...request,
    htm: request.htm.toUpperCase(),
    accessToken: target.token,
  });
}

/** `tokensmith revoke`: revokes the token (RFC 7009). */
export async function revokeCommand(target: TokenTarget, deps: FlowDeps): Promise<void> {
  const context = await tokenCallContext({ profile: target.profile, values: target.values, deps });
  const run = await revokeToken(context, target);
  if (run.error) throw failed(run);
}

/** The token `introspect` and `revoke` are about: `--saved NAME`, or a profile (oauth2 by default) and the token. */
async function tokenTarget({ positionals, flags, place }: CommandContext): Promise<TokenTarget> {
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

/** `introspect` and `revoke`: one client, and its connections closed when done. */
async function withTokenCall(
  context: CommandContext,
  call: (target: TokenTarget, deps: FlowDeps) => Promise<void>,
): Promise<number> {
  const target = await tokenTarget(context);
  const http = createHttpClient({ timeoutMs: context.timeoutMs });
  try {
    await call(target, {
      http,
      opener: openInBrowser,
      timeoutMs: context.timeoutMs,
      insecureTls: context.flags.insecure,
      resolveRefs: cliRefResolver({
        typed: typedRefs(target.profile, fieldValues(target.profile, context.flags.set, process.env)),
        allowRefs: context.flags['allow-refs'],
        env: process.env,
        approvals: target.approvals,
      }),
    });
  } finally {
    await http.close();
  }
  return 0;
}

/** `tokensmith introspect`. */
export const runIntrospect: Command = (context) =>
  withTokenCall(context, async (target, deps) => {
    const text = formatIntrospection(await introspectCommand(target, deps), context.flags.json);
    // The server's words, a line at a time: terminalText makes each safe for the terminal.
    console.log(text.split('\n').map(terminalText).join('\n'));
  });

/** `tokensmith revoke`: a ledger entry by its id (`tokensmith tokens` lists them), or a token. */
export const runRevoke: Command = async (context) => {
  const { positionals, flags, place, timeoutMs } = context;
  const ledgerId = positionals.length === 2 && !flags.saved && !flags.from ? positionals[1] : undefined;
  if (ledgerId) {
    const { isLedgerId, revokeLedgerCommand } = await import('./tokens.ts');
    if (isLedgerId(place, ledgerId)) {
      const http = createHttpClient({ timeoutMs });
      try {
        await revokeLedgerCommand({
          place,
          id: ledgerId,
          deps: { http, opener: openInBrowser, timeoutMs, insecureTls: flags.insecure },
        });
      } finally {
        await http.close();
      }
      process.stderr.write('Revoked.\n');
      return 0;
    }
  }
  return withTokenCall(context, async (target, deps) => {
    await revokeCommand(target, deps);
    process.stderr.write('Revoked.\n');
  });
};

/** `tokensmith dpop-proof --saved NAME --htm METHOD --htu URL [--nonce NONCE]`. */
export const runDpopProof: Command = async (context) => {
  const { flags } = context;
  if (!flags.saved) throw new UsageError('dpop-proof needs --saved NAME: the saved request whose token it proves.');
  if (!flags.htm || !flags.htu) throw new UsageError('dpop-proof needs --htm METHOD and --htu URL of the request.');
  const target = await tokenTarget(context);
  console.log(await dpopProofCommand(target, { htm: flags.htm, htu: flags.htu, nonce: flags.nonce }));
  return 0;
};

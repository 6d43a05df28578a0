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
import { UsageError } from '../cli-error.ts';
import type { CommandPlace } from '../store.ts';
import { openVault } from './vault.ts';

/** The token a command is about, and the client that may ask about it. */
export interface TokenTarget {
  profile: Profile;
  values: FieldValues;
  token: string;
  hint?: TokenTypeHint | undefined;
  /** The key a DPoP-bound token of the ledger is bound to. */
  dpopKey?: DpopKey | undefined;
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
  return { profile, values, token: entry.token.accessToken, hint: 'access_token', dpopKey: entry.dpopKey };
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

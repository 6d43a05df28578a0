import type { FieldValues, Profile } from '../../shared/domain/profile.ts';
import { findProfile, PROFILES } from '../../shared/providers/index.ts';
import type { FlowDeps } from '../../main/core/flow/flow-context.ts';
import { recordSecretUse, vaultSecretsOf } from '../../main/core/vault/secret-use.ts';
import { Workspace } from '../../main/core/workspace/workspace.ts';
import { UsageError } from '../cli-error.ts';
import { fieldValues } from '../field-values.ts';
import type { CommandPlace } from '../store.ts';
import { openVault } from './vault.ts';

/** The request `token` and `exec` are about: a saved request of the workspace, or a profile and `--set`. */
export type RequestChoice = { saved: string; sets: readonly string[] } | { profile: Profile; sets: readonly string[] };

export type OpenedVault = Awaited<ReturnType<typeof openVault>>;

export interface ChosenRequest {
  opened: OpenedVault;
  profile: Profile;
  /** Every value the flow runs with, secrets included: held in memory only. */
  values: FieldValues;
  /** What was typed for this run (`--set`, `TOKENSMITH_<PROFILE>_<FIELD>`): its references are read without asking. */
  typed: FieldValues;
  /** For a saved request: records, before each request is sent, when its vault secrets were used. */
  beforeSend?: FlowDeps['beforeSend'];
}

/** `--saved NAME`, or the profile named after the command: exactly one of them. */
export function requestChoice(options: {
  command: string;
  saved: string | undefined;
  profileId: string | undefined;
  sets: readonly string[];
}): RequestChoice {
  const { command, saved, profileId, sets } = options;
  if (saved !== undefined && profileId !== undefined)
    throw new UsageError(`${command} takes --saved NAME or a profile, not both.`);
  if (saved !== undefined) return { saved, sets };
  if (profileId === undefined)
    throw new UsageError(`${command} needs --saved NAME or a profile; \`tokensmith providers\` lists the profiles.`);
  const profile = findProfile(profileId);
  if (!profile)
    throw new UsageError(`There is no profile "${profileId}"; choose one of ${PROFILES.map((p) => p.id).join(', ')}.`);
  return { profile, sets };
}

/**
 * Opens the vault (the ledger lives in it) and works out the values the request runs with, as the
 * app does for the same saved request (its values, then the environment, then the vault's secrets),
 * so the token the app got for it is the one found here. `TOKENSMITH_<PROFILE>_<FIELD>` variables
 * and `--set` count as typed values.
 */
export async function openChosenRequest(place: CommandPlace, choice: RequestChoice): Promise<ChosenRequest> {
  const opened = await openVault(place, { create: true, what: 'token' });
  if ('profile' in choice) {
    const values = fieldValues(choice.profile, choice.sets, process.env);
    return { opened, profile: choice.profile, values, typed: values };
  }
  const files = opened.workspace;
  const saved = files.requests().find((candidate) => candidate.name === choice.saved || candidate.id === choice.saved);
  if (!saved) {
    const names = files.requests().map((request) => `"${request.name}"`);
    throw new UsageError(
      `The workspace ${files.dir} has no saved request "${choice.saved}"; it has ${names.slice(0, 20).join(', ') || 'none'}${names.length > 20 ? ', …' : ''}.`,
    );
  }
  const profile = findProfile(saved.profileId);
  if (!profile)
    throw new UsageError(
      `The saved request uses the profile "${saved.profileId}", which this Tokensmith does not know.`,
    );
  const workspace = new Workspace({ files, vault: opened.vault, profiles: PROFILES });
  const typed = fieldValues(profile, choice.sets, process.env);
  const values = await workspace.valuesFor({ kind: 'request', id: saved.id }, profile, typed, saved.environmentId);
  const secrets = await vaultSecretsOf({ vault: opened.vault, scope: { kind: 'request', id: saved.id }, profile });
  return { opened, profile, values, typed, beforeSend: recordSecretUse(opened.vault, secrets) };
}

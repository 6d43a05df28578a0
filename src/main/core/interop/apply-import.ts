import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import { AppError } from '../../../shared/domain/errors.ts';
import type { Profile } from '../../../shared/domain/profile.ts';
import {
  environmentSchema,
  followUpRequestSchema,
  MAX_FOLLOW_UPS,
  savedRequestSchema,
  type Environment,
  type FollowUpRequest,
  type SavedRequest,
} from '../../../shared/domain/workspace.ts';
import { describeIssue } from '../store/open-store.ts';
import type { Vault } from '../vault/vault.ts';
import { isSecretRef } from '../../../shared/refs/secret-ref.ts';
import { secretRef } from '../workspace/secret-refs.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { ImportPlan, ImportSummary, PlannedEnvironment, PlannedRequest } from './import-plan.ts';

export interface ApplyImportDeps {
  workspace: Workspace;
  vault: Vault;
  profiles: readonly Profile[];
  /** Cancels the import (Ctrl-C on the command line): nothing is written. */
  signal?: AbortSignal;
  now?: () => Date;
}

/** Requests staged between two turns of the event loop, so the app's main process keeps answering. */
const SLICE = 50;

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'The import was cancelled; nothing was written.');
}

function secretFieldsOf(profile: Profile): string[] {
  return profile.fields.filter((field) => field.type === 'secret').map((field) => field.name);
}

function secretCount(plan: ImportPlan, profiles: readonly Profile[]): number {
  return plan.requests.reduce((count, request) => {
    const profile = profiles.find((candidate) => candidate.id === request.profileId);
    // References go into the workspace, not the vault: only values need it open.
    const secrets = profile
      ? secretFieldsOf(profile).filter((name) => {
          const value = request.values[name] ?? '';
          return value !== '' && !isSecretRef(value);
        })
      : [];
    return count + secrets.length;
  }, 0);
}

/** Two lists of follow-ups that send the same requests, whatever their ids. */
function sameFollowUps(a: readonly FollowUpRequest[], b: readonly FollowUpRequest[]): boolean {
  const strip = (list: readonly FollowUpRequest[]) => JSON.stringify(list.map(({ id: _id, ...rest }) => rest));
  return strip(a) === strip(b);
}

function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Follow-ups that fit the store's limits; the others are dropped, each with a warning that names
 * it and says why. An import never writes what the next start would have to set aside.
 */
function fittingFollowUps(request: PlannedRequest, warnings: string[]): FollowUpRequest[] {
  const fitting = request.followUps.filter((followUp) => {
    const result = followUpRequestSchema.safeParse(followUp);
    if (!result.success)
      warnings.push(
        `"${request.name}": the request "${followUp.name}" was left out: ${describeIssue(result.error.issues[0])}.`,
      );
    return result.success;
  });
  if (fitting.length > MAX_FOLLOW_UPS)
    warnings.push(`"${request.name}": only the first ${MAX_FOLLOW_UPS} of its ${fitting.length} requests were kept.`);
  return fitting.slice(0, MAX_FOLLOW_UPS);
}

/** The record if it fits its schema; otherwise a warning naming it and what does not fit. */
function fitting<T>(schema: z.ZodType<T>, record: T, what: string, warnings: string[]): T | undefined {
  const result = schema.safeParse(record);
  if (result.success) return result.data;
  warnings.push(`${what} was not imported: ${describeIssue(result.error.issues[0])}.`);
  return undefined;
}

interface Staged {
  environments: Environment[];
  requests: SavedRequest[];
  /** Sealed secret values by reference. */
  sealed: Record<string, string>;
  requestIds: string[];
  changedRequests: number;
  changedEnvironments: number;
  secrets: number;
  warnings: string[];
}

function stageEnvironment(
  planned: PlannedEnvironment,
  existing: readonly Environment[],
  warnings: string[],
): { environment: Environment; changed: boolean } | undefined {
  const name = planned.name.slice(0, 200) || 'Imported';
  const variables = Object.fromEntries(
    Object.entries(planned.variables).filter(([key, value]) => {
      const fits = key.length <= 100 && value.length <= 8 * 1024;
      if (!fits)
        warnings.push(`Environment "${name}": the variable "${key.slice(0, 100)}" was left out: longer than 8 KB.`);
      return fits;
    }),
  );
  const match = existing.find((candidate) => candidate.profileId === planned.profileId && candidate.name === name);
  const environment = fitting(
    environmentSchema,
    { id: match?.id ?? randomUUID(), profileId: planned.profileId, name, values: planned.values, variables },
    `Environment "${name}"`,
    warnings,
  );
  if (!environment) return undefined;
  const changed =
    !match || !sameValues(match.values, environment.values) || !sameValues(match.variables, environment.variables);
  return { environment, changed };
}

/**
 * Works out everything an import will write, without writing: each record checked against the
 * store's schema, secrets sealed. Re-importing matches what is there by folder, name and profile
 * (environments by profile and name), so the same file imported twice changes nothing the second time.
 */
async function stage(deps: ApplyImportDeps, plan: ImportPlan): Promise<Staged> {
  const { workspace, vault, profiles, signal } = deps;
  const now = (deps.now?.() ?? new Date()).toISOString();
  const warnings = [...plan.warnings];
  const staged: Staged = {
    environments: [],
    requests: [],
    sealed: {},
    requestIds: [],
    changedRequests: 0,
    changedEnvironments: 0,
    secrets: 0,
    warnings,
  };
  const environmentIds = new Map<string, string>();
  for (const planned of plan.environments) {
    const result = stageEnvironment(planned, workspace.environments(), warnings);
    if (!result) continue;
    environmentIds.set(planned.key, result.environment.id);
    if (result.changed) {
      staged.environments.push(result.environment);
      staged.changedEnvironments++;
    }
  }
  const existing = new Map(
    workspace.requests().map((request) => [`${request.folder}\n${request.name}\n${request.profileId}`, request]),
  );
  const nextOrder = new Map<string, number>();
  for (const [index, planned] of plan.requests.entries()) {
    if (index % SLICE === SLICE - 1) {
      await nextTurn();
      cancelled(signal);
    }
    const profile = profiles.find((candidate) => candidate.id === planned.profileId);
    if (!profile) {
      warnings.push(`"${planned.name}" was not imported: there is no provider profile "${planned.profileId}".`);
      continue;
    }
    const name = planned.name.slice(0, 200) || profile.name;
    const folder = planned.folder.slice(0, 200);
    const match = existing.get(`${folder}\n${name}\n${profile.id}`);
    const id = match?.id ?? randomUUID();
    const secretNames = secretFieldsOf(profile);
    const values = Object.fromEntries(Object.entries(planned.values).filter(([field]) => !secretNames.includes(field)));
    const followUps = fittingFollowUps(planned, warnings);
    const environmentId = planned.environmentKey ? environmentIds.get(planned.environmentKey) : match?.environmentId;
    const secrets: Record<string, string> = {};
    // A reference is not a secret: it goes into the request's file. A plain value ends the one it had.
    const refs = new Map(Object.entries(match?.refs ?? {}));
    for (const field of secretNames) {
      const value = planned.values[field] ?? '';
      if (value === '') continue;
      if (isSecretRef(value)) {
        refs.set(field, value);
        continue;
      }
      refs.delete(field);
      const ref = secretRef({ kind: 'request', id }, field);
      if (match && vault.has(ref) && (await vault.get(ref).catch(() => undefined)) === value) continue;
      secrets[ref] = value;
    }
    const order = match?.order ?? nextOrder.get(folder) ?? workspace.nextOrder(folder);
    if (!match) nextOrder.set(folder, order + 1);
    const request = fitting(
      savedRequestSchema,
      {
        id,
        name,
        folder,
        order,
        profileId: profile.id,
        ...(environmentId ? { environmentId } : {}),
        values,
        secretFields: secretNames.filter(
          (field) => !refs.has(field) && ((planned.values[field] ?? '') !== '' || match?.secretFields.includes(field)),
        ),
        ...(refs.size > 0 ? { refs: Object.fromEntries(refs) } : {}),
        // A re-import keeps the follow-ups' ids, which each import makes anew.
        followUps: match && sameFollowUps(match.followUps, followUps) ? match.followUps : followUps,
        createdAt: match?.createdAt ?? now,
        updatedAt: now,
      },
      `"${name}"`,
      warnings,
    );
    if (!request) continue;
    staged.requestIds.push(id);
    const unchanged =
      match &&
      Object.keys(secrets).length === 0 &&
      sameValues(match.values, request.values) &&
      match.environmentId === request.environmentId &&
      sameFollowUps(match.followUps, request.followUps) &&
      match.secretFields.join() === request.secretFields.join() &&
      sameValues(match.refs ?? {}, request.refs ?? {});
    if (unchanged) continue;
    for (const [ref, value] of Object.entries(secrets)) staged.sealed[ref] = await vault.seal(value, ref);
    staged.secrets += Object.keys(secrets).length;
    staged.requests.push(match ? { ...request, updatedAt: now } : request);
    staged.changedRequests++;
  }
  return staged;
}

/**
 * Stores a plan as one transaction: everything is staged first (checked, sealed), then written
 * with one atomic write of the store, so an import is all there or not at all, even when killed,
 * and Ctrl-C before the write leaves the store as it was. Secret values go to the vault, never to
 * the store; with secrets to keep and no open vault nothing is stored at all.
 */
export async function applyImportPlan(deps: ApplyImportDeps, plan: ImportPlan): Promise<ImportSummary> {
  const secrets = secretCount(plan, deps.profiles);
  if (secrets > 0 && !deps.vault.unlocked) {
    const setUp = deps.vault.state().protection !== null;
    throw new AppError(
      setUp ? 'VAULT_LOCKED' : 'VAULT_NEEDS_SETUP',
      `The import holds ${secrets} secret(s), and the vault is ${setUp ? 'locked' : 'not set up'}.`,
      { hint: setUp ? 'Unlock the vault, then import again.' : 'Choose a vault passphrase, then import again.' },
    );
  }
  const staged = await stage(deps, plan);
  cancelled(deps.signal);
  deps.workspace.commitImport({
    environments: staged.environments,
    requests: staged.requests,
    sealed: staged.sealed,
  });
  return {
    kind: plan.kind,
    requests: staged.changedRequests,
    unchanged: staged.requestIds.length - staged.changedRequests,
    environments: staged.changedEnvironments,
    secrets: staged.secrets,
    warnings: staged.warnings,
    requestIds: staged.requestIds,
  };
}

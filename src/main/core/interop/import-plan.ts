import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { Profile } from '../../../shared/domain/profile.ts';
import type { FollowUpRequest } from '../../../shared/domain/workspace.ts';
import type { Vault } from '../vault/vault.ts';
import type { Workspace } from '../workspace/workspace.ts';

export type ImportKind = 'curl' | 'postman' | 'postman-environment' | 'openapi';

/** A saved request to create, with every field value: secret ones too (this stays in main). */
export interface PlannedRequest {
  name: string;
  folder: string;
  profileId: string;
  values: Record<string, string>;
  followUps: FollowUpRequest[];
  /** The key of a planned environment it runs with. */
  environmentKey?: string;
}

export interface PlannedEnvironment {
  key: string;
  profileId: string;
  name: string;
  values: Record<string, string>;
  variables: Record<string, string>;
}

/**
 * What an importer found, in Tokensmith's terms, before anything is stored: every importer
 * produces one and {@link applyImportPlan} stores it, so secrets take one path into the vault.
 */
export interface ImportPlan {
  kind: ImportKind;
  requests: PlannedRequest[];
  environments: PlannedEnvironment[];
  warnings: string[];
}

export interface ImportSummary {
  kind: ImportKind;
  requests: number;
  environments: number;
  /** Secret field values that went to the vault. */
  secrets: number;
  warnings: string[];
  /** The ids of the saved requests created, in order. */
  requestIds: string[];
}

/** Names that say a value is a credential: such values never go where the store keeps them in clear. */
export const SECRET_NAME = /secret|passw|token|api[-_]?key|apikey|assertion|credential|cookie|signature|private/i;

/**
 * Sample values in documentation (`<insert_token_here>`, `APP_CONSUMER_KEY`, `{{token}}`, `$TOKEN`):
 * they stand for a value the user has, so they are never taken for the value itself.
 */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return (
    trimmed === '' ||
    /^<[^<>]*>$/.test(trimmed) ||
    /^\{\{[^{}]*\}\}$/.test(trimmed) ||
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(trimmed) ||
    /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(trimmed)
  );
}

/** Numbers requests that would share a name within their folder: "Kaisa token", "Kaisa token (2)". */
export function uniqueNames(requests: PlannedRequest[]): PlannedRequest[] {
  const seen = new Map<string, number>();
  for (const request of requests) {
    const key = `${request.folder}\n${request.name}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 1) request.name = `${request.name} (${count})`;
  }
  return requests;
}

export function newFollowUp(input: Omit<FollowUpRequest, 'id'>): FollowUpRequest {
  return { id: randomUUID(), ...input, name: input.name.slice(0, 200) || 'Request' };
}

function secretCount(plan: ImportPlan, profiles: readonly Profile[]): number {
  return plan.requests.reduce((count, request) => {
    const profile = profiles.find((candidate) => candidate.id === request.profileId);
    const secrets = profile?.fields.filter(
      (field) => field.type === 'secret' && (request.values[field.name] ?? '') !== '',
    );
    return count + (secrets?.length ?? 0);
  }, 0);
}

/**
 * Stores a plan through the workspace: secret values go to the vault with the saved request (never
 * to the store), environments first so requests can name them. With secrets to keep and no open
 * vault nothing is stored at all, so an import never half-happens.
 */
export async function applyImportPlan(
  deps: { workspace: Workspace; vault: Vault; profiles: readonly Profile[] },
  plan: ImportPlan,
): Promise<ImportSummary> {
  const secrets = secretCount(plan, deps.profiles);
  if (secrets > 0 && !deps.vault.unlocked) {
    const setUp = deps.vault.state().protection !== null;
    throw new AppError(
      setUp ? 'VAULT_LOCKED' : 'VAULT_NEEDS_SETUP',
      `The import holds ${secrets} secret(s), and the vault is ${setUp ? 'locked' : 'not set up'}.`,
      { hint: setUp ? 'Unlock the vault, then import again.' : 'Choose a vault passphrase, then import again.' },
    );
  }
  const environmentIds = new Map<string, string>();
  for (const environment of plan.environments) {
    const saved = deps.workspace.saveEnvironment({
      id: randomUUID(),
      profileId: environment.profileId,
      name: environment.name.slice(0, 200) || 'Imported',
      values: environment.values,
      variables: environment.variables,
    });
    environmentIds.set(environment.key, saved.id);
  }
  const requestIds: string[] = [];
  for (const request of plan.requests) {
    const environmentId = request.environmentKey ? environmentIds.get(request.environmentKey) : undefined;
    const saved = await deps.workspace.saveRequest({
      name: request.name.slice(0, 200),
      folder: request.folder.slice(0, 200),
      profileId: request.profileId,
      environmentId,
      values: request.values,
      followUps: request.followUps.slice(0, 100),
      fromDraft: false,
    });
    requestIds.push(saved.id);
  }
  return {
    kind: plan.kind,
    requests: plan.requests.length,
    environments: plan.environments.length,
    secrets,
    warnings: plan.warnings,
    requestIds,
  };
}

/** A value a document gives as text: numbers and booleans as written, objects as JSON, nothing as ''. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

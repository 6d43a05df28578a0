import { randomUUID } from 'node:crypto';
import type { Profile } from '../../../shared/domain/profile.ts';
import type { FollowUpRequest } from '../../../shared/domain/workspace.ts';

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
 * produces one and `applyImportPlan` (apply-import.ts) stores it, so secrets take one path into the vault.
 */
/** What every importer is given: the values of the importer's variables, and the profiles to recognise providers by. */
export interface ImportOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** The core's profiles; the built-in ones when absent. */
  profiles?: readonly Profile[] | undefined;
}

export interface ImportPlan {
  kind: ImportKind;
  requests: PlannedRequest[];
  environments: PlannedEnvironment[];
  warnings: string[];
}

export interface ImportSummary {
  kind: ImportKind;
  /** Saved requests created or changed. */
  requests: number;
  /** Saved requests the store already held just so (a re-import). */
  unchanged: number;
  environments: number;
  /** Secret field values that went to the vault. */
  secrets: number;
  warnings: string[];
  /** The ids of the saved requests of the import, in order: created, changed or unchanged. */
  requestIds: string[];
}

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

/** Numbers requests that would share a name within their folder: "Acme token", "Acme token (2)". */
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

/** A value a document gives as text: numbers and booleans as written, objects as JSON, nothing as ''. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

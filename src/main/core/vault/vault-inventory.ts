import type { FieldDef, Profile } from '../../../shared/domain/profile.ts';
import { secretKindOf, type VaultEntry } from '../../../shared/domain/vault-inventory.ts';
import type { Environment, SavedRequest } from '../../../shared/domain/workspace.ts';
import type { Vault } from './vault.ts';

/** A `ref+…` value names where a secret is kept elsewhere (vals-style references); it is not a secret itself. */
export const REFERENCE_PREFIX = 'ref+';

export interface InventorySources {
  vault: Vault;
  requests: readonly SavedRequest[];
  environments: readonly Environment[];
  profiles: readonly Profile[];
}

/** The parts of a vault reference: `request:<id>/<field>` or `draft:<profile>/<field>`. */
export function parseSecretRef(ref: string): { scope: 'request' | 'draft'; id: string; field: string } | undefined {
  const match = /^(request|draft):(.+)\/([^/]+)$/.exec(ref);
  if (!match) return undefined;
  return { scope: match[1] as 'request' | 'draft', id: match[2]!, field: match[3]! };
}

function secretField(profile: Profile | undefined, name: string): FieldDef | undefined {
  return profile?.fields.find((field) => field.name === name && field.type === 'secret');
}

/**
 * Every secret Tokensmith holds, with whose it is and what it is, never its value: the sealed
 * entries of the vault, and the `ref+…` references written as plain values in saved requests and
 * environments. An entry that no saved request, environment or profile uses any more is a leftover.
 */
export function vaultInventory(sources: InventorySources): VaultEntry[] {
  const { vault, profiles } = sources;
  const profileOf = (id: string): Profile | undefined => profiles.find((profile) => profile.id === id);
  const requests = new Map(sources.requests.map((request) => [request.id, request]));
  const sealed = vault.refs().map((ref): VaultEntry => {
    const parsed = parseSecretRef(ref);
    const request = parsed?.scope === 'request' ? requests.get(parsed.id) : undefined;
    const profile = parsed?.scope === 'draft' ? profileOf(parsed.id) : request && profileOf(request.profileId);
    const field = parsed && secretField(profile, parsed.field);
    const owner: VaultEntry['owner'] =
      request && field
        ? {
            kind: 'request',
            id: request.id,
            name: request.folder ? `${request.folder} / ${request.name}` : request.name,
          }
        : parsed?.scope === 'draft' && profile && field
          ? { kind: 'draft', id: profile.id, name: `New ${profile.name} request` }
          : { kind: 'none', id: parsed?.id ?? '', name: ref };
    return {
      ref,
      owner,
      field: parsed?.field ?? ref,
      fieldLabel: field?.label ?? parsed?.field ?? ref,
      kind: secretKindOf(field ?? { name: parsed?.field ?? ref, label: '' }),
      origins: [...vault.originsOf(ref)],
      ...vault.metaOf(ref),
      protection: vault.protectionOf(ref),
      leftover: owner.kind === 'none',
    };
  });
  return [...sealed, ...references(sources, profileOf)];
}

/** The `ref+…` values of secret fields written in saved requests and environments. */
function references(sources: InventorySources, profileOf: (id: string) => Profile | undefined): VaultEntry[] {
  const holders = [
    ...sources.requests.map((request) => ({
      owner: {
        kind: 'request' as const,
        id: request.id,
        name: request.folder ? `${request.folder} / ${request.name}` : request.name,
      },
      profileId: request.profileId,
      // A reference written in the request's file (refs:), or by hand among its values.
      values: { ...request.values, ...request.refs },
    })),
    ...sources.environments.map((environment) => ({
      owner: { kind: 'environment' as const, id: environment.id, name: environment.name },
      profileId: environment.profileId,
      values: environment.values,
    })),
  ];
  return holders.flatMap(({ owner, profileId, values }) =>
    Object.entries(values).flatMap(([name, value]): VaultEntry[] => {
      if (!value.startsWith(REFERENCE_PREFIX)) return [];
      const field = profileOf(profileId)?.fields.find((candidate) => candidate.name === name);
      return [
        {
          ref: `${owner.kind}:${owner.id}/${name}`,
          owner,
          field: name,
          fieldLabel: field?.label ?? name,
          kind: secretKindOf(field ?? { name, label: '' }),
          origins: [],
          protection: 'reference',
          leftover: false,
          reference: value,
        },
      ];
    }),
  );
}

/** The references of a saved request's secrets in the vault. */
export function refsOfRequest(vault: Vault, requestId: string): string[] {
  return vault.refs().filter((ref) => {
    const parsed = parseSecretRef(ref);
    return parsed?.scope === 'request' && parsed.id === requestId;
  });
}

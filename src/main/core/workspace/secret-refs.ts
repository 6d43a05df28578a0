/** Where a secret field's value lives in the vault: a saved request's, or the scratch form's of a profile. */
export type SecretScope = { kind: 'request'; id: string } | { kind: 'draft'; profileId: string };

export function scopePrefix(scope: SecretScope): string {
  return scope.kind === 'request' ? `request:${scope.id}/` : `draft:${scope.profileId}/`;
}

export function secretRef(scope: SecretScope, field: string): string {
  return `${scopePrefix(scope)}${field}`;
}

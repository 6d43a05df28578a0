import type { Profile } from '../../../shared/domain/profile.ts';
import type { CompiledRequest } from '../../../shared/flow/compile.ts';
import { secretRef, type SecretScope } from '../workspace/secret-refs.ts';
import type { Vault } from './vault.ts';

/** A secret the vault holds for a run's request: its reference, and its value (in memory only). */
export interface VaultSecret {
  ref: string;
  value: string;
}

/**
 * The secrets the vault holds for a scope's secret fields, opened. One this session cannot open
 * is left out: the run then cannot send it either.
 */
export async function vaultSecretsOf(options: {
  vault: Vault;
  scope: SecretScope;
  profile: Profile;
}): Promise<VaultSecret[]> {
  const { vault, scope, profile } = options;
  const secrets: VaultSecret[] = [];
  for (const field of profile.fields) {
    const ref = secretRef(scope, field.name);
    if (field.type !== 'secret' || !vault.has(ref)) continue;
    const value = await vault.get(ref, field.label).catch(() => undefined);
    if (value !== undefined && value !== '') secrets.push({ ref, value });
  }
  return secrets;
}

/**
 * A flow's `beforeSend` that records, for the Vault view's "last used", each of the vault's secrets
 * a request is about to carry, as the app's grants do (secret-origins.ts). A value given for this
 * run instead (`--set`, an environment variable) is not the vault's and is not counted. The vault
 * writes the store at most once a minute per secret.
 */
export function recordSecretUse(
  vault: Vault,
  secrets: readonly VaultSecret[],
): (request: CompiledRequest) => Promise<void> {
  return ({ secrets: carried }) => {
    const sent = secrets.filter((secret) => carried.some((binding) => binding.value === secret.value));
    vault.markUsed(sent.map((secret) => secret.ref));
    return Promise.resolve();
  };
}

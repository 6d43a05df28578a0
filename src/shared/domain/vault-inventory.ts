import { z } from 'zod';
import type { FieldDef } from './profile.ts';

/** What a secret is, in the words of the Vault view; derived from the field that holds it. */
export const SECRET_KINDS = [
  'client-secret',
  'password',
  'private-key',
  'certificate',
  'refresh-token',
  'api-token',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const SECRET_KIND_LABELS: Readonly<Record<SecretKind, string>> = {
  'client-secret': 'Client secret',
  password: 'Password',
  'private-key': 'Private key',
  certificate: 'Certificate',
  'refresh-token': 'Refresh token',
  'api-token': 'API token',
};

/**
 * The kind of a secret field, from its definition (name and label), so a new profile's fields are
 * recognised without naming the profile: a key or a certificate's key is a private key, a password
 * is a password (a certificate's too), a refresh token is one, any other token an API token, and
 * what is left (client secret, key secret) a client secret.
 */
export function secretKindOf(field: Pick<FieldDef, 'name' | 'label'>): SecretKind {
  const words = `${field.name} ${field.label}`.toLowerCase();
  if (words.includes('password') || words.includes('passphrase')) return 'password';
  if (/private ?key|signing key|certificate ?key|assertion ?key/.test(words)) return 'private-key';
  if (words.includes('certificate')) return 'certificate';
  if (/refresh ?token/.test(words)) return 'refresh-token';
  if (words.includes('token')) return 'api-token';
  return 'client-secret';
}

/** Where a secret belongs: a saved request, a profile's scratch form, an environment; or nothing any more. */
export const secretOwnerSchema = z.object({
  kind: z.enum(['request', 'draft', 'environment', 'none']),
  /** The saved request's or environment's id; the profile's for a scratch form. */
  id: z.string(),
  /** For people: the request's name, "New Kaisa request", the environment's name, or the reference itself. */
  name: z.string(),
});

/**
 * A secret of the vault as the Vault view and `tokensmith vault list` show it: whose it is, what
 * it is, where it may go, when it was set and used, and what protects it. Never the value.
 */
export const vaultEntrySchema = z.object({
  /** The vault's reference (`request:<id>/<field>`); for a `ref+` reference, where it is written. */
  ref: z.string(),
  owner: secretOwnerSchema,
  field: z.string(),
  fieldLabel: z.string(),
  kind: z.enum(SECRET_KINDS),
  /** The origins (scheme://host:port) it may be sent to without asking. */
  origins: z.array(z.string()),
  setAt: z.string().optional(),
  usedAt: z.string().optional(),
  /** What seals it; `reference` for a `ref+…` value, which the vault does not hold. */
  protection: z.enum(['keychain', 'passphrase', 'unknown', 'reference']),
  /** No saved request, environment or profile uses it any more. */
  leftover: z.boolean(),
  /** A `ref+…` reference, shown as it is written (it names where the secret is, not the secret). */
  reference: z.string().optional(),
});
export type VaultEntry = z.infer<typeof vaultEntrySchema>;

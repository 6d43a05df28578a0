import { AppError } from '../../../shared/domain/errors.ts';

/**
 * Every ciphertext Tokensmith stores is a string that names its format version and algorithm, so
 * the format can change later and an entry always says what can open it:
 * `tsv2.dk.<key id>.<base64url iv | ciphertext | tag>` (AES-256-GCM under the vault's data key,
 * which its key slots unwrap: data-key.ts), and, written by older versions and still read until the
 * vault moves them to the data key, `tsv2.os.<keychain backend>.<base64url>` (the operating system's
 * keychain through Electron safeStorage) or `tsv2.pw.<base64url>` (AES-256-GCM under the passphrase key).
 *
 * Version 2 binds each value to the reference it is stored under (AES-GCM additional data for the
 * passphrase; the reference sealed with the value for the keychain, whose API takes no additional
 * data), so two entries swapped in the store file no longer open. Version 1 values, sealed without
 * it, are still read: the vault seals them again as version 2 once it can open them.
 */
export type Envelope =
  | { version: 1 | 2; algorithm: 'os'; backend: string; payload: Buffer }
  | { version: 1 | 2; algorithm: 'pw'; payload: Buffer }
  | { version: 2; algorithm: 'dk'; keyId: string; payload: Buffer };

const PREFIXES: Record<string, 1 | 2> = { tsv1: 1, tsv2: 2 };

export function sealEnvelope(envelope: Envelope): string {
  const prefix = `tsv${envelope.version}`;
  const payload = envelope.payload.toString('base64url');
  if (envelope.algorithm === 'os') return `${prefix}.os.${envelope.backend}.${payload}`;
  if (envelope.algorithm === 'dk') return `${prefix}.dk.${envelope.keyId}.${payload}`;
  return `${prefix}.pw.${payload}`;
}

export function openEnvelope(text: string): Envelope {
  const parts = text.split('.');
  const version = PREFIXES[parts[0] ?? ''];
  if (version === undefined) {
    throw new AppError('VAULT_CORRUPTED', 'A stored secret has an unknown format.', {
      hint: 'It was written by another program or a newer Tokensmith; enter the secret again.',
    });
  }
  if (parts[1] === 'os' && parts.length === 4 && parts[2])
    return { version, algorithm: 'os', backend: parts[2], payload: Buffer.from(parts[3]!, 'base64url') };
  // The data key came with version 2: a tsv1.dk value was never written.
  if (parts[1] === 'dk' && version === 2 && parts.length === 4 && parts[2])
    return { version, algorithm: 'dk', keyId: parts[2], payload: Buffer.from(parts[3]!, 'base64url') };
  if (parts[1] === 'pw' && parts.length === 3)
    return { version, algorithm: 'pw', payload: Buffer.from(parts[2]!, 'base64url') };
  throw new AppError('VAULT_CORRUPTED', 'A stored secret is damaged.', { hint: 'Enter the secret again.' });
}

/** Who can open an envelope: `dk:<key id>`, `os:<backend>` or `pw`. */
export function envelopeOwner(text: string): string {
  const envelope = openEnvelope(text);
  if (envelope.algorithm === 'os') return `os:${envelope.backend}`;
  if (envelope.algorithm === 'dk') return `dk:${envelope.keyId}`;
  return 'pw';
}

/** True for a value sealed before values were bound to their reference (format version 1). */
export function isUnboundEnvelope(text: string): boolean {
  return text.startsWith('tsv1.');
}

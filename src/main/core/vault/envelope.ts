import { AppError } from '../../../shared/domain/errors.ts';

/**
 * Every ciphertext Tokensmith stores is a string that names its format version and algorithm, so
 * the format can change later and an entry always says what can open it:
 * `tsv1.os.<keychain backend>.<base64url>` (the operating system's keychain through Electron
 * safeStorage) or `tsv1.pw.<base64url iv | ciphertext | tag>` (AES-256-GCM under the passphrase key).
 */
export type Envelope =
  { version: 1; algorithm: 'os'; backend: string; payload: Buffer } | { version: 1; algorithm: 'pw'; payload: Buffer };

const PREFIX = 'tsv1';

export function sealEnvelope(envelope: Envelope): string {
  const payload = envelope.payload.toString('base64url');
  return envelope.algorithm === 'os' ? `${PREFIX}.os.${envelope.backend}.${payload}` : `${PREFIX}.pw.${payload}`;
}

export function openEnvelope(text: string): Envelope {
  const parts = text.split('.');
  if (parts[0] !== PREFIX) {
    throw new AppError('VAULT_CORRUPTED', 'A stored secret has an unknown format.', {
      hint: 'It was written by another program or a newer Tokensmith; enter the secret again.',
    });
  }
  if (parts[1] === 'os' && parts.length === 4 && parts[2])
    return { version: 1, algorithm: 'os', backend: parts[2], payload: Buffer.from(parts[3]!, 'base64url') };
  if (parts[1] === 'pw' && parts.length === 3)
    return { version: 1, algorithm: 'pw', payload: Buffer.from(parts[2]!, 'base64url') };
  throw new AppError('VAULT_CORRUPTED', 'A stored secret is damaged.', { hint: 'Enter the secret again.' });
}

/** Who can open an envelope: `os:<backend>` or `pw`. */
export function envelopeOwner(text: string): string {
  const envelope = openEnvelope(text);
  return envelope.algorithm === 'os' ? `os:${envelope.backend}` : 'pw';
}

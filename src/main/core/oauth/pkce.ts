import { createHash, randomBytes } from 'node:crypto';

/**
 * The S256 code challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * A fresh code verifier (32 random bytes, 43 base64url characters) and its S256 challenge.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

/** An unguessable, single-use `state`. @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 */
export function randomState(): string {
  return randomBytes(24).toString('base64url');
}

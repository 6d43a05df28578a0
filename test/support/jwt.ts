/** Builds a compact JWT from parts without signing, for decoder tests. */
export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function unsignedJwt(header: object, payload: object, signature = 'c2ln'): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${signature}`;
}

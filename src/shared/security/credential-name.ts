/** `accessToken`, `Access-Token`, `ACCESS_TOKEN` → `access_token`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** The last word of a name that makes its value a credential (`client_secret`, `X-Hub-Signature`). */
const CREDENTIAL_WORDS = new Set([
  'authorization',
  'cookie',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'token',
  'tokens',
  'verifier',
  'assertion',
  'signature',
  'credential',
  'credentials',
  'apikey',
  'private',
]);

/** Keys that are credentials; a bare `key` is too common a name to be one by itself. */
const CREDENTIAL_KEY = /(^|_)(api|private|secret|access|signing)_key$/;

/**
 * Whether a field, header, parameter or variable of this name holds a credential, whatever its
 * value looks like: the one rule for what the log redacts, what reports mask wholesale and what an
 * import withholds. It goes by the name's last word, so `token_type` and `tokenUrl` are not.
 */
export function isCredentialName(name: string): boolean {
  const key = snakeCase(name);
  return CREDENTIAL_WORDS.has(key.split('_').at(-1) ?? '') || CREDENTIAL_KEY.test(key);
}

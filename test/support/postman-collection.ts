/**
 * A Postman Collection v2.1 of `count` requests, each with an OAuth 2.0 client credentials auth
 * block of its own (so each becomes a saved request with its secret): what the import, storage and
 * workspace tests and the import benchmark feed Tokensmith.
 */
export function oauthCollection(options: {
  count: number;
  /** Names the collection and its items: "<name> 0", "<name> 1", … */
  name?: string;
  tokenUrl?: string;
  clientId?: (index: number) => string;
  secret?: (index: number) => string;
  /** client_authentication: where the client sends its credentials. */
  clientAuthentication?: 'header' | 'body';
}): string {
  const name = options.name ?? 'Item';
  return JSON.stringify({
    info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: Array.from({ length: options.count }, (_, index) => ({
      name: `${name} ${index}`,
      request: {
        method: 'GET',
        url: `https://api.example/${encodeURIComponent(name)}/${index}`,
        auth: {
          type: 'oauth2',
          oauth2: [
            { key: 'grant_type', value: 'client_credentials' },
            { key: 'accessTokenUrl', value: options.tokenUrl ?? 'https://auth.example/oauth2/token' },
            { key: 'clientId', value: options.clientId?.(index) ?? `${name}-client-${index}` },
            { key: 'clientSecret', value: options.secret?.(index) ?? `${name}-secret-${index}-0123456789` },
            ...(options.clientAuthentication
              ? [{ key: 'client_authentication', value: options.clientAuthentication }]
              : []),
          ],
        },
      },
    })),
  });
}

import type { ClientAuth, ClientAuthRequest } from './client-auth.ts';

function inBody({ clientId, secret, fields }: ClientAuthRequest): void {
  fields.push(['client_id', clientId], ['client_secret', secret()]);
}

/**
 * `client_secret_post`: the client ID and secret as members of the form body.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export const clientSecretPost: ClientAuth = { apply: inBody };

/** The same members in a JSON body, for the APIs that take their token request as JSON. */
export const clientSecretJson: ClientAuth = { encoding: 'json', apply: inBody };

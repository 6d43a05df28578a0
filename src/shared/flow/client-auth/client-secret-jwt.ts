import { clientAssertionFields, type ClientAuth } from './client-auth.ts';

/**
 * `client_secret_jwt`: a JWT signed with the client secret (HMAC) stands for the client.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export const clientSecretJwt: ClientAuth = { signs: 'client_secret_jwt', apply: clientAssertionFields };

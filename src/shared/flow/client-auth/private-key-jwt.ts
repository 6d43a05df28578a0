import { clientAssertionFields, type ClientAuth } from './client-auth.ts';

/**
 * `private_key_jwt`: a JWT signed with the client's private key stands for the client.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export const privateKeyJwt: ClientAuth = { signs: 'private_key_jwt', apply: clientAssertionFields };

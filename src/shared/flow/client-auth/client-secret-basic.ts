import { formEncode } from '../../domain/http.ts';
import { basicAuthorization } from '../../security/basic-auth.ts';
import type { ClientAuth } from './client-auth.ts';

/**
 * `client_secret_basic`: the client ID and secret in an HTTP Basic header.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export const clientSecretBasic: ClientAuth = {
  apply({ clientId, secret, headers }) {
    // Both parts are form-encoded before they are joined and base64-encoded.
    headers.push(['Authorization', basicAuthorization(formEncode(clientId), formEncode(secret()))]);
  },
};

import { clientIdOnly, type ClientAuth } from './client-auth.ts';

/**
 * `self_signed_tls_client_auth`: the TLS connection authenticates the client with a self-signed
 * certificate it registered; the body carries only the ID.
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-2.2
 */
export const selfSignedTlsClientAuth: ClientAuth = { apply: clientIdOnly };

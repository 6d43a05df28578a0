import { clientIdOnly, type ClientAuth } from './client-auth.ts';

/**
 * `tls_client_auth`: the TLS connection authenticates the client with a CA-issued certificate;
 * the body carries only the ID.
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-2.1
 */
export const tlsClientAuth: ClientAuth = { apply: clientIdOnly };

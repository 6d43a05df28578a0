import { AppError } from '../../domain/errors.ts';
import { CLIENT_AUTH_METHODS, type ClientAuthMethod, type RequestTemplate } from '../../domain/profile.ts';
import type { ClientAuth } from './client-auth.ts';
import { clientSecretBasic } from './client-secret-basic.ts';
import { clientSecretJwt } from './client-secret-jwt.ts';
import { clientSecretJson, clientSecretPost } from './client-secret-post.ts';
import { none } from './none.ts';
import { privateKeyJwt } from './private-key-jwt.ts';
import { selfSignedTlsClientAuth } from './self-signed-tls-client-auth.ts';
import { tlsClientAuth } from './tls-client-auth.ts';

/** Each method a profile may name, by its short name and by its registered one. */
const CLIENT_AUTHS: Readonly<Record<ClientAuthMethod, ClientAuth>> = {
  basic: clientSecretBasic,
  client_secret_basic: clientSecretBasic,
  form: clientSecretPost,
  client_secret_post: clientSecretPost,
  json: clientSecretJson,
  private_key_jwt: privateKeyJwt,
  client_secret_jwt: clientSecretJwt,
  none,
  tls_client_auth: tlsClientAuth,
  self_signed_tls_client_auth: selfSignedTlsClientAuth,
};

/**
 * The client authentication of a request, resolved once: the profile's method, or the one the
 * user chose in the field it names. Undefined when the request authenticates no client.
 */
export function resolveClientAuth(
  template: RequestTemplate,
  render: (template: string) => string,
): ClientAuth | undefined {
  const method = template.clientAuth?.method;
  if (method === undefined) return undefined;
  if (typeof method === 'string') return CLIENT_AUTHS[method];
  const value = render(`{{${method.field}}}`);
  if (!(CLIENT_AUTH_METHODS as readonly string[]).includes(value)) {
    throw new AppError(
      'INVALID_FIELD',
      `Unknown client authentication "${value}"; choose one of ${CLIENT_AUTH_METHODS.join(', ')}.`,
      { field: method.field },
    );
  }
  return CLIENT_AUTHS[value as ClientAuthMethod];
}

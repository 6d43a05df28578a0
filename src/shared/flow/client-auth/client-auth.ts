import type { Pair } from '../../domain/http.ts';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What a client authentication method writes into a token endpoint request. */
export interface ClientAuthRequest {
  clientId: string;
  /** Rendered only by the methods that send it, so no other method records the secret. */
  secret: () => string;
  /** The client assertion signed for this very request (the JWT methods alone ask for it). */
  assertion: () => string;
  headers: Pair[];
  /** The body's fields, form or JSON. */
  fields: Pair[];
}

/**
 * One client authentication method, as oauth4webapi's `ClientAuth`: it adds the client's
 * credentials to the request. A new method is one file and one entry in `CLIENT_AUTHS`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */
export interface ClientAuth {
  /** For the JWT methods: the assertion to sign, before the request is compiled. */
  readonly signs?: 'private_key_jwt' | 'client_secret_jwt';
  /** A body format the method imposes whatever the template says. */
  readonly encoding?: 'json';
  apply(request: ClientAuthRequest): void;
}

/** The client assertion's members, for the JWT methods. */
export function clientAssertionFields({ clientId, assertion, fields }: ClientAuthRequest): void {
  fields.push(
    ['client_id', clientId],
    ['client_assertion_type', JWT_BEARER_ASSERTION],
    ['client_assertion', assertion()],
  );
}

/** Only the ID: the methods where something other than the body authenticates the client (or nothing). */
export function clientIdOnly({ clientId, fields }: ClientAuthRequest): void {
  fields.push(['client_id', clientId]);
}

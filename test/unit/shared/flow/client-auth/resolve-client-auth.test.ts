import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/domain/errors.ts';
import type { Pair } from '../../../../../src/shared/domain/http.ts';
import type { RequestTemplate } from '../../../../../src/shared/domain/profile.ts';
import { JWT_BEARER_ASSERTION } from '../../../../../src/shared/flow/client-auth/client-auth.ts';
import { resolveClientAuth } from '../../../../../src/shared/flow/client-auth/resolve-client-auth.ts';

const template = (method: NonNullable<RequestTemplate['clientAuth']>['method']): RequestTemplate => ({
  method: 'POST',
  url: 'https://as.example/token',
  clientAuth: { method, clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' },
});

/** What a method writes, and which of the secret and the assertion it asked for. */
function applied(method: Parameters<typeof template>[0], render: (text: string) => string = () => '') {
  const auth = resolveClientAuth(template(method), render);
  if (!auth) throw new Error('no client authentication');
  const headers: Pair[] = [];
  const fields: Pair[] = [];
  const asked: string[] = [];
  auth.apply({
    clientId: 'my client',
    secret: () => (asked.push('secret'), 's3cret'),
    assertion: () => (asked.push('assertion'), 'eyJ.signed.jwt'),
    headers,
    fields,
  });
  return { headers, fields, asked, signs: auth.signs, encoding: auth.encoding };
}

describe('client authentication strategies', () => {
  it('client_secret_basic sends a Basic header of the form-encoded ID and secret, nothing in the body', () => {
    const result = applied('client_secret_basic');
    expect(result.headers).toEqual([['Authorization', `Basic ${btoa('my+client:s3cret')}`]]);
    expect(result.fields).toEqual([]);
    expect(applied('basic')).toEqual(result);
  });

  it('client_secret_post puts the ID and secret in the body; json does so in a JSON body', () => {
    const result = applied('client_secret_post');
    expect(result.fields).toEqual([
      ['client_id', 'my client'],
      ['client_secret', 's3cret'],
    ]);
    expect(result.headers).toEqual([]);
    expect(result.encoding).toBeUndefined();
    expect(applied('form')).toEqual(result);
    expect(applied('json')).toEqual({ ...result, encoding: 'json' });
  });

  it.each(['private_key_jwt', 'client_secret_jwt'] as const)(
    '%s asks for its assertion to be signed and sends it',
    (method) => {
      const result = applied(method);
      expect(result.signs).toBe(method);
      expect(result.asked).toEqual(['assertion']);
      expect(result.fields).toEqual([
        ['client_id', 'my client'],
        ['client_assertion_type', JWT_BEARER_ASSERTION],
        ['client_assertion', 'eyJ.signed.jwt'],
      ]);
    },
  );

  it.each(['none', 'tls_client_auth', 'self_signed_tls_client_auth'] as const)(
    '%s sends only the client ID and never reads the secret',
    (method) => {
      const result = applied(method);
      expect(result).toEqual({
        headers: [],
        fields: [['client_id', 'my client']],
        asked: [],
        signs: undefined,
        encoding: undefined,
      });
    },
  );

  it('takes the method from the field the profile names, and refuses an unknown one naming that field', () => {
    expect(applied({ field: 'clientAuth' }, () => 'private_key_jwt').signs).toBe('private_key_jwt');
    let error: unknown;
    try {
      resolveClientAuth(template({ field: 'clientAuth' }), () => 'client_secret_carrier_pigeon');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'clientAuth' });
  });

  it('is undefined for a request that authenticates no client', () => {
    expect(resolveClientAuth({ method: 'GET', url: 'https://as.example/' }, () => '')).toBeUndefined();
  });
});

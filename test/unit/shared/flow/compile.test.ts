import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/domain/errors.ts';
import { defaultValues, type HttpStep } from '../../../../src/shared/domain/profile.ts';
import {
  compileRequest,
  fieldProblems,
  hasUserinfo,
  USER_AGENT,
  validateFields,
} from '../../../../src/shared/flow/compile.ts';
import { kaisa } from '../../../../src/shared/providers/kaisa.ts';

const values = { ...defaultValues(kaisa), clientId: 'client-1', clientSecret: 's3cret value' };
const step = kaisa.steps[0] as HttpStep;

function errorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('compileRequest (Kaisa)', () => {
  it('builds a form request to the default token URL with the secret as a binding', () => {
    const { spec, secrets } = compileRequest(kaisa, step.request, values);
    expect(spec.method).toBe('POST');
    expect(spec.url).toBe('https://auth.freespee.com/oauth2/token');
    expect(spec.headers).toEqual([
      ['User-Agent', USER_AGENT],
      ['Accept', 'application/json'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
    ]);
    expect(spec.body).toEqual({
      kind: 'form',
      fields: [
        ['grant_type', 'client_credentials'],
        ['client_id', 'client-1'],
        ['client_secret', 's3cret value'],
      ],
    });
    expect(secrets).toEqual([
      { variable: 'TOKENSMITH_KAISA_CLIENT_SECRET', value: 's3cret value', origin: 'field Client secret' },
    ]);
  });

  it('builds the JSON body of the provider page when bodyFormat is json', () => {
    const { spec } = compileRequest(kaisa, step.request, { ...values, bodyFormat: 'json' });
    expect(spec.headers).toContainEqual(['Content-Type', 'application/json']);
    expect(spec.body).toEqual({
      kind: 'json',
      text: '{"grant_type":"client_credentials","client_id":"client-1","client_secret":"s3cret value"}',
    });
  });

  it('does not expand placeholders inside values', () => {
    const { spec } = compileRequest(kaisa, step.request, { ...values, clientId: '{{clientSecret}}' });
    expect(spec.body.kind === 'form' && spec.body.fields).toContainEqual(['client_id', '{{clientSecret}}']);
  });

  it('rejects an unknown body format, naming the field', () => {
    const error = errorOf(() => compileRequest(kaisa, step.request, { ...values, bodyFormat: 'xml' }));
    expect(error.code).toBe('INVALID_FIELD');
    expect(error.field).toBe('bodyFormat');
  });
});

describe('validateFields', () => {
  it('names the first missing required field', () => {
    const error = errorOf(() => validateFields(kaisa, { ...values, clientSecret: '  ' }));
    expect(error.code).toBe('MISSING_FIELD');
    expect(error.field).toBe('clientSecret');
    expect(error.message).toBe('Client secret is required.');
  });

  it.each(['not a url', 'ftp://auth.freespee.com/token', 'javascript:alert(1)'])(
    'rejects %j as a token URL',
    (tokenUrl) => {
      const error = errorOf(() => validateFields(kaisa, { ...values, tokenUrl }));
      expect(error.code).toBe('INVALID_FIELD');
      expect(error.field).toBe('tokenUrl');
    },
  );

  it('rejects a value outside a select field’s options', () => {
    expect(errorOf(() => validateFields(kaisa, { ...values, bodyFormat: 'xml' })).field).toBe('bodyFormat');
  });
});

describe('a URL with user:password@ is refused where requests are built', () => {
  const caught = (run: () => unknown): AppError => {
    try {
      run();
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('nothing was refused');
  };

  it('validateFields: INVALID_FIELD naming the field by its label and where the credentials go', () => {
    const error = caught(() =>
      validateFields(kaisa, { ...values, tokenUrl: 'https://client-1:s3cret@api.example.com/token' }),
    );
    expect(error.toData()).toEqual({
      code: 'INVALID_FIELD',
      message: 'Token URL contains a user name or password; put them in Client ID and Client secret instead.',
      hint: 'Take "user:password@" out of Token URL.',
      field: 'tokenUrl',
    });
    expect(fieldProblems(kaisa, { ...values, tokenUrl: 'https://joe@api.example.com/token' })).toEqual({
      tokenUrl: 'Take "user:password@" out: credentials go in their own fields.',
    });
    expect(hasUserinfo('{{env.base}}/v1')).toBe(false);
    expect(hasUserinfo('https://api.example.com/v1?next=https://a:b@c')).toBe(false);
  });

  it('compileRequest: a URL no field validation saw (an earlier step found it) is refused too', () => {
    const template = { ...step.request, url: '{{steps.discover.token_endpoint}}' };
    const vars = new Map([['steps.discover.token_endpoint', { value: 'https://a:b@login.example.com/token' }]]);
    const error = caught(() => compileRequest(kaisa, template, values, vars));
    expect([error.code, error.message]).toEqual([
      'INVALID_FIELD',
      'The URL contains a user name or password; put them in Client ID and Client secret instead.',
    ]);
  });
});

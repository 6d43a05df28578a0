import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basicAuthorization, decodeBasic } from '../../../../src/shared/security/basic-auth.ts';
import { isCredentialName } from '../../../../src/shared/security/credential-name.ts';
import { MAX_IMPORT_BYTES } from '../../../../src/shared/security/import-limit.ts';
import { isLoopbackHost, LOOPBACK_HOSTS } from '../../../../src/shared/security/loopback.ts';

describe('isCredentialName: one rule for the log, the reports and the import', () => {
  it.each([
    'authorization',
    'Proxy-Authorization',
    'cookie',
    'Set-Cookie',
    'client_secret',
    'clientSecret',
    'password',
    'passphrase',
    'access_token',
    'refreshToken',
    'X-Auth-Token',
    'code_verifier',
    'client_assertion',
    'signature',
    'X-Hub-Signature',
    'credential',
    'X-Amz-Credential',
    'x-api-key',
    'apikey',
    'privateKey',
  ])('%s is a credential', (name) => expect(isCredentialName(name)).toBe(true));

  it.each(['token_type', 'tokenType', 'tokenUrl', 'expires_in', 'scope', 'code', 'key', 'grant_type', 'Accept'])(
    '%s is not',
    (name) => expect(isCredentialName(name)).toBe(false),
  );
});

describe('loopback hosts', () => {
  it('are 127.0.0.1, localhost and [::1], as new URL spells their hostnames', () => {
    for (const url of ['http://127.0.0.1:8080/cb', 'http://localhost/cb', 'http://[::1]:3000/cb'])
      expect(isLoopbackHost(new URL(url).hostname)).toBe(true);
    expect(LOOPBACK_HOSTS.localhost).toBe('127.0.0.1');
  });
  it('nothing else is, not even a name that starts like one', () => {
    for (const url of ['http://127.0.0.1.nip.io/', 'http://localhost.example/', 'http://10.0.0.1/', 'http://0.0.0.0/'])
      expect(isLoopbackHost(new URL(url).hostname)).toBe(false);
    expect(isLoopbackHost('constructor')).toBe(false);
  });
});

describe('HTTP Basic', () => {
  it('encodes UTF-8 and decodes what it encoded, colons in the password included', () => {
    expect(basicAuthorization('ü', 'p:w')).toBe(`Basic ${Buffer.from('ü:p:w').toString('base64')}`);
    fc.assert(
      fc.property(
        fc.string().filter((name) => !name.includes(':')),
        fc.string(),
        (username, password) => {
          expect(decodeBasic(basicAuthorization(username, password))).toEqual({ username, password });
        },
      ),
    );
  });
  it('reads no other scheme, and no value that is not UTF-8', () => {
    expect(decodeBasic('Bearer abc')).toBeUndefined();
    expect(decodeBasic(`Basic ${Buffer.from([0xff, 0x3a]).toString('base64')}`)).toBeUndefined();
  });
});

describe('the import limit', () => {
  it('is 5 MB', () => expect(MAX_IMPORT_BYTES).toBe(5 * 1024 * 1024));
});

import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellFetch } from '../../../../src/shared/refs/ref-shell.ts';
import { isSecretRef, parseSecretRef, refNeedsConsent } from '../../../../src/shared/refs/secret-ref.ts';
import { AppError } from '../../../../src/shared/domain/errors.ts';

function codeOf(text: string): string | undefined {
  try {
    parseSecretRef(text);
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

describe('parseSecretRef', () => {
  it('reads backend, path, params and fragment', () => {
    expect(parseSecretRef('ref+kdbx:///home/me/team.kdbx?field=UserName&keyfile=~/k.key#Kaisa/Prod')).toEqual({
      text: 'ref+kdbx:///home/me/team.kdbx?field=UserName&keyfile=~/k.key#Kaisa/Prod',
      backend: 'kdbx',
      path: '/home/me/team.kdbx',
      params: { field: 'UserName', keyfile: '~/k.key' },
      fragment: 'Kaisa/Prod',
    });
    expect(parseSecretRef('ref+pass://kaisa/client-secret')).toMatchObject({
      backend: 'pass',
      path: 'kaisa/client-secret',
    });
    expect(parseSecretRef('ref+file://~/s.json#/a/b')).toMatchObject({ path: '~/s.json', fragment: '/a/b' });
    expect(parseSecretRef('ref+op://Team/Kaisa/password')).toMatchObject({
      backend: 'op',
      path: 'Team/Kaisa/password',
    });
    expect(parseSecretRef('ref+env://API_SECRET')).toMatchObject({ backend: 'env', path: 'API_SECRET' });
  });

  it('refuses what it cannot read, with REF_INVALID', () => {
    for (const bad of [
      'ref+vault://x',
      'ref+env://not a name',
      'ref+file://relative/path',
      'ref+kdbx:///a.kdbx',
      'ref+pass:///abs',
      'ref+pass://../x',
      'ref+op://only/two',
      'ref+file:///x#not-a-pointer',
      'ref+env://',
    ]) {
      expect(codeOf(bad), bad).toBe('REF_INVALID');
    }
  });

  it('tells references from values; only env needs no approval', () => {
    expect(isSecretRef('ref+pass://x')).toBe(true);
    expect(isSecretRef('my ref+pass://x')).toBe(false);
    expect(isSecretRef('s3cret')).toBe(false);
    expect(refNeedsConsent(parseSecretRef('ref+env://X'))).toBe(false);
    expect(refNeedsConsent(parseSecretRef('ref+file:///x'))).toBe(true);
    expect(refNeedsConsent(parseSecretRef('ref+pass://x'))).toBe(true);
  });
});

describe('shellFetch', () => {
  it('writes the command each backend needs', () => {
    expect(shellFetch('ref+pass://kaisa/secret')).toBe('"$(pass show kaisa/secret | head -n 1)"');
    expect(shellFetch('ref+kdbx:///t/team.kdbx#Kaisa/Prod')).toBe(
      '"$(keepassxc-cli show -s -a Password /t/team.kdbx Kaisa/Prod)"',
    );
    expect(shellFetch('ref+kdbx:///t/team.kdbx?keyfile=~/k.keyx#Kaisa/Prod')).toBe(
      '"$(keepassxc-cli show --no-password -k "$HOME"/k.keyx -s -a Password /t/team.kdbx Kaisa/Prod)"',
    );
    expect(shellFetch('ref+op://Team/Kaisa/password')).toBe('"$(op read op://Team/Kaisa/password)"');
    expect(shellFetch('ref+env://NAME')).toBe('"$NAME"');
    expect(shellFetch('ref+file://~/my secret')).toBe(`"$(cat "$HOME"/'my secret')"`);
    expect(shellFetch('ref+file:///x.json#/a')).toBeUndefined();
  });

  it('passes any entry path to the program as one argument, unexpanded (bash)', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((s) => !/[\0#?\n]/.test(s) && !s.startsWith('/') && !s.split('/').includes('..')),
        (entry) => {
          const fetch = shellFetch(`ref+pass://${entry}`)!;
          // `pass` replaced by printf: what the program would get as its second argument.
          const got = execFileSync('bash', ['-c', `pass() { printf '%s' "$2"; }; printf '%s' ${fetch}`], {
            encoding: 'utf8',
          });
          expect(got).toBe(entry.split('\n')[0]);
        },
      ),
      { numRuns: 25 },
    );
  });
});

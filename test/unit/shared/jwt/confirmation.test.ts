import { describe, expect, it } from 'vitest';
import { confirmationChecks } from '../../../../src/shared/jwt/confirmation.ts';

describe('confirmationChecks', () => {
  it('compares cnf.jkt with the DPoP key and cnf.x5t#S256 with the certificate the token is kept with', () => {
    expect(confirmationChecks({ jkt: 'key-a' }, { jkt: 'key-a' })).toEqual([
      {
        member: 'jkt',
        label: 'DPoP key (cnf.jkt)',
        value: 'key-a',
        matches: true,
        detail: 'Matches the DPoP key this token is kept with.',
      },
    ]);
    expect(confirmationChecks({ 'x5t#S256': 'cert-b' }, { x5tS256: 'cert-c' })).toEqual([
      expect.objectContaining({
        member: 'x5t#S256',
        matches: false,
        detail: 'Does not match the client certificate this token is kept with (cert-c).',
      }),
    ]);
  });

  it('says when the ledger keeps no such key, or the token is not in the ledger', () => {
    expect(confirmationChecks({ jkt: 'key-a' }, {})[0]).toMatchObject({
      matches: false,
      detail: 'The ledger holds no DPoP key for this token: no request can prove it.',
    });
    const loose = confirmationChecks({ jkt: 'key-a' }, undefined)[0]!;
    expect(loose.matches).toBeUndefined();
  });

  it('finds nothing in a token without cnf, or with members it does not know', () => {
    expect(confirmationChecks(undefined, { jkt: 'x' })).toEqual([]);
    expect(confirmationChecks({ jwk: {} }, { jkt: 'x' })).toEqual([]);
  });
});

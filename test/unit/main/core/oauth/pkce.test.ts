import { describe, expect, it } from 'vitest';
import { createPkce, randomState, s256Challenge } from '../../../../../src/main/core/oauth/pkce.ts';

/** RFC 7636 §4.1: 43–128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
const UNRESERVED_43 = /^[A-Za-z0-9\-._~]{43}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('PKCE S256 (RFC 7636)', () => {
  it('matches the Appendix B example', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates a 43-character verifier of unreserved characters and its S256 challenge, unpadded', () => {
    const { verifier, challenge } = createPkce();
    expect(verifier).toMatch(UNRESERVED_43);
    expect(challenge).toHaveLength(43);
    expect(challenge).toMatch(BASE64URL);
    expect(challenge).toBe(s256Challenge(verifier));
    expect(challenge).not.toBe(verifier);
  });

  it('never repeats a verifier', () => {
    const verifiers = new Set(Array.from({ length: 200 }, () => createPkce().verifier));
    expect(verifiers.size).toBe(200);
  });
});

describe('randomState', () => {
  it('is 24 random bytes in base64url (32 characters), never repeated', () => {
    const states = Array.from({ length: 200 }, () => randomState());
    for (const state of states) {
      expect(state).toHaveLength(32);
      expect(state).toMatch(BASE64URL);
    }
    expect(new Set(states).size).toBe(200);
  });
});

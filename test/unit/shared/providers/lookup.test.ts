import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/domain/errors.ts';
import type { Profile } from '../../../../src/shared/domain/profile.ts';
import { findProfile, PROFILES, requireProfile } from '../../../../src/shared/providers/index.ts';

const custom: Profile = { ...PROFILES[0]!, id: 'custom', name: 'Custom' };

describe('profile lookup', () => {
  it('finds a built-in profile by id, or undefined', () => {
    expect(findProfile(PROFILES[1]!.id)).toBe(PROFILES[1]);
    expect(findProfile('no-such-provider')).toBeUndefined();
  });

  it('looks among the profiles it is given, not the built-in ones', () => {
    expect(findProfile('custom', [custom])).toBe(custom);
    expect(findProfile(PROFILES[0]!.id, [custom])).toBeUndefined();
  });

  it('requireProfile throws UNKNOWN_PROFILE naming the id', () => {
    expect(requireProfile('custom', [custom])).toBe(custom);
    let thrown: unknown;
    try {
      requireProfile('nope', [custom]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('UNKNOWN_PROFILE');
    expect((thrown as AppError).message).toBe('There is no provider profile "nope".');
  });
});

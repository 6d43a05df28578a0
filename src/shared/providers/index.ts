import { AppError } from '../domain/errors.ts';
import type { Profile } from '../domain/profile.ts';
import { kaisa } from './kaisa.ts';
import { khoros } from './khoros.ts';
import { khorosToken } from './khoros-token.ts';
import { kinetic } from './kinetic.ts';
import { kpn } from './kpn.ts';
import { oauth2 } from './oauth2.ts';
import { sunshine } from './sunshine.ts';
import { sunshineJwt } from './sunshine-jwt.ts';

/** The built-in profiles, in the order the picker shows them. */
export const PROFILES: readonly Profile[] = [kaisa, kpn, kinetic, sunshine, sunshineJwt, khoros, khorosToken, oauth2];

/** The generic OAuth 2.0 profile: what an import falls back to when no provider recognises a request. */
export const GENERIC_PROFILE_ID = oauth2.id;

/** The profile with this id, among the built-in ones or those the core was given; undefined when none. */
export function findProfile(id: string, profiles: readonly Profile[] = PROFILES): Profile | undefined {
  return profiles.find((profile) => profile.id === id);
}

/** The profile with this id; an `UNKNOWN_PROFILE` error when there is none. */
export function requireProfile(id: string, profiles: readonly Profile[] = PROFILES): Profile {
  const profile = findProfile(id, profiles);
  if (!profile) throw new AppError('UNKNOWN_PROFILE', `There is no provider profile "${id}".`);
  return profile;
}

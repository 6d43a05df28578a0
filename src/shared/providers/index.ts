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

export function findProfile(id: string): Profile | undefined {
  return PROFILES.find((profile) => profile.id === id);
}

import type { Profile } from '../domain/profile.ts';
import { kaisa } from './kaisa.ts';

/** The built-in profiles, in the order the picker shows them. */
export const PROFILES: readonly Profile[] = [kaisa];

export function findProfile(id: string): Profile | undefined {
  return PROFILES.find((profile) => profile.id === id);
}

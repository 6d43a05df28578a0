import type { Profile } from '../shared/domain/profile.ts';
import { findProfile, PROFILES } from '../shared/providers/index.ts';
import { UsageError } from './cli-error.ts';

/** The profile a command names after its own name (`tokensmith grant kpn`). */
export function profileArg(positionals: readonly string[]): Profile {
  const id = positionals[1];
  if (!id) throw new UsageError('Name a profile; `tokensmith providers` lists them.');
  const profile = findProfile(id);
  if (!profile)
    throw new UsageError(`There is no profile "${id}"; choose one of ${PROFILES.map((p) => p.id).join(', ')}.`);
  return profile;
}

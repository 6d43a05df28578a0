import type { Profile } from '../../../shared/domain/profile.ts';
import type { Environment } from '../../../shared/domain/workspace.ts';
import { PROFILES } from '../../../shared/providers/index.ts';

/** The environments each profile says its provider has, as a new workspace starts with them. */
export function defaultEnvironments(profiles: readonly Profile[] = PROFILES): Environment[] {
  return profiles.flatMap((profile) =>
    (profile.environments ?? []).map((environment) => ({
      id: `${profile.id}-${environment.name.toLowerCase()}`,
      profileId: profile.id,
      name: environment.name,
      values: { ...environment.values },
      variables: { ...environment.variables },
    })),
  );
}

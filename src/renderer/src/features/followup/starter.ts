import type { FollowUpRequest } from '../../../../shared/domain/workspace.ts';
import { findProfile } from '../../../../shared/providers/index.ts';

/** A sensible first follow-up: the environment's API base, else the example call the profile offers. */
export function starterFollowUp(profileId: string, apiBase: string): FollowUpRequest {
  return {
    id: crypto.randomUUID(),
    name: 'API request',
    method: 'GET',
    url: apiBase || (findProfile(profileId)?.exampleCallUrl ?? 'https://'),
    headers: [
      ['Accept', 'application/json'],
      ['Authorization', 'Bearer {{token}}'],
    ],
    body: '',
  };
}

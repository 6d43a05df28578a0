import type { Environment } from '../../../shared/domain/workspace.ts';

/** Khoros' environments, as its troubleshooting page lists them (names are case-sensitive). */
export function defaultEnvironments(): Environment[] {
  return ['Production', 'VPC1', 'APP3'].map((name) => ({
    id: `khoros-${name.toLowerCase()}`,
    profileId: 'khoros',
    name,
    values: { environment: name },
    variables: { apiBase: `https://api.spredfast.com/${name}/v1` },
  }));
}

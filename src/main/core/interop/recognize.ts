import type { Profile, RequestMatch, Recognition } from '../../../shared/domain/profile.ts';

/** What an import knows of a request when it asks which provider the request is for. */
export interface RequestFacts {
  url: URL;
  /** Body (or else query) parameters by name. */
  param?: (name: string) => string;
  basic?: { username: string; password: string } | undefined;
  json?: boolean;
  bearer?: string | undefined;
}

/** A provider a request is for, and the field values the request carries. */
export interface Recognized {
  profileId: string;
  values: Record<string, string>;
}

function withinHost(host: string, domains: readonly string[]): boolean {
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

function matches(match: RequestMatch, facts: RequestFacts): boolean {
  const { url } = facts;
  if (match.hosts && !withinHost(url.hostname.toLowerCase(), match.hosts)) return false;
  if (match.pathEnd !== undefined && !url.pathname.endsWith(match.pathEnd)) return false;
  if (match.pathStart !== undefined && !url.pathname.startsWith(match.pathStart)) return false;
  if (match.grantType !== undefined && facts.param?.('grant_type') !== match.grantType) return false;
  if (match.basicAuth !== undefined && (facts.basic !== undefined) !== match.basicAuth) return false;
  return true;
}

/** `{{name}}` in a recognizer's values, filled from the request (see Recognizer). */
function fact(name: string, facts: RequestFacts, match: RequestMatch): string {
  const { url } = facts;
  if (name.startsWith('param.')) return facts.param?.(name.slice('param.'.length)) ?? '';
  switch (name) {
    case 'url': {
      const copy = new URL(url);
      copy.searchParams.delete('grant_type');
      return copy.toString().replace(/\?$/, '');
    }
    case 'origin':
      return url.origin;
    case 'base':
      return `${url.origin}${match.pathEnd === undefined ? '' : url.pathname.slice(0, -match.pathEnd.length)}`;
    case 'basic.username':
      return facts.basic?.username ?? '';
    case 'basic.password':
      return facts.basic?.password ?? '';
    case 'bodyFormat':
      return facts.json ? 'json' : 'form';
    case 'bearer':
      return facts.bearer ?? '';
    default:
      throw new Error(`A profile's recognizer uses an unknown placeholder {{${name}}}.`);
  }
}

/** The placeholders a recognizer's values may use (see Recognizer). */
export const RECOGNIZER_PLACEHOLDERS = [
  'url',
  'origin',
  'base',
  'basic.username',
  'basic.password',
  'bodyFormat',
  'bearer',
];

/**
 * The first of the profiles whose recognizer of this kind matches the request, with the values of
 * its fields (empty ones left out); undefined when none does.
 */
export function recognize(
  profiles: readonly Profile[],
  kind: keyof Recognition,
  facts: RequestFacts,
): Recognized | undefined {
  for (const profile of profiles) {
    const recognizer = profile.recognize?.[kind];
    const match = recognizer?.when.find((candidate) => matches(candidate, facts));
    if (!recognizer || !match) continue;
    const values: Record<string, string> = {};
    for (const [field, template] of Object.entries(recognizer.values)) {
      const value = template.replace(/\{\{([\w.]+)\}\}/g, (_all, name: string) => fact(name, facts, match));
      if (value !== '') values[field] = value;
    }
    return { profileId: profile.id, values };
  }
  return undefined;
}

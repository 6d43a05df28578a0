import { findProfile } from '../../../shared/providers/index.ts';
import { isPlaceholder, type ImportPlan, type PlannedRequest } from './import-plan.ts';

const USERINFO = /^([a-z][a-z\d+.-]*:\/\/)([^/?#]*)@/i;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A URL without its `user:password@`, and what that held; undefined when it has none. */
function splitUserinfo(value: string): { url: string; username: string; password: string } | undefined {
  const match = USERINFO.exec(value.trim());
  if (!match) return undefined;
  const [, scheme = '', userinfo = ''] = match;
  const colon = userinfo.indexOf(':');
  return {
    url: scheme + value.trim().slice(match[0].length),
    username: decoded(colon < 0 ? userinfo : userinfo.slice(0, colon)),
    password: colon < 0 ? '' : decoded(userinfo.slice(colon + 1)),
  };
}

/**
 * A field URL's `user:password@` becomes the request's client credentials when its profile has
 * them and they are empty (cURL sends userinfo as HTTP Basic, which is what those fields do);
 * otherwise it is left out. Either way it is said, naming the field.
 */
function requestWithoutUserinfo(request: PlannedRequest, warnings: string[]): void {
  const profile = findProfile(request.profileId);
  for (const [name, value] of Object.entries(request.values)) {
    const field = profile?.fields.find((candidate) => candidate.name === name);
    if (field?.type === 'secret') continue;
    const found = splitUserinfo(value);
    if (!found) continue;
    request.values[name] = found.url;
    const label = field?.label ?? name;
    const fields = new Set(profile?.fields.map((candidate) => candidate.name));
    const movable =
      fields.has('clientId') &&
      fields.has('clientSecret') &&
      !request.values.clientId &&
      !request.values.clientSecret &&
      !isPlaceholder(found.username) &&
      !isPlaceholder(found.password);
    if (movable) {
      request.values.clientId = found.username;
      request.values.clientSecret = found.password;
      if (fields.has('clientAuth') && (request.values.clientAuth ?? 'none') === 'none')
        request.values.clientAuth = 'basic';
      warnings.push(
        `The ${label} of "${request.name}" held a user name and password: they are now its Client ID and Client secret.`,
      );
    } else {
      warnings.push(`The ${label} of "${request.name}" held a user name and password, which were left out.`);
    }
  }
  for (const followUp of request.followUps) {
    const found = splitUserinfo(followUp.url);
    if (!found) continue;
    followUp.url = found.url;
    warnings.push(
      `The URL of "${followUp.name}" held a user name and password, which were left out (a follow-up is stored in clear).`,
    );
  }
}

/**
 * Takes every `user:password@` out of what an import stores in clear (field values, follow-up
 * URLs, environments): the engine and the exports refuse such a URL, and the store must not hold
 * the credential. See `hasUserinfo` in the flow compiler.
 */
export function withoutUserinfo(plan: ImportPlan): ImportPlan {
  const warnings = [...plan.warnings];
  for (const request of plan.requests) requestWithoutUserinfo(request, warnings);
  for (const environment of plan.environments) {
    for (const values of [environment.values, environment.variables]) {
      for (const [key, value] of Object.entries(values)) {
        const found = splitUserinfo(value);
        if (!found) continue;
        values[key] = found.url;
        warnings.push(
          `The variable "${key}" of the environment "${environment.name}" held a user name and password, which were left out.`,
        );
      }
    }
  }
  return { ...plan, warnings };
}

import { bodyText, headerValue, type HttpRequestSpec } from '../../../shared/domain/http.ts';
import { isCredentialName } from '../../../shared/security/credential-name.ts';
import type { Profile } from '../../../shared/domain/profile.ts';
import type { FollowUpRequest } from '../../../shared/domain/workspace.ts';
import { GENERIC_PROFILE_ID, PROFILES } from '../../../shared/providers/index.ts';
import { isPlaceholder, newFollowUp } from './import-plan.ts';
import { recognize } from './recognize.ts';
import { parseForm } from './token-request.ts';

/** A credential's value; a sample value in a doc (a placeholder) is none. */
const holdsCredential = (name: string, value: unknown): boolean =>
  isCredentialName(name) && !(typeof value === 'string' && isPlaceholder(value));

/**
 * The body without the credentials in it: form fields and top-level JSON members whose names say
 * they hold one (`password`, `client_secret`). Everything else keeps its bytes, except a JSON body
 * that had to be written anew.
 */
function bodyWithoutCredentials(spec: HttpRequestSpec, leftOut: (name: string) => void): string {
  const text = bodyText(spec.body) ?? '';
  const type = headerValue(spec.headers, 'content-type') ?? '';
  if (spec.body.kind === 'json' || /json/i.test(type)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return text;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return text;
    const members = Object.entries(parsed);
    const kept = members.filter(([name, value]) => !holdsCredential(name, value));
    if (kept.length === members.length) return text;
    for (const [name] of members) if (!kept.some(([other]) => other === name)) leftOut(name);
    return JSON.stringify(Object.fromEntries(kept), null, text.includes('\n') ? 2 : undefined);
  }
  if (spec.body.kind !== 'form' && !/x-www-form-urlencoded/i.test(type)) return text;
  return text
    .split('&')
    .filter((pair) => {
      const [name = '', value = ''] = parseForm(pair)[0] ?? [];
      if (!holdsCredential(name, value)) return true;
      leftOut(name);
      return false;
    })
    .join('&');
}

/**
 * Any other request, as a follow-up API call of a saved request. Its Bearer token becomes
 * `{{token}}` (the saved request gets it); other credentials (in headers, the query, the body)
 * cannot live in a follow-up (it is stored in clear), so they are left out and named in a warning.
 */
export function followUpFrom(
  spec: HttpRequestSpec,
  name?: string,
): { followUp: FollowUpRequest; bearer?: string; warnings: string[] } {
  const warnings: string[] = [];
  let url: string = spec.url;
  let path = spec.url;
  // A follow-up may keep `{{env.base}}/path`, which is not a URL until an environment fills it in.
  if (URL.canParse(spec.url)) {
    const parsed = new URL(spec.url);
    path = parsed.pathname;
    for (const key of [...parsed.searchParams.keys()]) {
      if (!isCredentialName(key)) continue;
      parsed.searchParams.delete(key);
      warnings.push(`The query parameter "${key}" of ${spec.method} ${path} looks like a credential and was left out.`);
    }
    url = parsed.toString();
  }
  let bearer: string | undefined;
  const headers: [string, string][] = [];
  for (const [header, value] of spec.headers) {
    const lower = header.toLowerCase();
    if (lower === 'user-agent' || lower === 'content-length' || lower === 'host') continue;
    const token = lower === 'authorization' ? /^Bearer\s+(.+)$/i.exec(value.trim())?.[1] : undefined;
    if (token !== undefined) {
      if (!isPlaceholder(token) && token !== '{{token}}') bearer = token;
      headers.push([header, 'Bearer {{token}}']);
    } else if (isCredentialName(header)) {
      warnings.push(`The ${header} header of ${spec.method} ${path} holds a credential and was left out.`);
    } else {
      headers.push([header, value]);
    }
  }
  const body = bodyWithoutCredentials(spec, (field) =>
    warnings.push(`The body field "${field}" of ${spec.method} ${path} looks like a credential and was left out.`),
  );
  const followUp = newFollowUp({ name: name ?? `${spec.method} ${path}`, method: spec.method, url, headers, body });
  return { followUp, ...(bearer === undefined ? {} : { bearer }), warnings };
}

/**
 * The saved request that holds follow-ups when no token request came with them: the provider whose
 * profile recognises the API (its token fills the calls' `{{token}}`), else the generic OAuth 2.0 profile.
 */
export function holderFor(
  apiUrl: string,
  options: { bearer?: string | undefined; profiles?: readonly Profile[] | undefined } = {},
): { profileId: string; values: Record<string, string> } {
  const generic = { profileId: GENERIC_PROFILE_ID, values: {} };
  if (!URL.canParse(apiUrl)) return generic;
  const facts = { url: new URL(apiUrl), bearer: options.bearer };
  return recognize(options.profiles ?? PROFILES, 'apiCall', facts) ?? generic;
}

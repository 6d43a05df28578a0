import { bodyText, headerValue, type HttpRequestSpec, type Pair } from '../../../shared/domain/http.ts';
import { isCredentialName } from '../../../shared/security/credential-name.ts';
import { secretFieldNames, type Profile } from '../../../shared/domain/profile.ts';
import { findProfile, GENERIC_PROFILE_ID, PROFILES } from '../../../shared/providers/index.ts';
import { decodeBasic } from '../../../shared/security/basic-auth.ts';
import { isPlaceholder, type PlannedRequest } from './import-plan.ts';
import { recognize, type Recognized } from './recognize.ts';

/** The parameters of a token request, wherever it carries them. */
interface TokenParams {
  query: Map<string, string>;
  body: Map<string, string>;
  json: boolean;
  basic?: { username: string; password: string };
}

/** `a=b&c=d` as form pairs, decoded as a server would. */
export function parseForm(text: string): Pair[] {
  if (text.trim() === '') return [];
  return text.split('&').map((pair): Pair => {
    const at = pair.indexOf('=');
    const decode = (value: string): string => {
      try {
        return decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        return value;
      }
    };
    return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });
}

function bodyParams(spec: HttpRequestSpec): { params: Map<string, string>; json: boolean } {
  const { body } = spec;
  if (body.kind === 'form') return { params: new Map(body.fields), json: false };
  const text = bodyText(body) ?? '';
  const type = headerValue(spec.headers, 'content-type') ?? '';
  if (body.kind === 'json' || /json/i.test(type)) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const entries = Object.entries(parsed).filter(([, value]) => typeof value !== 'object' || value === null);
        return { params: new Map(entries.map(([key, value]) => [key, String(value)])), json: true };
      }
    } catch {
      // Not JSON after all: read it as a form below.
    }
  }
  return { params: new Map(parseForm(text)), json: false };
}

function tokenParams(spec: HttpRequestSpec): TokenParams {
  const url = new URL(spec.url);
  const { params, json } = bodyParams(spec);
  const authorization = headerValue(spec.headers, 'authorization');
  const basic = authorization ? decodeBasic(authorization) : undefined;
  return { query: new Map(url.searchParams), body: params, json, ...(basic ? { basic } : {}) };
}

/** A request for a token: `grant_type` in its body or query. */
export function isTokenRequest(spec: HttpRequestSpec): boolean {
  if (spec.method !== 'POST' && spec.method !== 'GET') return false;
  try {
    const params = tokenParams(spec);
    return params.query.has('grant_type') || params.body.has('grant_type');
  } catch {
    return false;
  }
}

const GRANT_TYPES: Record<string, string> = {
  client_credentials: 'client_credentials',
  authorization_code: 'authorization_code',
  refresh_token: 'refresh_token',
  password: 'password',
  'urn:ietf:params:oauth:grant-type:device_code': 'device_code',
};

/** Headers a token request carries that every profile sends on its own. */
const ENGINE_HEADERS = new Set(['user-agent', 'accept', 'content-type', 'content-length', 'host', 'authorization']);

function withoutQuery(url: URL, names: readonly string[]): string {
  const copy = new URL(url);
  for (const name of names) copy.searchParams.delete(name);
  return copy.toString().replace(/\?$/, '');
}

type Match = Recognized;

/** The provider a token request is for, by what its profile recognises; undefined for any other server. */
function providerMatch(url: URL, params: TokenParams, profiles: readonly Profile[]): Match | undefined {
  return recognize(profiles, 'tokenRequest', {
    url,
    param: (name) => params.body.get(name) ?? params.query.get(name) ?? '',
    basic: params.basic,
    json: params.json,
  });
}

/** Which parameters the generic profile has a field for. */
const OAUTH2_FIELDS: Record<string, string> = {
  client_id: 'clientId',
  client_secret: 'clientSecret',
  scope: 'scope',
  audience: 'audience',
  resource: 'resource',
  refresh_token: 'refreshToken',
  username: 'username',
  password: 'password',
};
/** Parameters the engine makes itself for each run. */
const PER_RUN = new Set(['grant_type', 'code', 'code_verifier', 'device_code', 'redirect_uri', 'state']);

/** The generic OAuth 2.0 profile, filled from what the request says about the grant and the client. */
function oauth2Match(spec: HttpRequestSpec, url: URL, params: TokenParams, warnings: string[]): Match {
  const grantType = params.body.get('grant_type') ?? params.query.get('grant_type') ?? '';
  const values: Record<string, string> = { grantType: GRANT_TYPES[grantType] ?? 'client_credentials' };
  if (!(grantType in GRANT_TYPES))
    warnings.push(
      `The grant type "${grantType}" is not one Tokensmith runs; the request was imported as client credentials.`,
    );
  const extra: string[] = [];
  const queryGrant = params.query.has('grant_type');
  values.tokenUrl = withoutQuery(url, queryGrant ? ['grant_type'] : []);
  if (queryGrant) extra.push(`query grant_type=${grantType}`);
  for (const [name, value] of params.body) {
    const field = OAUTH2_FIELDS[name];
    if (field) values[field] = value;
    else if (name === 'redirect_uri') values.redirectUri = value;
    else if (PER_RUN.has(name)) continue;
    else if (isCredentialName(name))
      warnings.push(`The body parameter "${name}" looks like a credential and was not imported; add it in the form.`);
    else extra.push(`body ${name}=${value}`);
  }
  if (params.body.has('code'))
    warnings.push(
      'The authorization code in the request is single-use: Tokensmith gets a fresh one in the browser. Fill in Authorization URL.',
    );
  if (params.basic) {
    values.clientAuth = 'basic';
    values.clientId = params.basic.username;
    values.clientSecret = params.basic.password;
  } else if (params.body.has('client_secret')) {
    values.clientAuth = params.json ? 'json' : 'form';
  } else {
    values.clientAuth = 'none';
  }
  for (const [name, value] of spec.headers) {
    if (ENGINE_HEADERS.has(name.toLowerCase())) continue;
    if (isCredentialName(name)) warnings.push(`The header "${name}" looks like a credential and was not imported.`);
    else extra.push(`header ${name}: ${value}`);
  }
  if (extra.length > 0) values.extraParams = extra.join('\n');
  return { profileId: GENERIC_PROFILE_ID, values };
}

/**
 * A token request as a saved request of the provider it is for (by what its profile recognises,
 * see Profile.recognize), or of the generic OAuth 2.0 profile with grant type, token URL and client
 * authentication taken from the request: `-u` is HTTP Basic, credentials in the body are form or JSON.
 */
export function tokenRequestPlan(
  spec: HttpRequestSpec,
  options: {
    name?: string | undefined;
    folder?: string | undefined;
    secretSpec?: HttpRequestSpec | undefined;
    profiles?: readonly Profile[] | undefined;
  },
): { request: PlannedRequest; warnings: string[] } {
  const profiles = options.profiles ?? PROFILES;
  const url = new URL(spec.url);
  const params = tokenParams(spec);
  const warnings: string[] = [];
  const match = providerMatch(url, params, profiles) ?? oauth2Match(spec, url, params, warnings);
  const profile = findProfile(match.profileId, profiles);
  if (options.secretSpec && profile) {
    // The same request with its variables expanded: only its secret fields are taken, into the vault.
    const expanded = new URL(options.secretSpec.url);
    const other =
      providerMatch(expanded, tokenParams(options.secretSpec), profiles) ??
      oauth2Match(options.secretSpec, expanded, tokenParams(options.secretSpec), []);
    if (other.profileId === match.profileId)
      for (const name of secretFieldNames(profile)) if (other.values[name]) match.values[name] = other.values[name];
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(match.values)) {
    if (value === '') continue;
    // A doc's sample credential is not the user's: the field stays empty, to be filled in.
    if (isPlaceholder(value)) {
      const label = profile?.fields.find((field) => field.name === name)?.label ?? name;
      warnings.push(`"${value}" is a placeholder: fill in ${label}.`);
      continue;
    }
    values[name] = value;
  }
  return {
    request: {
      name: options.name ?? `${profile?.name ?? url.host} token`,
      folder: options.folder ?? '',
      profileId: match.profileId,
      values,
      followUps: [],
    },
    warnings,
  };
}

/** A request as written, and with the importer's variables expanded (see ImportedItem). */
interface FlowRequest {
  spec: HttpRequestSpec;
  secretSpec?: HttpRequestSpec | undefined;
}

/** A template's URL with the owner's values in it; undefined while a value it needs is missing. */
function filledUrl(template: string, owner: PlannedRequest): string | undefined {
  const names = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '');
  if (names.some((name) => owner.values[name] === undefined)) return undefined;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => owner.values[name] ?? '');
}

/**
 * A request that is one of the steps before the profile's token request (a login page, a login
 * posted to the provider): true when its method and URL are the step's. The fields the step's
 * form sends (`{{loginEmail}}`) that the token request did not fill take the request's values.
 */
function ownStep(
  profile: Profile,
  owner: PlannedRequest,
  { spec, secretSpec }: FlowRequest,
  warnings: string[],
): boolean {
  const path = spec.url.split('?')[0];
  const step = profile.steps.find(
    (candidate) =>
      candidate.kind === 'http' &&
      candidate.expect !== 'token' &&
      candidate.request.method === spec.method &&
      filledUrl(candidate.request.url, owner) === path,
  );
  if (step?.kind !== 'http') return false;
  const sent = new Map(parseForm(bodyText(spec.body) ?? ''));
  // Secret fields alone may come from an expanded variable.
  const expanded = new Map(parseForm(bodyText((secretSpec ?? spec).body) ?? ''));
  for (const [param, template] of step.request.body?.fields ?? []) {
    const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(template)?.[1];
    const field = profile.fields.find((candidate) => candidate.name === name);
    if (!field || owner.values[field.name] !== undefined) continue;
    const value = (field.type === 'secret' ? expanded : sent).get(param) ?? '';
    if (value === '') continue;
    if (isPlaceholder(value)) warnings.push(`"${value}" is a placeholder: fill in ${field.label}.`);
    else owner.values[field.name] = value;
  }
  return true;
}

/** The device authorization request (RFC 8628) before a device-code poll: its URL and scope. */
function deviceAuthorization(owner: PlannedRequest, spec: HttpRequestSpec): boolean {
  if (owner.values.grantType !== 'device_code' || owner.values.deviceUrl || spec.method !== 'POST') return false;
  owner.values.deviceUrl = spec.url;
  const params = new Map(parseForm(bodyText(spec.body) ?? ''));
  for (const name of ['scope', 'audience', 'resource']) {
    const value = params.get(name);
    if (value) owner.values[name] = value;
  }
  return true;
}

/**
 * A request that comes before a token request and is a step of that profile's own flow: a login
 * its profile posts before the token request, a device authorization. What it carries goes into
 * the owner's fields, so it is not kept as a follow-up; false for any other request.
 */
export function takeFlowRequest(
  owner: PlannedRequest,
  request: FlowRequest,
  options: { warnings: string[]; profiles?: readonly Profile[] | undefined },
): boolean {
  if (owner.profileId === GENERIC_PROFILE_ID) return deviceAuthorization(owner, request.spec);
  const profile = findProfile(owner.profileId, options.profiles ?? PROFILES);
  return profile ? ownStep(profile, owner, request, options.warnings) : false;
}

import { z } from 'zod';
import { isCredentialName } from '../../../shared/security/credential-name.ts';
import { AppError } from '../../../shared/domain/errors.ts';
import type { Profile } from '../../../shared/domain/profile.ts';
import { GENERIC_PROFILE_ID } from '../../../shared/providers/index.ts';
import {
  encodeForm,
  HTTP_METHODS,
  type Body,
  type HttpMethod,
  type HttpRequestSpec,
  type Pair,
} from '../../../shared/domain/http.ts';
import { basicAuthorization } from '../../../shared/security/basic-auth.ts';
import { assemble, type ImportedItem } from './assemble.ts';
import { newFollowUp, scalarText, uniqueNames, type ImportPlan, type PlannedRequest } from './import-plan.ts';
import {
  authParams,
  tokensmithMetadataSchema,
  TOKENSMITH_VARIABLE,
  type PostmanAuth,
  type TokensmithMetadata,
} from './postman-format.ts';
import { Collection, Url } from './postman-sdk.ts';

const pair = z.object({ key: z.string().nullish(), value: z.unknown().optional(), disabled: z.boolean().optional() });
const authSchema = z.object({ type: z.string() }).catchall(z.unknown());
const requestSchema = z.object({
  method: z.string().optional(),
  url: z.unknown().optional(),
  header: z.array(pair).optional(),
  body: z
    .object({
      mode: z.string().optional(),
      raw: z.string().optional(),
      urlencoded: z.array(pair).optional(),
      formdata: z.array(pair.extend({ type: z.string().optional() })).optional(),
      options: z.object({ raw: z.object({ language: z.string().optional() }).optional() }).optional(),
    })
    .optional(),
  auth: authSchema.nullish(),
});
interface Item {
  id?: string | undefined;
  name?: string | undefined;
  item?: Item[] | undefined;
  request?: z.infer<typeof requestSchema> | undefined;
  auth?: z.infer<typeof authSchema> | null | undefined;
}
const itemSchema: z.ZodType<Item> = z.lazy(() =>
  z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    item: z.array(itemSchema).optional(),
    request: requestSchema.optional(),
    auth: authSchema.nullish(),
  }),
);
const collectionSchema = z.object({
  info: z.object({ name: z.string().optional() }),
  item: z.array(itemSchema),
  auth: authSchema.nullish(),
  variable: z.array(pair).optional(),
});

type Variables = Map<string, string>;

function asAuth(auth: z.infer<typeof authSchema> | null | undefined): PostmanAuth | undefined {
  if (!auth || auth.type === 'noauth') return undefined;
  return auth as PostmanAuth;
}

/** `{{name}}` of a collection variable: its value where a request is classified, `{{env.name}}` in a follow-up. */
function substitute(value: string, variables: Variables, to: 'value' | 'reference'): string {
  return value.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (match, name: string) => {
    if (name === 'token' || !variables.has(name)) return match;
    return to === 'value' ? variables.get(name)! : `{{env.${name}}}`;
  });
}

function toSpec(
  request: NonNullable<Item['request']>,
  auth: PostmanAuth | undefined,
  warnings: string[],
  name: string,
): HttpRequestSpec | undefined {
  const method = (request.method ?? 'GET').toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    warnings.push(`"${name}" uses the method ${method}, which Tokensmith does not send; it was skipped.`);
    return undefined;
  }
  const url = typeof request.url === 'string' ? request.url : new Url(request.url).toString();
  const headers: Pair[] = (request.header ?? [])
    .filter((h) => !h.disabled && h.key)
    .map((h) => [h.key!, scalarText(h.value)]);
  const params = authParams(auth);
  if (auth?.type === 'bearer') headers.push(['Authorization', `Bearer ${params.token ?? ''}`]);
  else if (auth?.type === 'basic')
    headers.push(['Authorization', basicAuthorization(params.username ?? '', params.password ?? '')]);
  else if (auth?.type === 'apikey')
    warnings.push(`The API key of "${name}" (${params.key ?? 'key'}) is a credential and was not imported.`);
  else if (auth && auth.type !== 'oauth2')
    warnings.push(`"${name}" uses ${auth.type} authentication, which is not imported.`);
  let body: Body = { kind: 'none' };
  const source = request.body;
  if (source?.mode === 'raw' && source.raw)
    body =
      source.options?.raw?.language === 'json' ? { kind: 'json', text: source.raw } : { kind: 'raw', text: source.raw };
  else if (source?.mode === 'urlencoded')
    body = {
      kind: 'form',
      fields: (source.urlencoded ?? []).filter((f) => !f.disabled && f.key).map((f) => [f.key!, scalarText(f.value)]),
    };
  else if (source?.mode && source.mode !== 'raw')
    warnings.push(`The ${source.mode} body of "${name}" was not imported.`);
  if (body.kind === 'form' && !headers.some(([key]) => key.toLowerCase() === 'content-type'))
    headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  return { method: method as HttpMethod, url, headers, body };
}

const GRANTS: Record<string, string> = {
  client_credentials: 'client_credentials',
  authorization_code: 'authorization_code',
  authorization_code_with_pkce: 'authorization_code',
  password_credentials: 'password',
  implicit: 'authorization_code',
};

/** Postman's OAuth 2.0 helper as a saved request of the generic profile; its secrets go to the vault. */
function oauth2Request(
  auth: PostmanAuth,
  name: string,
  folder: string,
  variables: Variables,
  warnings: string[],
): PlannedRequest {
  const params = Object.fromEntries(
    Object.entries(authParams(auth)).map(([key, value]) => [key, substitute(value, variables, 'value')]),
  );
  const grant = params.grant_type ?? 'authorization_code';
  if (grant === 'implicit')
    warnings.push(`"${name}" uses the implicit grant; it was imported as authorization code with PKCE.`);
  const values: Record<string, string> = {
    grantType: GRANTS[grant] ?? 'client_credentials',
    clientAuth: params.client_authentication === 'body' ? 'form' : 'basic',
  };
  const copy: [string, string][] = [
    ['accessTokenUrl', 'tokenUrl'],
    ['authUrl', 'authorizeUrl'],
    ['clientId', 'clientId'],
    ['clientSecret', 'clientSecret'],
    ['scope', 'scope'],
    ['audience', 'audience'],
    ['resource', 'resource'],
    ['username', 'username'],
    ['password', 'password'],
    ['refreshToken', 'refreshToken'],
  ];
  for (const [from, to] of copy) if (params[from] && !/\{\{.*\}\}/.test(params[from])) values[to] = params[from];
  const redirect = params.redirect_uri ?? '';
  if (/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(redirect)) values.redirectUri = redirect;
  else if (redirect)
    warnings.push(
      `The redirect URI of "${name}" is not a loopback URL; Tokensmith uses its own (http://127.0.0.1/callback).`,
    );
  if (params.accessToken) warnings.push(`The access token saved in "${name}" was not imported: get a fresh one.`);
  return { name, folder, profileId: GENERIC_PROFILE_ID, values, followUps: [] };
}

function environmentFrom(variables: Variables, name: string, profileId: string, warnings: string[]) {
  const kept: Record<string, string> = {};
  for (const [key, value] of variables) {
    if (key === TOKENSMITH_VARIABLE || key === 'token') continue;
    if (isCredentialName(key))
      warnings.push(`The variable "${key}" looks like a credential and was not put in the environment.`);
    else kept[key] = value;
  }
  return { key: 'collection', profileId, name, values: {}, variables: kept };
}

function fromMetadata(metadata: TokensmithMetadata, items: Item[], warnings: string[]): ImportPlan {
  const byFolder = new Map(metadata.requests.map((entry) => [entry.folderId, entry]));
  const requests: PlannedRequest[] = [];
  const environments = metadata.environments.map((environment) => ({ ...environment, key: environment.id }));
  const walk = (list: Item[], path: string[]): void => {
    for (const item of list) {
      const entry = item.id ? byFolder.get(item.id) : undefined;
      if (!entry) {
        if (item.item) walk(item.item, [...path, item.name ?? '']);
        continue;
      }
      const followUps = (item.item ?? []).flatMap((child) => {
        if (!child.request || (child.id && entry.stepItemIds.includes(child.id))) return [];
        const spec = toSpec(child.request, undefined, warnings, child.name ?? '');
        if (!spec) return [];
        const followUp = newFollowUp({
          name: child.name ?? spec.url,
          method: spec.method,
          url: spec.url,
          headers: spec.headers,
          body:
            spec.body.kind === 'form' ? encodeForm(spec.body.fields) : spec.body.kind === 'none' ? '' : spec.body.text,
        });
        return [child.id && z.uuid().safeParse(child.id).success ? { ...followUp, id: child.id } : followUp];
      });
      requests.push({
        name: item.name ?? entry.profileId,
        folder: path.join('/'),
        profileId: entry.profileId,
        values: entry.values,
        followUps,
        ...(entry.environmentId ? { environmentKey: entry.environmentId } : {}),
      });
    }
  };
  walk(items, []);
  return { kind: 'postman', requests, environments, warnings };
}

/**
 * Reads a Postman Collection v2.1 with the postman-collection SDK: folders become folders, requests
 * become saved requests (token requests) or their follow-ups, collection variables an environment,
 * and `auth` blocks a saved request (oauth2, with its secrets for the vault) or the `{{token}}` of
 * the calls (bearer). Credentials that cannot be referenced are left out and named in a warning.
 * A collection Tokensmith exported comes back exactly, from the metadata it carries.
 */
export function importPostman(json: unknown, profiles?: readonly Profile[]): ImportPlan {
  let normalized: unknown;
  try {
    normalized = new Collection(json as never).toJSON();
  } catch (error) {
    throw new AppError(
      'INVALID_INPUT',
      `This Postman collection cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = collectionSchema.safeParse(normalized);
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', 'This is not a Postman Collection v2.1.', {
      hint: 'Export the collection from Postman as Collection v2.1.',
    });
  const collection = parsed.data;
  const warnings: string[] = [];
  const variables: Variables = new Map(
    (collection.variable ?? []).filter((v) => v.key).map((v) => [v.key!, scalarText(v.value)]),
  );
  const metadata = tokensmithMetadataSchema.safeParse(safeJson(variables.get(TOKENSMITH_VARIABLE)));
  if (metadata.success) return fromMetadata(metadata.data, collection.item, warnings);

  const requests: PlannedRequest[] = [];
  const loose: ImportedItem[] = [];
  const walk = (
    list: Item[],
    path: string[],
    auth: PostmanAuth | undefined,
    holder: PlannedRequest | undefined,
  ): void => {
    for (const item of list) {
      const name = item.name ?? 'Request';
      const own = item.auth === undefined ? auth : asAuth(item.auth);
      if (item.item) {
        const ownsHolder = item.auth?.type === 'oauth2';
        const next = ownsHolder ? oauth2Request(own!, name, path.join('/'), variables, warnings) : holder;
        if (ownsHolder) requests.push(next!);
        walk(item.item, [...path, name], own, next);
        continue;
      }
      if (!item.request) continue;
      const effective = item.request.auth === undefined || item.request.auth === null ? own : asAuth(item.request.auth);
      const spec = toSpec(item.request, effective, warnings, name);
      if (!spec) continue;
      const owner =
        effective?.type === 'oauth2'
          ? (holder ?? oauth2Request(effective, `${name} token`, path.join('/'), variables, warnings))
          : undefined;
      if (owner && !requests.includes(owner)) requests.push(owner);
      const resolved = {
        ...spec,
        url: substitute(spec.url, variables, 'value'),
        headers: spec.headers.map(([k, v]): Pair => [k, substitute(v, variables, 'value')]),
      };
      if (owner) {
        const followUp = newFollowUp({
          name,
          method: spec.method,
          url: substitute(spec.url, variables, 'reference'),
          headers: [
            ...spec.headers.map(([k, v]): Pair => [k, substitute(v, variables, 'reference')]),
            ['Authorization', 'Bearer {{token}}'],
          ],
          body:
            spec.body.kind === 'form' ? encodeForm(spec.body.fields) : spec.body.kind === 'none' ? '' : spec.body.text,
        });
        owner.followUps.push(followUp);
      } else {
        const reference = {
          ...spec,
          url: substitute(spec.url, variables, 'reference'),
          headers: spec.headers.map(([k, v]): Pair => [k, substitute(v, variables, 'reference')]),
        };
        loose.push({ spec: resolved, followUpSpec: reference, name, folder: path.join('/') });
      }
    }
  };
  const collectionAuth = asAuth(collection.auth);
  const topHolder =
    collectionAuth?.type === 'oauth2'
      ? oauth2Request(collectionAuth, collection.info.name ?? 'Postman', '', variables, warnings)
      : undefined;
  if (topHolder) requests.push(topHolder);
  walk(collection.item, [], collectionAuth, topHolder);
  requests.push(...assemble(loose, warnings, profiles));
  const profileId = requests[0]?.profileId ?? GENERIC_PROFILE_ID;
  const environment = environmentFrom(variables, collection.info.name ?? 'Postman', profileId, warnings);
  const hasEnvironment = Object.keys(environment.variables).length > 0;
  if (hasEnvironment)
    for (const request of requests) if (request.profileId === profileId) request.environmentKey = environment.key;
  return {
    kind: 'postman',
    requests: uniqueNames(requests),
    environments: hasEnvironment ? [environment] : [],
    warnings: [...new Set(warnings)],
  };
}

function safeJson(value: string | undefined): unknown {
  try {
    return value === undefined ? undefined : (JSON.parse(value) as unknown);
  } catch {
    return undefined;
  }
}

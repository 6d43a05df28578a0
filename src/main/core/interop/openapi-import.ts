import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpMethod, Pair } from '../../../shared/domain/http.ts';
import { GENERIC_PROFILE_ID } from '../../../shared/providers/index.ts';
import { newFollowUp, scalarText, uniqueNames, type ImportPlan, type PlannedRequest } from './import-plan.ts';

const flowSchema = z.object({
  authorizationUrl: z.string().optional(),
  tokenUrl: z.string().optional(),
  scopes: z.record(z.string(), z.unknown()).optional(),
});
const schemeSchema = z.object({
  type: z.string(),
  flows: z.record(z.string(), flowSchema).optional(),
  openIdConnectUrl: z.string().optional(),
  scheme: z.string().optional(),
  name: z.string().optional(),
});
const mediaSchema = z.object({
  example: z.unknown().optional(),
  examples: z.record(z.string(), z.unknown()).optional(),
});
const operationSchema = z.object({
  operationId: z.string().optional(),
  summary: z.string().optional(),
  parameters: z.array(z.unknown()).optional(),
  requestBody: z.object({ content: z.record(z.string(), mediaSchema).optional() }).optional(),
  responses: z.record(z.string(), z.unknown()).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});
const parameterSchema = z.object({ name: z.string(), in: z.string(), required: z.boolean().optional() });
const documentSchema = z.object({
  openapi: z.string().regex(/^3\./),
  info: z.object({ title: z.string().optional() }).optional(),
  servers: z
    .array(
      z.object({ url: z.string(), variables: z.record(z.string(), z.object({ default: z.unknown() })).optional() }),
    )
    .optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  components: z.object({ securitySchemes: z.record(z.string(), z.unknown()).optional() }).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const GRANTS: Record<string, string> = {
  clientCredentials: 'client_credentials',
  authorizationCode: 'authorization_code',
  password: 'password',
  implicit: 'authorization_code',
};
const DISCOVERY_SUFFIX = /\/\.well-known\/(openid-configuration|oauth-authorization-server)\/?$/;

/**
 * Reads JSON or YAML. YAML is a superset of JSON, but its parser recurses through flow collections
 * and runs out of stack a few hundred levels into a one-line JSON document, and takes seconds over
 * a collection of thousands of requests; JSON.parse does neither, so JSON is read by it and a
 * depth the importers cannot take is then said as a depth. Text that
 * JSON.parse refuses goes to the YAML parser, whose complaints say where the text goes wrong.
 */
export function readStructured(text: string): unknown {
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not strict JSON (a comment, a trailing comma, YAML flow style): the YAML parser reads it or says why not.
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 100 }) as unknown;
  } catch (error) {
    // The YAML parser reports its own stack overflow as a parse error at the place it got to.
    if (error instanceof RangeError || (error instanceof Error && error.message.startsWith('Maximum call stack')))
      throw new AppError('INVALID_INPUT', 'The document is nested too deeply for Tokensmith to read.', {
        hint: 'Flatten what is nested this deep, then import it again.',
      });
    throw new AppError(
      'INVALID_INPUT',
      // The parser's first line ends with a colon before the excerpt it would show: a full stop instead.
      `This is neither JSON nor YAML: ${(error instanceof Error ? error.message.split('\n')[0]! : String(error)).replace(/:?$/, '.')}`,
    );
  }
}

function serverUrl(document: z.infer<typeof documentSchema>, warnings: string[]): string {
  const server = document.servers?.[0];
  if (!server) {
    warnings.push('The document names no server; set baseUrl in its environment.');
    return '';
  }
  const url = server.url.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    scalarText(server.variables?.[name]?.default),
  );
  if (!URL.canParse(url)) warnings.push(`The server URL "${url}" is not absolute; set baseUrl in the environment.`);
  return url.replace(/\/$/, '');
}

function absolute(url: string | undefined, base: string): string {
  if (!url) return '';
  if (URL.canParse(url)) return url;
  return URL.canParse(url, base || undefined) ? new URL(url, base).toString() : url;
}

/** The generic OAuth 2.0 profile, one saved request per flow of an `oauth2` scheme or per `openIdConnect` scheme. */
function schemeRequests(
  name: string,
  raw: unknown,
  context: { base: string; folder: string; warnings: string[] },
): PlannedRequest[] {
  const scheme = schemeSchema.safeParse(raw);
  if (!scheme.success) return [];
  const { data } = scheme;
  if (data.type === 'openIdConnect' && data.openIdConnectUrl) {
    const url = absolute(data.openIdConnectUrl, context.base);
    if (!DISCOVERY_SUFFIX.test(url))
      context.warnings.push(`The discovery URL of ${name} is not a .well-known one; check Issuer.`);
    return [
      {
        name: `${name} (OpenID Connect)`,
        folder: context.folder,
        profileId: GENERIC_PROFILE_ID,
        values: { issuer: url.replace(DISCOVERY_SUFFIX, ''), grantType: 'authorization_code' },
        followUps: [],
      },
    ];
  }
  if (data.type !== 'oauth2') return [];
  return Object.entries(data.flows ?? {}).flatMap(([flow, settings]): PlannedRequest[] => {
    const grantType = GRANTS[flow];
    if (!grantType) {
      context.warnings.push(`The ${flow} flow of ${name} is not one Tokensmith runs.`);
      return [];
    }
    if (flow === 'implicit')
      context.warnings.push(`${name} offers the implicit flow; it was imported as authorization code with PKCE.`);
    const values: Record<string, string> = { grantType, scope: Object.keys(settings.scopes ?? {}).join(' ') };
    const tokenUrl = absolute(settings.tokenUrl, context.base);
    const authorizeUrl = absolute(settings.authorizationUrl, context.base);
    if (tokenUrl) values.tokenUrl = tokenUrl;
    if (authorizeUrl) values.authorizeUrl = authorizeUrl;
    return [
      {
        name: `${name} (${flow})`,
        folder: context.folder,
        profileId: GENERIC_PROFILE_ID,
        values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')),
        followUps: [],
      },
    ];
  });
}

function example(media: z.infer<typeof mediaSchema> | undefined): string {
  const value =
    media?.example ??
    Object.values(media?.examples ?? {}).map((entry) => (entry as { value?: unknown } | null)?.value)[0];
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * An OpenAPI 3 document (JSON or YAML): each OAuth 2.0 flow and OpenID Connect scheme of its
 * `securitySchemes` becomes a generic OAuth 2.0 saved request with its URLs and scopes, ready for the
 * client's credentials; each operation becomes a follow-up of the scheme it requires, against
 * `{{env.baseUrl}}` from an environment made for the document.
 */
export function importOpenApi(input: unknown): ImportPlan {
  const parsed = documentSchema.safeParse(typeof input === 'string' ? readStructured(input) : input);
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', 'This is not an OpenAPI 3 document.', {
      hint: 'Swagger 2.0 documents can be converted to OpenAPI 3 first.',
    });
  const document = parsed.data;
  const warnings: string[] = [];
  const folder = (document.info?.title ?? 'OpenAPI').slice(0, 200);
  const base = serverUrl(document, warnings);
  const bySchemes = new Map<string, PlannedRequest>();
  const requests: PlannedRequest[] = [];
  for (const [name, scheme] of Object.entries(document.components?.securitySchemes ?? {})) {
    const found = schemeRequests(name, scheme, { base, folder, warnings });
    if (found[0]) bySchemes.set(name, found[0]);
    requests.push(...found);
  }
  const variables: Record<string, string> = { baseUrl: base };
  const fallback = (): PlannedRequest => {
    let holder = requests[0];
    if (!holder) {
      holder = { name: `${folder} requests`, folder, profileId: GENERIC_PROFILE_ID, values: {}, followUps: [] };
      requests.push(holder);
    }
    return holder;
  };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = operationSchema.safeParse(item[method.toLowerCase()]);
      if (!operation.success) continue;
      const op = operation.data;
      const required = (op.security ?? document.security ?? []).flatMap((entry) => Object.keys(entry));
      const scheme = required.find((name) => bySchemes.has(name));
      const owner = scheme ? bySchemes.get(scheme)! : fallback();
      const query: string[] = [];
      for (const raw of [...((item.parameters as unknown[] | undefined) ?? []), ...(op.parameters ?? [])]) {
        const parameter = parameterSchema.safeParse(raw);
        if (!parameter.success) continue;
        if (parameter.data.in === 'path' || (parameter.data.in === 'query' && parameter.data.required))
          variables[parameter.data.name] ??= '';
        if (parameter.data.in === 'query' && parameter.data.required)
          query.push(`${parameter.data.name}={{env.${parameter.data.name}}}`);
      }
      const headers: Pair[] = [];
      const responses = JSON.stringify(op.responses ?? {});
      if (responses.includes('application/json')) headers.push(['Accept', 'application/json']);
      if (scheme) headers.push(['Authorization', 'Bearer {{token}}']);
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content).find((candidate) => candidate.includes('json')) ?? Object.keys(content)[0];
      if (type) headers.push(['Content-Type', type]);
      if (owner.followUps.length >= 100) {
        warnings.push(`${owner.name} has 100 operations already; ${method} ${path} was left out.`);
        continue;
      }
      owner.followUps.push(
        newFollowUp({
          name: op.operationId ?? op.summary ?? `${method} ${path}`,
          method,
          url: `{{env.baseUrl}}${path.replace(/\{([^}]+)\}/g, '{{env.$1}}')}${query.length ? `?${query.join('&')}` : ''}`,
          headers,
          body: type ? example(content[type]) : '',
        }),
      );
    }
  }
  const environment = { key: 'openapi', profileId: GENERIC_PROFILE_ID, name: folder, values: {}, variables };
  for (const request of requests) request.environmentKey = environment.key;
  return {
    kind: 'openapi',
    requests: uniqueNames(requests),
    environments: [environment],
    warnings: [...new Set(warnings)],
  };
}

import { randomUUID } from 'node:crypto';
import { bodyText, type HttpRequestSpec } from '../../../shared/domain/http.ts';
import { defaultValues, type Profile } from '../../../shared/domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../../../shared/domain/secrets.ts';
import type { Environment, SavedRequest } from '../../../shared/domain/workspace.ts';
import { decodeBasic } from '../../../shared/security/basic-auth.ts';
import { segment } from '../../../shared/snippets/secret-segments.ts';
import type { FlowDeps } from '../flow/flow-context.ts';
import { planFlow, type PlannedStep } from '../flow/plan-flow.ts';
import {
  authBlock,
  POSTMAN_SCHEMA,
  TOKENSMITH_VARIABLE,
  type PostmanAuth,
  type PostmanCollection,
  type PostmanItem,
  type PostmanRequest,
  type TokensmithMetadata,
} from './postman-format.ts';
import { Collection } from './postman-sdk.ts';

const reference = (variable: string): string => `{{${variable}}}`;

/** Every secret of a step, the code and verifier a run would make included, as a Postman variable. */
function withReferences(text: string, secrets: readonly SecretBinding[]): string {
  return segment(text, secrets)
    .map((part) => (part.kind === 'text' ? part.text : reference(part.secret.variable)))
    .join('');
}

/** Postman's form of a Basic header: its own auth block, where `{{variables}}` still work. */
function basicAuth(value: string, secrets: readonly SecretBinding[]): PostmanAuth | undefined {
  const basic = decodeBasic(value);
  if (!basic) return undefined;
  // The generic profile form-encodes both parts (RFC 6749 §2.3.1); a reference must read as one.
  const plain = (part: string): string => withReferences(part.replace(/%7B%7B(\w+)%7D%7D/g, '{{$1}}'), secrets);
  return authBlock('basic', { username: plain(basic.username), password: plain(basic.password) });
}

function postmanRequest(spec: HttpRequestSpec, secrets: readonly SecretBinding[]): PostmanRequest {
  const request: PostmanRequest = { method: spec.method, url: withReferences(spec.url, secrets), header: [] };
  for (const [key, value] of spec.headers) {
    const auth = key.toLowerCase() === 'authorization' ? basicAuth(value, secrets) : undefined;
    if (auth) request.auth = auth;
    else request.header.push({ key, value: withReferences(value, secrets) });
  }
  if (spec.body.kind === 'form') {
    request.body = {
      mode: 'urlencoded',
      urlencoded: spec.body.fields.map(([key, value]) => ({ key, value: withReferences(value, secrets) })),
    };
  } else if (spec.body.kind !== 'none') {
    request.body = {
      mode: 'raw',
      raw: withReferences(bodyText(spec.body) ?? '', secrets),
      ...(spec.body.kind === 'json' ? { options: { raw: { language: 'json' } } } : {}),
    };
  }
  return request;
}

/** The token request sends the client's credentials as HTTP Basic: its profile's template does, or the user chose it. */
function sendsBasicAuth(profile: Profile, values: Record<string, string>): boolean {
  return (
    values.clientAuth === 'basic' ||
    profile.steps.some((step) => step.kind === 'http' && step.expect === 'token' && step.request.basicAuth)
  );
}

/** Postman's OAuth 2.0 helper for the saved request, so a Postman user can get a token there too. */
function folderAuth(profile: Profile, values: Record<string, string>, steps: PlannedStep[]): PostmanAuth | undefined {
  const secret = (field: string): string => reference(secretVariableName(profile.id, field));
  if (profile.steps.some((step) => step.kind === 'static-token' || step.kind === 'sign-jwt'))
    return authBlock('bearer', { token: '{{token}}' });
  const token = [...steps].reverse().find((step) => step.kind === 'request' && step.id !== 'check');
  const browser = steps.find((step) => step.kind === 'browser');
  if (!token || token.kind !== 'request') return undefined;
  const grant = values.grantType ?? (browser ? 'authorization_code' : 'client_credentials');
  const params: Record<string, string> = {
    accessTokenUrl: token.spec.url.split('?')[0]!,
    clientId: values.clientId ?? '',
    grant_type: grant === 'password' ? 'password_credentials' : grant,
    client_authentication: sendsBasicAuth(profile, values) ? 'header' : 'body',
  };
  if (profile.fields.some((field) => field.name === 'clientSecret')) params.clientSecret = secret('clientSecret');
  if (browser?.kind === 'browser') params.authUrl = browser.url.split('?')[0]!;
  if (values.scope) params.scope = values.scope;
  if (values.redirectUri) params.redirect_uri = values.redirectUri;
  return authBlock('oauth2', params);
}

function folderItems(folder: string, root: PostmanItem[]): PostmanItem[] {
  let items = root;
  for (const name of folder.split('/').filter((part) => part.trim() !== '')) {
    let group = items.find((item) => item.item && item.name === name && !item.id?.startsWith('request:'));
    if (!group) {
      group = { name, item: [] };
      items.push(group);
    }
    items = group.item!;
  }
  return items;
}

/**
 * The workspace as a Postman Collection v2.1: a folder per saved request with the flow's requests
 * and the follow-ups, folders for Tokensmith's folders, and a Postman OAuth 2.0 block where it fits.
 * Secrets are never read: every secret field is a `{{TOKENSMITH_…}}` variable, as in the cURL export.
 */
export async function exportPostman(options: {
  requests: readonly SavedRequest[];
  environments: readonly Environment[];
  profiles: readonly Profile[];
  deps: FlowDeps;
  name?: string;
}): Promise<{ json: string; warnings: string[] }> {
  const warnings: string[] = [];
  const metadata: TokensmithMetadata = { version: 1, requests: [], environments: [...options.environments] };
  const root: PostmanItem[] = [];
  const ordered = [...options.requests].sort((a, b) => a.folder.localeCompare(b.folder) || a.order - b.order);
  for (const saved of ordered) {
    const profile = options.profiles.find((candidate) => candidate.id === saved.profileId);
    if (!profile) {
      warnings.push(`"${saved.name}" uses the unknown profile ${saved.profileId} and was left out.`);
      continue;
    }
    const environment = options.environments.find((candidate) => candidate.id === saved.environmentId);
    const values: Record<string, string> = { ...defaultValues(profile), ...saved.values, ...environment?.values };
    for (const field of profile.fields)
      if (field.type === 'secret') values[field.name] = reference(secretVariableName(profile.id, field.name));
    let steps: PlannedStep[] = [];
    try {
      steps = await planFlow({ profile, values, deps: options.deps });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\.?$/, '.');
      warnings.push(`"${saved.name}": ${reason} Its token requests were left out; its API requests are in the file.`);
    }
    const folderId = `request:${saved.id}`;
    const stepItems: PostmanItem[] = steps.flatMap((step, index) =>
      step.kind === 'request'
        ? [{ id: randomUUID(), name: `${index + 1}. ${step.title}`, request: postmanRequest(step.spec, step.secrets) }]
        : [],
    );
    const followUps: PostmanItem[] = saved.followUps.map((followUp) => ({
      id: followUp.id,
      name: followUp.name,
      request: {
        method: followUp.method,
        url: followUp.url,
        header: followUp.headers.map(([key, value]) => ({ key, value })),
        ...(followUp.body === '' ? {} : { body: { mode: 'raw' as const, raw: followUp.body } }),
      },
    }));
    const auth = folderAuth(profile, values, steps);
    folderItems(saved.folder, root).push({
      id: folderId,
      name: saved.name,
      description: `Tokensmith: ${profile.name}`,
      item: [...stepItems, ...followUps],
      ...(auth ? { auth } : {}),
    });
    metadata.requests.push({
      folderId,
      profileId: profile.id,
      values: saved.values,
      ...(saved.environmentId ? { environmentId: saved.environmentId } : {}),
      stepItemIds: stepItems.map((item) => item.id!),
    });
  }
  const collection: PostmanCollection = {
    info: { name: options.name ?? 'Tokensmith', schema: POSTMAN_SCHEMA },
    item: root,
    variable: [
      { key: 'token', value: '', type: 'string' },
      { key: TOKENSMITH_VARIABLE, value: JSON.stringify(metadata), type: 'string' },
    ],
  };
  // Through the SDK, so the file is the collection Postman itself would write.
  const normalized = new Collection(collection as never).toJSON() as unknown;
  return { json: `${JSON.stringify(normalized, null, 2)}\n`, warnings };
}

import type { DiagnosisRule, FieldDef, HttpStep, RequestTemplate } from '../domain/profile.ts';

/** The who-am-I call most APIs answer: GET with the new token as a Bearer credential. */
export function bearerGet(url: string): RequestTemplate {
  return {
    method: 'GET',
    url,
    headers: [
      ['Accept', 'application/json'],
      ['Authorization', 'Bearer {{current.accessToken}}'],
    ],
  };
}

/**
 * The client ID and secret as a token request posts them (`client_id`, `client_secret` in the body):
 * what an import reads into the two fields of {@link clientFields}.
 */
export const POSTED_CLIENT = { clientId: '{{param.client_id}}', clientSecret: '{{param.client_secret}}' } as const;

/**
 * The two fields of a confidential client, `clientId` and `clientSecret`, both required: the names
 * a profile's `client` points at and its token request fills in. The help says where each is found.
 */
export function clientFields(help: { id?: string; secret?: string } = {}): FieldDef[] {
  return [
    { name: 'clientId', label: 'Client ID', type: 'text', required: true, ...(help.id ? { help: help.id } : {}) },
    {
      name: 'clientSecret',
      label: 'Client secret',
      type: 'secret',
      required: true,
      ...(help.secret ? { help: help.secret } : {}),
    },
  ];
}

/** The one step of a provider that hands out a token for a single request (client credentials): id `token`. */
export function tokenStep(request: RequestTemplate): HttpStep {
  return { kind: 'http', id: 'token', title: 'Request a token', expect: 'token', request };
}

/** Khoros answers an expired or revoked token with this page, on every API. */
export const khorosDeveloperInactive: DiagnosisRule = {
  when: { bodyIncludes: 'Developer Inactive' },
  code: 'TOKEN_REJECTED',
  message: 'Khoros answered "Developer Inactive": the access token has expired or was revoked.',
  hint: 'Get a new token, or check it under Profile Settings → Conversations in Khoros Marketing.',
  field: 'accessToken',
};

/** Environment names in Khoros URLs are case-sensitive: /Production/v1, never /production/v1. */
export const khorosServiceNotFound: DiagnosisRule = {
  when: { bodyIncludes: '586 Service Not Found' },
  code: 'HTTP_ERROR',
  message: 'Khoros answered "586 Service Not Found": that API path does not exist.',
  hint: 'Environment names in Khoros URLs are case-sensitive: use Production, VPC1 or APP3 exactly (…/Production/v1, not …/production/v1).',
  field: 'environment',
};

export const KHOROS_API_BASE_URL = 'https://api.spredfast.com';

/** Where both Khoros profiles call the API (the OAuth one and the pasted-token one): the same field. */
export const khorosApiBaseUrlField: FieldDef = {
  name: 'apiBaseUrl',
  label: 'API base URL',
  type: 'url',
  required: true,
  base: true,
  default: KHOROS_API_BASE_URL,
};

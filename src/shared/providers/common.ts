import type { DiagnosisRule, RequestTemplate } from '../domain/profile.ts';

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

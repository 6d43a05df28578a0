import type { Profile } from '../domain/profile.ts';
import { bearerGet, khorosApiBaseUrlField, khorosDeveloperInactive, khorosServiceNotFound } from './common.ts';

/** A Khoros Marketing API access token pasted from Profile Settings: a long-lived JWT, checked with /v2/me. */
export const khorosToken: Profile = {
  id: 'khoros-token',
  name: 'Khoros Marketing (API access token)',
  summary: 'A JWT API access token from Profile Settings, checked against /v2/me.',
  docs: {
    url: 'https://developer.khoros.com/khorosmarketingdevdocs/docs/getting-started-with-the-conversations-api',
  },
  recognize: {
    apiCall: {
      when: [{ hosts: ['spredfast.com', 'khoros.com'] }],
      values: { apiBaseUrl: '{{origin}}', accessToken: '{{bearer}}' },
    },
  },
  fields: [
    khorosApiBaseUrlField,
    {
      name: 'accessToken',
      label: 'API access token',
      type: 'secret',
      required: true,
      help: 'Acquire it in Khoros Marketing under Profile Settings; it is valid for two years.',
    },
  ],
  steps: [{ kind: 'static-token', id: 'token', title: 'Use the pasted token', token: '{{accessToken}}' }],
  check: { title: 'Who am I (/v2/me)', request: bearerGet('{{apiBaseUrl}}/v2/me') },
  diagnoses: [
    khorosDeveloperInactive,
    {
      when: { step: 'check', status: [401] },
      code: 'TOKEN_REJECTED',
      message: 'Khoros does not accept this API access token.',
      hint: 'Check API access token: paste the whole JWT from Profile Settings.',
      field: 'accessToken',
    },
    // This profile has no environment field: the environment is in the API base URL's path.
    { ...khorosServiceNotFound, field: 'apiBaseUrl' },
  ],
};

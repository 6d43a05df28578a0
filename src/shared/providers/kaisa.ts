import type { Profile } from '../domain/profile.ts';
import { clientFields, POSTED_CLIENT, tokenStep } from './common.ts';

/** Kaisa (formerly Freespee) REST and DNCS APIs: client credentials, 5-minute tokens. */
export const kaisa: Profile = {
  id: 'kaisa',
  name: 'Kaisa (Freespee)',
  summary: 'Client credentials for the Kaisa REST v2/v3 and DNCS APIs; tokens last 5 minutes.',
  docs: {},
  recognize: {
    tokenRequest: {
      when: [{ hosts: ['freespee.com'] }],
      values: {
        tokenUrl: '{{url}}',
        ...POSTED_CLIENT,
        bodyFormat: '{{bodyFormat}}',
      },
    },
    apiCall: { when: [{ hosts: ['freespee.com'] }], values: {} },
  },
  client: { id: 'clientId', secret: 'clientSecret' },
  exampleCallUrl: 'https://api.analytics.freespee.com/v3/customers',
  fields: [
    {
      name: 'tokenUrl',
      label: 'Token URL',
      type: 'url',
      required: true,
      default: 'https://auth.freespee.com/oauth2/token',
    },
    ...clientFields({ id: 'Kaisa Support issues the client ID and secret; they cannot be created in the app.' }),
    {
      name: 'bodyFormat',
      label: 'Body format',
      type: 'select',
      options: ['form', 'json'],
      default: 'form',
      help: 'Kaisa accepts the token request as URL-encoded form or as JSON.',
    },
  ],
  steps: [
    tokenStep({
      method: 'POST',
      url: '{{tokenUrl}}',
      headers: [['Accept', 'application/json']],
      body: {
        encoding: { field: 'bodyFormat' },
        fields: [
          ['grant_type', 'client_credentials'],
          ['client_id', '{{clientId}}'],
          ['client_secret', '{{clientSecret}}'],
        ],
      },
    }),
  ],
  diagnoses: [
    {
      when: { status: [400, 401], oauthError: 'invalid_client' },
      code: 'INVALID_CLIENT',
      message: 'Kaisa rejected the client credentials (invalid_client).',
      hint: 'Check Client ID and Client secret; Kaisa Support issues both.',
      field: 'clientSecret',
    },
    {
      when: { status: [401] },
      code: 'INVALID_CLIENT',
      message: 'Kaisa answered 401 Unauthorized: the client credentials were not accepted.',
      hint: 'Check Client ID and Client secret; Kaisa Support issues both.',
      field: 'clientSecret',
    },
  ],
};

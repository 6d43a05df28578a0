import type { Profile } from '../domain/profile.ts';
import { bearerGet, clientFields, POSTED_CLIENT } from './common.ts';

/**
 * Sunshine Conversations (formerly Smooch) OAuth: the user authorizes the integration in the
 * browser, the code is exchanged with a JSON body, and access is revoked with a DELETE.
 */
export const sunshine: Profile = {
  id: 'sunshine',
  name: 'Sunshine Conversations (OAuth)',
  summary: 'Authorization code: a Sunshine Conversations user connects your integration to an app.',
  docs: { url: 'https://docs.smooch.io/rest/' },
  recognize: {
    tokenRequest: {
      when: [{ hosts: ['smooch.io'], pathEnd: '/oauth/token' }],
      values: { baseUrl: '{{origin}}', ...POSTED_CLIENT },
    },
    apiCall: { when: [{ hosts: ['smooch.io'] }], values: { baseUrl: '{{origin}}' } },
  },
  client: { id: 'clientId', secret: 'clientSecret' },
  fields: [
    {
      name: 'baseUrl',
      label: 'API base URL',
      type: 'url',
      required: true,
      base: true,
      default: 'https://api.smooch.io',
    },
    ...clientFields({ id: 'Your integration’s unique identifier.' }),
    {
      name: 'redirectUri',
      label: 'Redirect URI',
      type: 'url',
      required: true,
      default: 'http://127.0.0.1/callback',
      help: 'A loopback URL registered with your integration. Without a port, Tokensmith picks a free one.',
    },
  ],
  steps: [
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Authorize in the browser',
      url: '{{baseUrl}}/oauth/authorize',
      params: [
        ['client_id', '{{clientId}}'],
        ['response_type', 'code'],
      ],
      redirectUri: '{{redirectUri}}',
    },
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code',
      expect: 'token',
      request: {
        method: 'POST',
        url: '{{baseUrl}}/oauth/token',
        headers: [['Accept', 'application/json']],
        body: {
          encoding: 'json',
          fields: [
            ['code', '{{steps.authorize.code}}'],
            ['grant_type', 'authorization_code'],
            ['client_id', '{{clientId}}'],
            ['client_secret', '{{clientSecret}}'],
          ],
        },
      },
    },
  ],
  check: { title: 'List apps', request: bearerGet('{{baseUrl}}/v2/apps') },
  revoke: {
    method: 'DELETE',
    url: '{{baseUrl}}/oauth/authorization',
    headers: [
      ['Accept', 'application/json'],
      ['Authorization', 'Bearer {{current.accessToken}}'],
    ],
  },
  diagnoses: [
    {
      when: { step: 'token', oauthError: 'invalid_client' },
      code: 'INVALID_CLIENT',
      message: 'Sunshine Conversations rejected the integration’s credentials (invalid_client).',
      hint: 'Check Client ID and Client secret of your integration.',
      field: 'clientSecret',
    },
    {
      when: { step: 'token', oauthError: 'invalid_grant' },
      code: 'HTTP_ERROR',
      message:
        'Sunshine Conversations refused the authorization code (invalid_grant): it was used, expired or is for another integration.',
      hint: 'Run the flow again to get a fresh code.',
    },
  ],
};

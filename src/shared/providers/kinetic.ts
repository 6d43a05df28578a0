import type { Profile } from '../domain/profile.ts';
import { bearerGet, clientFields, tokenStep } from './common.ts';

/**
 * Kinetic Platform: client credentials with HTTP Basic and both parameters in the query; the access
 * token is a JWT. The OAuth client's ID and secret are an integration user's username and password.
 */
export const kinetic: Profile = {
  id: 'kinetic',
  name: 'Kinetic Platform',
  summary: 'Client credentials with HTTP Basic for a Kinetic space; the token is a JWT.',
  docs: {},
  recognize: {
    tokenRequest: {
      when: [{ pathEnd: '/app/oauth/token', basicAuth: true }],
      values: { server: '{{base}}', clientId: '{{basic.username}}', clientSecret: '{{basic.password}}' },
    },
    apiCall: { when: [{ pathStart: '/app/api/' }], values: { server: '{{origin}}' } },
  },
  client: { id: 'clientId', secret: 'clientSecret' },
  fields: [
    {
      name: 'server',
      label: 'Server',
      type: 'url',
      required: true,
      base: true,
      placeholder: 'https://acme.kinops.io',
      help: 'Your space’s address, such as https://my-space-slug.kinetic-platform-location.com.',
    },
    ...clientFields({
      id: 'Space > Settings > OAuth: the Client ID is the integration user’s username (letters and digits only).',
      secret: 'The integration user’s password.',
    }),
  ],
  steps: [
    tokenStep({
      method: 'POST',
      url: '{{server}}/app/oauth/token',
      query: [
        ['grant_type', 'client_credentials'],
        ['response_type', 'token'],
      ],
      headers: [['Accept', 'application/json']],
      basicAuth: { username: '{{clientId}}', password: '{{clientSecret}}' },
    }),
  ],
  check: { title: 'Who am I', request: bearerGet('{{server}}/app/api/v1/me') },
  diagnoses: [
    {
      when: { step: 'token', status: [401] },
      code: 'INVALID_CLIENT',
      message: 'Kinetic rejected the Basic credentials ("Bad credentials").',
      hint: 'Check Client ID (the integration user’s username) and Client secret (its password) under Space > Settings > OAuth.',
      field: 'clientSecret',
    },
    {
      when: { step: 'token', status: [404] },
      code: 'HTTP_ERROR',
      message: 'There is no Kinetic token endpoint at /app/oauth/token on this server.',
      hint: 'Check Server: it is the space’s address, without a path.',
      field: 'server',
    },
  ],
};

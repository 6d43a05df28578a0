import type { Profile } from '../domain/profile.ts';
import {
  bearerGet,
  clientFields,
  KHOROS_API_BASE_URL,
  khorosApiBaseUrlField,
  khorosDeveloperInactive,
  khorosServiceNotFound,
  POSTED_CLIENT,
} from './common.ts';

const ENVIRONMENTS = ['Production', 'VPC1', 'APP3'];

/**
 * Khoros Marketing Conversations API (formerly Spredfast), 3-legged: /authorize, then the user's
 * login posted to /grant (answered by a redirect that carries the code), then /token. The token may
 * come back in a `data` envelope as `accessToken`.
 */
export const khoros: Profile = {
  id: 'khoros',
  name: 'Khoros Marketing (OAuth)',
  summary: 'Three-legged OAuth with your Khoros Marketing login; tokens last two years.',
  docs: {
    url: 'https://developer.khoros.com/khorosmarketingdevdocs/docs/getting-started-with-the-conversations-api',
  },
  environmentField: 'environment',
  // Its login requests (/authorize, /grant) are steps of its own flow: an import takes them by the steps' URLs.
  recognize: {
    tokenRequest: {
      when: [{ hosts: ['spredfast.com', 'khoros.com'], pathEnd: '/token', grantType: 'authorization_code' }],
      values: {
        authBaseUrl: '{{base}}',
        ...POSTED_CLIENT,
        redirectUri: '{{param.redirect_uri}}',
      },
    },
  },
  client: { id: 'clientId', secret: 'clientSecret' },
  // Environment names are case-sensitive in Khoros URLs, as its troubleshooting page lists them.
  environments: ENVIRONMENTS.map((name) => ({
    name,
    values: { environment: name },
    variables: { apiBase: `${KHOROS_API_BASE_URL}/${name}/v1` },
  })),
  fields: [
    {
      name: 'authBaseUrl',
      label: 'Auth base URL',
      type: 'url',
      required: true,
      base: true,
      default: 'https://login.spredfast.com/v1/oauth',
    },
    khorosApiBaseUrlField,
    {
      name: 'environment',
      // Not "Environment": that word is the workspace's variable sets, in the header and status bar.
      label: 'Khoros instance',
      type: 'select',
      options: ENVIRONMENTS,
      default: 'Production',
      help: 'The Khoros environment your account lives on: Production, VPC1 or APP3 (case-sensitive in Khoros URLs).',
    },
    ...clientFields({ id: 'Your personal API key for Khoros Marketing.', secret: 'Your personal API secret.' }),
    {
      name: 'loginEmail',
      label: 'Login email',
      type: 'text',
      required: true,
      help: 'The email you log in to Khoros Marketing with.',
    },
    {
      name: 'loginPassword',
      label: 'Login password',
      type: 'secret',
      required: true,
      help: 'Khoros gives the code only after a login: Tokensmith posts this password to Khoros’ /grant, as Khoros’ own login page does, and nowhere else. It is kept sealed in the vault, never shown or exported.',
    },
    {
      name: 'redirectUri',
      label: 'Redirect URI',
      type: 'url',
      required: true,
      placeholder: 'https://example.com/oauth/callback',
      help: 'The redirect URI registered with your API key. Tokensmith reads the code from the redirect and never visits it.',
    },
  ],
  steps: [
    {
      kind: 'http',
      id: 'authorize',
      title: 'Open /authorize',
      expect: 'page',
      request: {
        method: 'GET',
        url: '{{authBaseUrl}}/authorize',
        query: [
          ['response_type', 'code'],
          ['client_id', '{{clientId}}'],
          ['redirect_uri', '{{redirectUri}}'],
        ],
        headers: [['Accept', 'text/html']],
      },
    },
    {
      kind: 'http',
      id: 'grant',
      title: 'Log in at /grant',
      expect: 'redirect',
      request: {
        method: 'POST',
        url: '{{authBaseUrl}}/grant',
        headers: [['Accept', 'text/html']],
        body: {
          encoding: 'form',
          fields: [
            ['response_type', 'code'],
            ['client_id', '{{clientId}}'],
            ['redirect_uri', '{{redirectUri}}'],
            ['email', '{{loginEmail}}'],
            ['password', '{{loginPassword}}'],
          ],
        },
      },
    },
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code at /token',
      expect: 'token',
      request: {
        method: 'POST',
        url: '{{authBaseUrl}}/token',
        headers: [['Accept', 'application/json']],
        body: {
          encoding: 'form',
          fields: [
            ['grant_type', 'authorization_code'],
            ['code', '{{steps.grant.code}}'],
            ['client_id', '{{clientId}}'],
            ['client_secret', '{{clientSecret}}'],
            ['redirect_uri', '{{redirectUri}}'],
          ],
        },
      },
    },
  ],
  check: { title: 'Who am I (/v2/me)', request: bearerGet('{{apiBaseUrl}}/v2/me') },
  diagnoses: [
    {
      when: { bodyIncludes: 'unrecognized application' },
      code: 'INVALID_CLIENT',
      message: 'Khoros does not recognise this application: the client_id is not valid.',
      hint: 'Check Client ID: it is your personal API key for Khoros Marketing.',
      field: 'clientId',
    },
    {
      when: { step: 'grant', bodyIncludes: 'Incorrect Email or Password' },
      code: 'INVALID_CREDENTIALS',
      message: 'Khoros says "Incorrect Email or Password".',
      hint: 'Check Login email and Login password: the ones you log in to Khoros Marketing with.',
      field: 'loginPassword',
    },
    {
      when: { step: 'token', status: [500] },
      code: 'INVALID_CLIENT',
      message: 'Khoros answered 500 SERVER ERROR at /token, which is how it reports a wrong client secret.',
      hint: 'Check Client secret: your personal API secret for Khoros Marketing.',
      field: 'clientSecret',
    },
    { ...khorosDeveloperInactive, field: undefined },
    khorosServiceNotFound,
  ],
};

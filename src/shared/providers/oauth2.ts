import type { Pair } from '../domain/http.ts';
import { CLIENT_AUTH_METHODS, type Condition, type Profile, type RequestTemplate } from '../domain/profile.ts';

const TOKEN_URL = '{{tokenUrl|steps.discover.token_endpoint}}';
const grant = (...types: string[]): Condition => ({ field: 'grantType', in: types });
const CLIENT_AUTH = { method: { field: 'clientAuth' }, clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' };
const RESOURCE_PARAMS: Pair[] = [
  ['scope?', '{{scope}}'],
  ['audience?', '{{audience}}'],
  ['resource?', '{{resource}}'],
];

/** A POST to the token endpoint with client authentication and the user's extra parameters. */
function tokenRequest(params: readonly Pair[], url = TOKEN_URL): RequestTemplate {
  return {
    method: 'POST',
    url,
    headers: [['Accept', 'application/json']],
    body: { encoding: 'form', fields: params },
    clientAuth: CLIENT_AUTH,
    extraParams: { field: 'extraParams' },
  };
}

/**
 * Any standards-following OAuth 2.0 server: client credentials, authorization code with PKCE,
 * refresh token, device authorization and (behind a warning) password; every client
 * authentication method of RFC 6749 and RFC 7523; endpoints typed in or discovered from the issuer.
 */
export const oauth2: Profile = {
  id: 'oauth2',
  name: 'Generic OAuth 2.0',
  summary: 'Any OAuth 2.0 / OpenID Connect server: every grant, every client authentication, discovery.',
  docs: { url: 'https://www.rfc-editor.org/rfc/rfc6749' },
  fields: [
    {
      name: 'grantType',
      label: 'Grant type',
      type: 'select',
      options: ['client_credentials', 'authorization_code', 'device_code', 'refresh_token', 'password'],
      optionLabels: {
        client_credentials: 'Client credentials (client_credentials)',
        authorization_code: 'Authorization code, in the browser (authorization_code)',
        device_code: 'Device code, on another device (device_code)',
        refresh_token: 'Refresh token (refresh_token)',
        password: 'Password, deprecated (password)',
      },
      default: 'client_credentials',
      help: 'RFC 6749 §4; the device code grant is RFC 8628.',
    },
    {
      name: 'issuer',
      label: 'Issuer',
      type: 'url',
      help: 'Issuer or Token URL is required. With an issuer, the endpoints come from its discovery document (OpenID Connect Discovery or RFC 8414).',
    },
    {
      name: 'tokenUrl',
      label: 'Token URL',
      type: 'url',
      help: 'Issuer or Token URL is required. Leave empty to use the discovered token endpoint.',
    },
    { name: 'authorizeUrl', label: 'Authorization URL', type: 'url', when: grant('authorization_code') },
    { name: 'deviceUrl', label: 'Device authorization URL', type: 'url', when: grant('device_code') },
    {
      name: 'revokeUrl',
      label: 'Revocation URL',
      type: 'url',
      help: 'Where Revoke sends the token (RFC 7009); empty to use the discovered one.',
    },
    { name: 'clientId', label: 'Client ID', type: 'text', required: true },
    {
      name: 'clientAuth',
      label: 'Client authentication',
      type: 'select',
      options: CLIENT_AUTH_METHODS,
      optionLabels: {
        basic: 'Send credentials in the Authorization header (client_secret_basic)',
        form: 'Send credentials in the body (client_secret_post)',
        json: 'Send credentials in a JSON body',
        private_key_jwt: 'Sign an assertion with a private key (private_key_jwt)',
        client_secret_jwt: 'Sign an assertion with the client secret (client_secret_jwt)',
        none: 'None, a public client (none)',
      },
      default: 'basic',
      help: 'How the client proves who it is (RFC 6749 §2.3; signed assertions: RFC 7523). The server’s discovery document lists what it accepts.',
    },
    {
      name: 'clientSecret',
      label: 'Client secret',
      type: 'secret',
      required: true,
      when: { field: 'clientAuth', in: ['basic', 'form', 'json', 'client_secret_jwt'] },
    },
    {
      name: 'privateKey',
      label: 'Private key',
      type: 'secret',
      required: true,
      when: { field: 'clientAuth', in: ['private_key_jwt'] },
      help: 'PEM (PKCS#8) or JWK; RSA, EC or Ed25519. Signs the client assertion.',
    },
    { name: 'scope', label: 'Scope', type: 'text', placeholder: 'openid offline_access' },
    { name: 'audience', label: 'Audience', type: 'text' },
    { name: 'resource', label: 'Resource', type: 'text', help: 'RFC 8707 resource indicator.' },
    {
      name: 'redirectUri',
      label: 'Redirect URI',
      type: 'url',
      required: true,
      default: 'http://127.0.0.1/callback',
      when: grant('authorization_code'),
      help: 'A loopback URL (RFC 8252); without a port, Tokensmith picks a free one.',
    },
    {
      name: 'pkce',
      label: 'PKCE',
      type: 'select',
      options: ['S256', 'off'],
      default: 'S256',
      when: grant('authorization_code'),
    },
    { name: 'refreshToken', label: 'Refresh token', type: 'secret', required: true, when: grant('refresh_token') },
    { name: 'username', label: 'Username', type: 'text', required: true, when: grant('password') },
    { name: 'password', label: 'Password', type: 'secret', required: true, when: grant('password') },
    {
      name: 'extraParams',
      label: 'Extra parameters',
      type: 'multiline',
      placeholder: 'authorize prompt=consent\nbody tenant=acme\nheader X-Request-Id: 42',
      help: 'Sent as well: in the body, the query, a header, or the browser’s authorization URL. As text, one a line: authorize name=value, query name=value, body name=value or header Name: value.',
    },
  ],
  steps: [
    {
      kind: 'discover',
      id: 'discover',
      title: 'Discover the endpoints',
      issuer: '{{issuer}}',
      when: { field: 'issuer', filled: true },
    },
    {
      kind: 'http',
      id: 'client-credentials',
      title: 'Request a token (client credentials)',
      expect: 'token',
      when: grant('client_credentials'),
      request: tokenRequest([['grant_type', 'client_credentials'], ...RESOURCE_PARAMS]),
    },
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Authorize in the browser',
      when: grant('authorization_code'),
      url: '{{authorizeUrl|steps.discover.authorization_endpoint}}',
      params: [['response_type', 'code'], ['client_id', '{{clientId}}'], ...RESOURCE_PARAMS],
      redirectUri: '{{redirectUri}}',
      pkce: { field: 'pkce', in: ['S256'] },
      issuer: '{{issuer}}',
      extraParams: { field: 'extraParams' },
    },
    {
      kind: 'http',
      id: 'code-exchange',
      title: 'Exchange the code',
      expect: 'token',
      when: grant('authorization_code'),
      request: tokenRequest([
        ['grant_type', 'authorization_code'],
        ['code', '{{steps.authorize.code}}'],
        ['redirect_uri', '{{steps.authorize.redirect_uri}}'],
        ['code_verifier?', '{{steps.authorize.code_verifier}}'],
        ['resource?', '{{resource}}'],
      ]),
    },
    {
      kind: 'device',
      id: 'device',
      title: 'Authorize this device',
      when: grant('device_code'),
      request: {
        method: 'POST',
        url: '{{deviceUrl|steps.discover.device_authorization_endpoint}}',
        headers: [['Accept', 'application/json']],
        body: { encoding: 'form', fields: RESOURCE_PARAMS },
        clientAuth: CLIENT_AUTH,
        extraParams: { field: 'extraParams' },
      },
      poll: tokenRequest([
        ['grant_type', 'urn:ietf:params:oauth:grant-type:device_code'],
        ['device_code', '{{steps.device.device_code}}'],
      ]),
    },
    {
      kind: 'http',
      id: 'refresh',
      title: 'Refresh the token',
      expect: 'token',
      when: grant('refresh_token'),
      request: tokenRequest([
        ['grant_type', 'refresh_token'],
        ['refresh_token', '{{refreshToken}}'],
        ['scope?', '{{scope}}'],
      ]),
    },
    {
      kind: 'http',
      id: 'password',
      title: 'Request a token (password)',
      expect: 'token',
      when: grant('password'),
      request: tokenRequest([
        ['grant_type', 'password'],
        ['username', '{{username}}'],
        ['password', '{{password}}'],
        ...RESOURCE_PARAMS,
      ]),
    },
  ],
  refresh: tokenRequest([
    ['grant_type', 'refresh_token'],
    ['refresh_token', '{{current.refreshToken}}'],
  ]),
  revoke: tokenRequest(
    [
      ['token', '{{current.token}}'],
      ['token_type_hint', '{{current.tokenTypeHint}}'],
    ],
    '{{revokeUrl|steps.discover.revocation_endpoint}}',
  ),
  warnings: [
    {
      when: grant('password'),
      message:
        'The password grant hands the user’s password to this app and is deprecated by the OAuth 2.0 Security Best Current Practice (RFC 9700). Use it only with a server and account you control.',
    },
  ],
  diagnoses: [],
};

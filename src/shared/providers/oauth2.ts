import type { Pair } from '../domain/http.ts';
import { CLIENT_AUTH_METHODS, type Condition, type Profile, type RequestTemplate } from '../domain/profile.ts';

const TOKEN_URL = '{{tokenUrl|steps.discover.token_endpoint}}';
const grant = (...types: string[]): Condition => ({ field: 'grantType', in: types });
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** RFC 8693 §3 token type identifiers. */
const TOKEN_TYPES = [
  ACCESS_TOKEN_TYPE,
  'urn:ietf:params:oauth:token-type:refresh_token',
  'urn:ietf:params:oauth:token-type:id_token',
  'urn:ietf:params:oauth:token-type:jwt',
  'urn:ietf:params:oauth:token-type:saml2',
];
const CERTIFICATE_AUTH: Condition = { field: 'clientAuth', in: ['tls_client_auth', 'self_signed_tls_client_auth'] };
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
      options: [
        'client_credentials',
        'authorization_code',
        'device_code',
        'refresh_token',
        'password',
        'token_exchange',
        'jwt_bearer',
      ],
      default: 'client_credentials',
    },
    {
      name: 'issuer',
      label: 'Issuer',
      type: 'url',
      help: 'With an issuer, the endpoints come from its discovery document (OpenID Connect or RFC 8414).',
    },
    { name: 'tokenUrl', label: 'Token URL', type: 'url', help: 'Leave empty to use the discovered token endpoint.' },
    { name: 'authorizeUrl', label: 'Authorization URL', type: 'url', when: grant('authorization_code') },
    { name: 'deviceUrl', label: 'Device authorization URL', type: 'url', when: grant('device_code') },
    { name: 'revokeUrl', label: 'Revocation URL', type: 'url', help: 'RFC 7009; empty to use the discovered one.' },
    {
      name: 'introspectUrl',
      label: 'Introspection URL',
      type: 'url',
      help: 'RFC 7662: asks the server whether a token is still active; empty to use the discovered one.',
    },
    { name: 'clientId', label: 'Client ID', type: 'text', required: true },
    {
      name: 'clientAuth',
      label: 'Client authentication',
      type: 'select',
      options: CLIENT_AUTH_METHODS,
      default: 'basic',
      help: 'basic: HTTP Basic; form or json: in the body; private_key_jwt and client_secret_jwt: a signed assertion (RFC 7523); tls_client_auth and self_signed_tls_client_auth: a client certificate (RFC 8705); none: public client. The registered names (client_secret_basic, client_secret_post) work too.',
    },
    {
      name: 'clientSecret',
      label: 'Client secret',
      type: 'secret',
      required: true,
      when: {
        field: 'clientAuth',
        in: ['basic', 'form', 'json', 'client_secret_jwt', 'client_secret_basic', 'client_secret_post'],
      },
    },
    {
      name: 'privateKey',
      label: 'Private key',
      type: 'secret',
      required: true,
      when: { field: 'clientAuth', in: ['private_key_jwt'] },
      help: 'PEM (PKCS#8) or JWK; RSA, EC or Ed25519. Signs the client assertion.',
    },
    {
      name: 'clientCertificate',
      label: 'Client certificate',
      type: 'secret',
      required: true,
      when: CERTIFICATE_AUTH,
      help: 'RFC 8705: PEM (-----BEGIN CERTIFICATE-----), or a PKCS#12 (.p12) file as base64. The token is bound to it, and requests with the token present it.',
    },
    {
      name: 'clientCertificateKey',
      label: 'Certificate key',
      type: 'secret',
      when: CERTIFICATE_AUTH,
      help: 'The certificate’s private key, PEM. Not needed with PKCS#12.',
    },
    {
      name: 'clientCertificatePassword',
      label: 'Certificate password',
      type: 'secret',
      when: CERTIFICATE_AUTH,
      help: 'The password of a PKCS#12 file.',
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
      name: 'par',
      label: 'Send the authorization request first (PAR)',
      type: 'select',
      options: ['auto', 'on', 'off'],
      default: 'auto',
      when: grant('authorization_code'),
      help: 'RFC 9126: the parameters go straight to the server, and the browser only carries a reference to them. auto: when the server or the client requires it.',
    },
    {
      name: 'requestObject',
      label: 'Sign the authorization request (JAR)',
      type: 'select',
      options: ['off', 'signed'],
      default: 'off',
      when: grant('authorization_code'),
      help: 'RFC 9101: the parameters travel as a JWT signed with the private key (or, without one, the client secret), so nobody can change them on the way.',
    },
    {
      name: 'dpop',
      label: 'Bind the token to a key (DPoP)',
      type: 'select',
      options: ['off', 'ES256', 'EdDSA', 'RS256'],
      default: 'off',
      help: 'RFC 9449: each token gets its own key pair, kept sealed in the vault; every request with the token carries a fresh proof signed with it, so a stolen token is useless alone.',
    },
    {
      name: 'subjectToken',
      label: 'Token to exchange',
      type: 'secret',
      when: grant('token_exchange'),
      help: 'RFC 8693: the subject token, pasted; or leave it empty and pick a token of the ledger.',
    },
    {
      name: 'subjectLedgerEntry',
      label: 'Token to exchange, from the ledger',
      type: 'text',
      when: grant('token_exchange'),
      help: 'The ledger entry whose access token is exchanged.',
    },
    {
      name: 'subjectTokenType',
      label: 'Type of the token to exchange',
      type: 'select',
      options: TOKEN_TYPES,
      default: ACCESS_TOKEN_TYPE,
      when: grant('token_exchange'),
    },
    {
      name: 'actorToken',
      label: 'Actor token',
      type: 'secret',
      when: grant('token_exchange'),
      help: 'RFC 8693 §1.1: who acts on behalf of the subject (delegation); optional.',
    },
    {
      name: 'actorTokenType',
      label: 'Type of the actor token',
      type: 'select',
      options: TOKEN_TYPES,
      default: ACCESS_TOKEN_TYPE,
      when: grant('token_exchange'),
    },
    {
      name: 'requestedTokenType',
      label: 'Type of token to get',
      type: 'text',
      placeholder: ACCESS_TOKEN_TYPE,
      when: grant('token_exchange'),
      help: 'RFC 8693 requested_token_type; empty lets the server choose.',
    },
    {
      name: 'assertionKey',
      label: 'Assertion signing key',
      type: 'secret',
      required: true,
      when: grant('jwt_bearer'),
      help: 'RFC 7523 §2.1: PEM (PKCS#8) or JWK private key, RSA, EC or Ed25519; signs the assertion sent as the grant.',
    },
    {
      name: 'assertionIssuer',
      label: 'Assertion issuer (iss)',
      type: 'text',
      required: true,
      when: grant('jwt_bearer'),
    },
    {
      name: 'assertionSubject',
      label: 'Assertion subject (sub)',
      type: 'text',
      required: true,
      when: grant('jwt_bearer'),
    },
    {
      name: 'assertionAudience',
      label: 'Assertion audience (aud)',
      type: 'text',
      when: grant('jwt_bearer'),
      help: 'Empty: the token endpoint.',
    },
    {
      name: 'extraParams',
      label: 'Extra parameters',
      type: 'multiline',
      placeholder: 'authorize prompt=consent\nbody tenant=acme\nheader X-Request-Id: 42',
      help: 'One a line: authorize name=value (the browser URL), query name=value, body name=value or header Name: value.',
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
      issuerAdvertised: '{{steps.discover.authorization_response_iss_parameter_supported}}',
      requestObject: { mode: { field: 'requestObject' }, audience: '{{steps.discover.issuer|issuer}}' },
      pushed: {
        mode: { field: 'par' },
        url: '{{steps.discover.pushed_authorization_request_endpoint}}',
        required: '{{steps.discover.require_pushed_authorization_requests}}',
        clientAuth: CLIENT_AUTH,
      },
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
    {
      kind: 'http',
      id: 'token-exchange',
      title: 'Exchange the token (RFC 8693)',
      expect: 'token',
      when: grant('token_exchange'),
      request: tokenRequest([
        ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        ['subject_token', '{{subjectToken|steps.exchange.subject_token}}'],
        ['subject_token_type', '{{subjectTokenType}}'],
        ['actor_token?', '{{actorToken}}'],
        ['actor_token_type?', '{{steps.exchange.actor_token_type}}'],
        ['requested_token_type?', '{{requestedTokenType}}'],
        ...RESOURCE_PARAMS,
      ]),
    },
    {
      kind: 'http',
      id: 'jwt-bearer',
      title: 'Request a token with a signed assertion (RFC 7523)',
      expect: 'token',
      when: grant('jwt_bearer'),
      request: {
        ...tokenRequest([
          ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
          ['assertion', '{{steps.assertion.jwt}}'],
          ...RESOURCE_PARAMS,
        ]),
        assertion: {
          issuer: '{{assertionIssuer}}',
          subject: '{{assertionSubject}}',
          audience: '{{assertionAudience}}',
          key: '{{assertionKey}}',
          output: 'steps.assertion.jwt',
        },
      },
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
  introspect: tokenRequest(
    [
      ['token', '{{current.token}}'],
      ['token_type_hint?', '{{current.tokenTypeHint}}'],
    ],
    '{{introspectUrl|steps.discover.introspection_endpoint}}',
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

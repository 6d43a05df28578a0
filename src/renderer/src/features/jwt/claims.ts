/** What registered and common JWT claims mean, for people reading a token. */
export const CLAIM_NAMES: Record<string, string> = {
  iss: 'Issuer: who made the token',
  sub: 'Subject: who the token is about',
  aud: 'Audience: who should accept it',
  exp: 'Expires at',
  nbf: 'Not valid before',
  iat: 'Issued at',
  jti: 'JWT ID: unique, to stop replays',
  scope: 'Scope: what it allows',
  scp: 'Scopes: what it allows',
  client_id: 'The client it was issued to',
  azp: 'Authorized party: the client that asked',
  nonce: 'Nonce: ties it to one login',
  auth_time: 'When the user logged in',
  acr: 'Authentication context class',
  amr: 'Authentication methods used',
  sid: 'Session ID',
  cnf: 'Confirmation: the key it is bound to',
  roles: 'Roles',
  email: 'Email',
  name: 'Name',
};

export const HEADER_NAMES: Record<string, string> = {
  alg: 'Signature algorithm',
  typ: 'Token type',
  kid: 'Key ID: which key signed it',
  cty: 'Content type',
  jku: 'JWK set URL',
  x5t: 'Certificate thumbprint',
};

export const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

import type { ErrorCode } from './errors.ts';
import type { HttpMethod, Pair } from './http.ts';

export type FieldType = 'text' | 'url' | 'secret' | 'select' | 'multiline';

/** A step, field or warning applies when the field's value is one of `in`, or is `filled`. */
export type Condition =
  { readonly field: string; readonly in: readonly string[] } | { readonly field: string; readonly filled: boolean };

export interface FieldDef {
  /** Public interface: CLI `--set name=…`, environment variables and saved requests use it. */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly required?: boolean;
  readonly default?: string;
  readonly options?: readonly string[];
  /** Each option in words, as the form shows it ("Client credentials (client_credentials)"); the value stays. */
  readonly optionLabels?: Readonly<Record<string, string>>;
  readonly placeholder?: string;
  readonly help?: string;
  /** Shown (and required, when `required`) only when the condition holds. */
  readonly when?: Condition;
  /** A base URL that paths are appended to: trailing slashes are dropped. */
  readonly base?: boolean;
}

/**
 * Client authentication at the token endpoint: Tokensmith's short names (`basic`, `form`, `json`)
 * and every method by its registered name, as discovery documents list them (`client_secret_basic`
 * is `basic`, `client_secret_post` is `form`).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 * @see https://www.iana.org/assignments/oauth-parameters/oauth-parameters.xhtml#token-endpoint-auth-method
 */
export const CLIENT_AUTH_METHODS = [
  'basic',
  'form',
  'json',
  'private_key_jwt',
  'client_secret_jwt',
  'none',
  'client_secret_basic',
  'client_secret_post',
  'tls_client_auth',
  'self_signed_tls_client_auth',
] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/**
 * The registered name of each method, as a discovery document's `token_endpoint_auth_methods_supported`
 * lists it (JSON in the body has none).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export const CLIENT_AUTH_PROTOCOL_NAMES: Readonly<Record<ClientAuthMethod, string | undefined>> = {
  basic: 'client_secret_basic',
  form: 'client_secret_post',
  json: undefined,
  private_key_jwt: 'private_key_jwt',
  client_secret_jwt: 'client_secret_jwt',
  none: 'none',
  client_secret_basic: 'client_secret_basic',
  client_secret_post: 'client_secret_post',
  tls_client_auth: 'tls_client_auth',
  self_signed_tls_client_auth: 'self_signed_tls_client_auth',
};

/** The registered client authentication methods in words, for labels and hints. */
export const CLIENT_AUTH_WORDS: Readonly<Record<string, string>> = {
  client_secret_basic: 'credentials in the Authorization header',
  client_secret_post: 'credentials in the body',
  private_key_jwt: 'an assertion signed with a private key',
  client_secret_jwt: 'an assertion signed with the client secret',
  none: 'no client authentication (a public client)',
  tls_client_auth: 'a TLS client certificate',
  self_signed_tls_client_auth: 'a self-signed TLS client certificate',
};

/**
 * A request before its placeholders are filled in. String values may hold `{{name}}` (a field, or
 * a value an earlier step produced such as `{{steps.authorize.code}}`), with `|` for a fallback:
 * `{{tokenUrl|steps.discover.token_endpoint}}`. A pair whose name ends in `?` is left out when its
 * value is empty. Pairs keep their order.
 */
export interface RequestTemplate {
  readonly method: HttpMethod;
  readonly url: string;
  /** Appended to the URL's own query, in order. */
  readonly query?: readonly Pair[];
  readonly headers?: readonly Pair[];
  /** HTTP Basic with the values as they are (not form-encoded), as Kinetic expects. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly body?: {
    /** `form` or `json`, or the name of a select field whose value is one of those. */
    readonly encoding: 'form' | 'json' | { readonly field: string };
    readonly fields: readonly Pair[];
  };
  /** OAuth client authentication, added to the request by the engine. */
  readonly clientAuth?: {
    readonly method: ClientAuthMethod | { readonly field: string };
    readonly clientId: string;
    readonly clientSecret: string;
  };
  /** A multiline field of extra parameters: `query name=value`, `body name=value`, `header Name: value`, `authorize name=value`. */
  readonly extraParams?: { readonly field: string };
  /**
   * A JWT bearer assertion (RFC 7523 §2.1) the engine signs for this request and puts in the var
   * `output`; an empty audience is the request's URL.
   */
  readonly assertion?: {
    readonly issuer: string;
    readonly subject: string;
    readonly audience: string;
    readonly key: string;
    readonly output: string;
  };
}

interface StepBase {
  readonly id: string;
  readonly title: string;
  readonly when?: Condition;
}

/**
 * An HTTP exchange. `expect` says what a good answer is: a token response, a redirect whose
 * `Location` query becomes the step's outputs (`steps.<id>.code`), or any 2xx page.
 */
export interface HttpStep extends StepBase {
  readonly kind: 'http';
  readonly request: RequestTemplate;
  readonly expect: 'token' | 'redirect' | 'page';
}

/**
 * The user authorizes in the system browser; the answer comes back to an RFC 8252 loopback
 * listener (or is pasted). Outputs: `code`, and `redirect_uri` as actually used.
 */
export interface AuthorizeStep extends StepBase {
  readonly kind: 'authorize';
  readonly url: string;
  readonly params: readonly Pair[];
  /** A loopback URL; without a port, an ephemeral one is chosen. */
  readonly redirectUri: string;
  /** PKCE S256, always or when a field says so. @see https://www.rfc-editor.org/rfc/rfc7636 */
  readonly pkce?: boolean | Condition;
  /** When set, an `iss` in the response must equal it. @see https://www.rfc-editor.org/rfc/rfc9207 */
  readonly issuer?: string;
  /** The field whose `authorize name=value` lines are added to the URL. */
  readonly extraParams?: { readonly field: string };
  /** Non-empty and "true" when the server promises `iss` in every response (RFC 9207): then it is required. */
  readonly issuerAdvertised?: string;
  /**
   * Signed request objects (RFC 9101): when the select field says `signed`, the parameters go as a
   * JWT signed with the `privateKey` field (or HS256 with `clientSecret`), for `audience`.
   */
  readonly requestObject?: { readonly mode: { readonly field: string }; readonly audience: string };
  /**
   * Pushed authorization requests (RFC 9126): the parameters go to `url` first, with client
   * authentication, and the browser gets only `client_id` and `request_uri`. The select field says
   * `on`, `off` or `auto` (when `required` renders "true", or when the server answers that the
   * client must use PAR).
   * @see https://www.rfc-editor.org/rfc/rfc9126
   */
  readonly pushed?: {
    readonly mode: { readonly field: string };
    readonly url: string;
    readonly required: string;
    readonly clientAuth: NonNullable<RequestTemplate['clientAuth']>;
  };
}

/** RFC 8628: ask for a device code, show the user code, poll the token endpoint. */
export interface DeviceStep extends StepBase {
  readonly kind: 'device';
  readonly request: RequestTemplate;
  /** The token request; `{{steps.<id>.device_code}}` is available to it. */
  readonly poll: RequestTemplate;
}

/** Reads the authorization server's metadata; outputs are its members (`token_endpoint`, …). */
export interface DiscoverStep extends StepBase {
  readonly kind: 'discover';
  readonly issuer: string;
}

/** Signs a JWT locally, without any network. */
export interface SignJwtStep extends StepBase {
  readonly kind: 'sign-jwt';
  readonly alg: 'HS256';
  readonly key: string;
  readonly header: readonly Pair[];
  readonly claims: readonly Pair[];
}

/** A token the user already has (pasted), taken as it is. */
export interface StaticTokenStep extends StepBase {
  readonly kind: 'static-token';
  readonly token: string;
}

export type FlowStep = HttpStep | AuthorizeStep | DeviceStep | DiscoverStep | SignJwtStep | StaticTokenStep;

/**
 * A provider's known failure: when a response matches, the user gets this sentence and the field
 * to fix instead of a bare status code.
 */
export interface DiagnosisRule {
  readonly when: {
    /** The step (or `check`) the response belongs to; any step when absent. */
    readonly step?: string;
    readonly status?: readonly number[];
    /** Case-insensitive substring of the body. */
    readonly bodyIncludes?: string;
    /** The OAuth `error` code of a JSON error body. @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2 */
    readonly oauthError?: string;
  };
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly field?: string;
}

/**
 * Which requests an import takes to be this provider's. A match holds when every condition it sets
 * holds; a host matches itself and every host below it (`example.com` matches `api.example.com`).
 */
export interface RequestMatch {
  readonly hosts?: readonly string[];
  /** The URL's path ends with this; `{{base}}` is the URL before it. */
  readonly pathEnd?: string;
  /** The URL's path starts with this. */
  readonly pathStart?: string;
  /** The request's `grant_type` parameter. */
  readonly grantType?: string;
  /** The request carries HTTP Basic credentials. */
  readonly basicAuth?: boolean;
}

/**
 * Where an imported request carries each field's value. In `values`, `{{url}}` is the URL without a
 * `grant_type` in its query, `{{origin}}` its origin, `{{base}}` the URL before the matched
 * `pathEnd`, `{{param.NAME}}` a body (or else query) parameter, `{{basic.username}}` and
 * `{{basic.password}}` the HTTP Basic credentials, `{{bodyFormat}}` `json` or `form`, and
 * `{{bearer}}` an API call's Bearer token. An empty value leaves its field out.
 */
export interface Recognizer {
  /** Any one of these is a match. */
  readonly when: readonly RequestMatch[];
  readonly values: Readonly<Record<string, string>>;
}

/** How an import tells this provider's requests from any other's. */
export interface Recognition {
  /** A request for a token at this provider's token endpoint. */
  readonly tokenRequest?: Recognizer;
  /** A call to this provider's API, when no token request came with it: the saved request that holds it. */
  readonly apiCall?: Recognizer;
}

/** The fields that say who the client is and hold what it signs with (client assertions, request objects, ID tokens). */
export interface ClientFields {
  /** The client's identifier, as the token ledger shows it. */
  readonly id: string;
  /** The shared secret. */
  readonly secret?: string;
  /** A private key (PEM or JWK). */
  readonly privateKey?: string;
}

/** A set of field values and variables the provider is known to need (Khoros' Production, VPC1, APP3). */
export interface ProfileEnvironment {
  readonly name: string;
  readonly values: FieldValues;
  readonly variables: Readonly<Record<string, string>>;
}

export interface Profile {
  readonly id: string;
  readonly name: string;
  /** One line for the provider picker. */
  readonly summary: string;
  readonly docs: {
    /** The provider's own getting-started page. */
    readonly url?: string;
  };
  /** How an import recognises this provider's requests. */
  readonly recognize?: Recognition;
  /** Which fields identify the client and hold its keys. */
  readonly client?: ClientFields;
  /** The environments a new workspace starts with for this provider. */
  readonly environments?: readonly ProfileEnvironment[];
  /** A first API call to offer after a token (the Follow-ups tab's "Add"): GET with `{{token}}` as its Bearer. */
  readonly exampleCallUrl?: string;
  readonly fields: readonly FieldDef[];
  readonly steps: readonly FlowStep[];
  /** A "who am I" call made with the new token, `{{current.accessToken}}` in it. */
  readonly check?: { readonly title: string; readonly request: RequestTemplate };
  /** The refresh-token grant, `{{current.refreshToken}}` in it. */
  readonly refresh?: RequestTemplate;
  /** Revocation, `{{current.token}}` and `{{current.tokenTypeHint}}` in it. */
  readonly revoke?: RequestTemplate;
  /** Introspection (RFC 7662), `{{current.token}}` and `{{current.tokenTypeHint}}` in it. */
  readonly introspect?: RequestTemplate;
  /** The field that names the environment (Khoros: Production, VPC1, APP3), for the token ledger. */
  readonly environmentField?: string;
  /** Risky choices the user must see before running. */
  readonly warnings?: readonly { readonly when: Condition; readonly message: string }[];
  readonly diagnoses: readonly DiagnosisRule[];
}

export type FieldValues = Readonly<Record<string, string>>;

export function holds(condition: Condition | undefined, values: FieldValues, profile: Profile): boolean {
  if (!condition) return true;
  const field = profile.fields.find((candidate) => candidate.name === condition.field);
  const value = values[condition.field] ?? field?.default ?? '';
  return 'in' in condition ? condition.in.includes(value) : (value.trim() !== '') === condition.filled;
}

/** The fields that apply to these values: hidden conditional fields are left out. */
export function activeFields(profile: Profile, values: FieldValues): FieldDef[] {
  return profile.fields.filter((field) => holds(field.when, values, profile));
}

export function activeSteps(profile: Profile, values: FieldValues): FlowStep[] {
  return profile.steps.filter((step) => holds(step.when, values, profile));
}

export function activeWarnings(profile: Profile, values: FieldValues): string[] {
  return (profile.warnings ?? []).filter((warning) => holds(warning.when, values, profile)).map((w) => w.message);
}

/** The values of the client's fields: its identifier (empty when the profile has none), secret and private key. */
export function clientCredentials(
  profile: Profile,
  values: FieldValues,
): { id: string; secret: string | undefined; privateKey: string | undefined } {
  const { client } = profile;
  return {
    id: (client && values[client.id]) ?? '',
    secret: client?.secret === undefined ? undefined : values[client.secret],
    privateKey: client?.privateKey === undefined ? undefined : values[client.privateKey],
  };
}

export function secretFieldNames(profile: Profile): string[] {
  return profile.fields.filter((field) => field.type === 'secret').map((field) => field.name);
}

/** The values a form starts with: each field's default, or empty. */
export function defaultValues(profile: Profile): Record<string, string> {
  return Object.fromEntries(profile.fields.map((field) => [field.name, field.default ?? '']));
}

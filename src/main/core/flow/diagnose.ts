import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpResponseRecord } from '../../../shared/domain/http.ts';
import {
  activeFields,
  CLIENT_AUTH_PROTOCOL_NAMES,
  CLIENT_AUTH_WORDS,
  type ClientAuthMethod,
  type DiagnosisRule,
  type FieldValues,
  type Profile,
} from '../../../shared/domain/profile.ts';
import { headerValue } from '../../../shared/domain/http.ts';
import { bodySnippet, htmlHeadline, isHtml, parseJson } from '../http/content.ts';

/** Names where a redirect goes by origin and path only: its query may carry a code or a token. */
function describeTarget(location: string): string {
  try {
    const url = new URL(location);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'a relative address';
  }
}

export interface DiagnoseContext {
  profile: Profile;
  /** The step the response belongs to (`check` for the who-am-I call), for step-scoped rules. */
  stepId: string;
  /** What was asked, in words, to start a sentence: "The token endpoint". */
  endpoint: string;
  /** The field the request URL came from. */
  urlField?: string | undefined;
  /** What a good answer is: JSON (the default), any 2xx page, or a redirect. */
  expect?: 'json' | 'page' | 'redirect';
  /** The field values of the run, to point at a field the user can see. */
  values?: FieldValues;
  /** The client authentication methods the discovery document lists (RFC 8414 names). */
  acceptedClientAuth?: readonly string[] | undefined;
}

/**
 * When the server's discovery document lists client authentication methods and the one used is not
 * among them, the hint that says what it accepts; the client ID and secret are likely right.
 */
function clientAuthHint(context: DiagnoseContext): string | undefined {
  const accepted = context.acceptedClientAuth;
  const used = context.values?.clientAuth;
  if (!accepted || !used || !context.profile.fields.some((field) => field.name === 'clientAuth')) return undefined;
  const name = CLIENT_AUTH_PROTOCOL_NAMES[used as ClientAuthMethod];
  if (name !== undefined && accepted.includes(name)) return undefined;
  const words = accepted.map((method) => `${CLIENT_AUTH_WORDS[method] ?? method} (${method})`);
  return `This server accepts: ${words.join(', ')}. Choose it in Client authentication.`;
}

function oauthErrorOf(body: unknown): { error: string; description?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, error_description: description } = body as Record<string, unknown>;
  if (typeof error !== 'string') return undefined;
  return typeof description === 'string' ? { error, description } : { error };
}

function matches(
  rule: DiagnosisRule,
  response: HttpResponseRecord,
  oauthError: () => string | undefined,
  stepId: string,
): boolean {
  const { step, status, bodyIncludes, oauthError: wanted } = rule.when;
  if (step && step !== stepId) return false;
  if (status && !status.includes(response.status)) return false;
  if (bodyIncludes && !response.bodyText.toLowerCase().includes(bodyIncludes.toLowerCase())) return false;
  if (wanted && oauthError() !== wanted) return false;
  return true;
}

function fieldLabel(profile: Profile, name: string | undefined): string | undefined {
  return name ? (profile.fields.find((field) => field.name === name)?.label ?? name) : undefined;
}

/** The provider's own explanation of a response, when one of its known failures matches. */
export function providerDiagnosis(
  response: HttpResponseRecord,
  profile: Profile,
  stepId: string,
): AppError | undefined {
  // The body is parsed only for a rule that gets as far as asking for the OAuth error: most answers
  // fail a rule's status first, and a 20 MB API response need not be parsed to learn that.
  let oauth: ReturnType<typeof oauthErrorOf> | null = null;
  const oauthError = () => (oauth === null ? (oauth = oauthErrorOf(parseJson(response))) : oauth)?.error;
  const rule = profile.diagnoses.find((candidate) => matches(candidate, response, oauthError, stepId));
  return rule ? new AppError(rule.code, rule.message, { hint: rule.hint, field: rule.field }) : undefined;
}

/** Statuses that say the server cannot answer now (RFC 9110 §15.6.3–5), whatever the address. */
const UNAVAILABLE = new Set([502, 503, 504]);

/** Hints for the RFC 6749 §5.2 error codes. */
const OAUTH_HINTS: Record<string, string> = {
  invalid_request: 'A parameter is missing or malformed: check the fields and the body format.',
  invalid_grant:
    'The code, refresh token or user credentials are invalid, expired or already used: start the flow again.',
  unauthorized_client: 'This client is not allowed to use this grant type: check the client settings at the provider.',
  unsupported_grant_type: 'The server does not support this grant type: check the token URL and the grant type.',
  invalid_scope: 'Check the scope: it is unknown to the server or not granted to this client.',
};

/**
 * Explains a response that does not carry what the step needs. The provider's own rules come
 * first (they know their quirks), then what holds for every server: HTML where JSON was expected,
 * OAuth error codes, status codes. Returns undefined when the response looks usable.
 */
export function diagnoseResponse(response: HttpResponseRecord, context: DiagnoseContext): AppError | undefined {
  const body = parseJson(response);
  const oauth = oauthErrorOf(body);
  const known = providerDiagnosis(response, context.profile, context.stepId);
  if (known) return known;

  const ok = response.status >= 200 && response.status < 300;
  const urlLabel = fieldLabel(context.profile, context.urlField);
  const checkUrl = urlLabel ? `Check ${urlLabel}` : 'Check the URL';
  const expect = context.expect ?? 'json';

  if (response.status >= 300 && response.status < 400) {
    if (expect === 'redirect') return undefined;
    const location = headerValue(response.headers, 'location');
    const target = location ? describeTarget(location) : 'elsewhere';
    return new AppError(
      'REDIRECT_BLOCKED',
      `${context.endpoint} answered ${response.status}, a redirect to ${target}; Tokensmith does not follow redirects with credentials.`,
      {
        hint: `${checkUrl}: use the final address.`,
        field: context.urlField,
      },
    );
  }
  if (expect === 'redirect') {
    return new AppError(
      'EXPECTED_REDIRECT',
      `${context.endpoint} answered ${response.status} instead of a redirect with the code.`,
      {
        hint: 'Check the fields of this step; the response body may say more.',
      },
    );
  }
  if (expect === 'page') {
    return ok
      ? undefined
      : new AppError('HTTP_ERROR', `${context.endpoint} answered ${response.status}.`, {
          hint: `${checkUrl} and the fields.`,
          field: context.urlField,
        });
  }

  // A gateway or maintenance answer says the server is down, not that the address is wrong.
  if (UNAVAILABLE.has(response.status) && !oauth) {
    const headline = isHtml(response) ? htmlHeadline(response.bodyText) : undefined;
    const retryAfter = headerValue(response.headers, 'retry-after');
    return new AppError(
      'HTTP_ERROR',
      `${context.endpoint} answered ${response.status}: the server is unavailable${headline ? ` ("${headline}")` : ''}.`,
      {
        hint: `It may be down for maintenance or overloaded; try again ${retryAfter ? `after ${retryAfter}${/^\d+$/.test(retryAfter) ? ' s' : ''}` : 'later'}.`,
      },
    );
  }
  if (isHtml(response)) {
    const headline = htmlHeadline(response.bodyText);
    return new AppError(
      'HTML_RESPONSE',
      `${context.endpoint} answered ${response.status} with an HTML page${headline ? ` ("${headline}")` : ''} where JSON was expected.`,
      { hint: `${checkUrl}: it may point to a web page, a proxy or a login page.`, field: context.urlField },
    );
  }
  if (body === undefined && !(ok && response.bodyText.trim() === '')) {
    return new AppError(
      'INVALID_JSON',
      `${context.endpoint} answered ${response.status} with a body that is not JSON ("${bodySnippet(response.bodyText)}").`,
      { hint: `${checkUrl}: the endpoint should answer with JSON.`, field: context.urlField },
    );
  }
  if (ok) return undefined;

  // The credential field that is in use: a private key, a client secret, or the client ID of a public client.
  const visible = activeFields(context.profile, context.values ?? {});
  const secretField =
    visible.find((field) => field.type === 'secret' && field.name !== 'password' && field.name !== 'refreshToken') ??
    visible.find((field) => field.name === 'clientId');
  if (oauth?.error === 'invalid_client' || (response.status === 401 && !oauth)) {
    const otherMethod = clientAuthHint(context);
    if (otherMethod) {
      return new AppError(
        'INVALID_CLIENT',
        `${context.endpoint} rejected the client credentials (${oauth ? 'invalid_client' : '401 Unauthorized'}${oauth?.description ? `: ${oauth.description}` : ''}).`,
        { hint: otherMethod, field: 'clientAuth' },
      );
    }
    return new AppError(
      'INVALID_CLIENT',
      `${context.endpoint} rejected the client credentials (${oauth ? 'invalid_client' : '401 Unauthorized'}${oauth?.description ? `: ${oauth.description}` : ''}).`,
      {
        hint:
          secretField && secretField.name !== 'clientId'
            ? `Check the client ID and the ${secretField.label.toLowerCase()}.`
            : 'Check the client ID.',
        field: secretField?.name,
      },
    );
  }
  if (oauth) {
    return new AppError(
      'HTTP_ERROR',
      `${context.endpoint} answered ${response.status} ${oauth.error}${oauth.description ? `: ${oauth.description}` : ''}.`,
      { hint: OAUTH_HINTS[oauth.error] ?? `${checkUrl} and the fields.` },
    );
  }
  return new AppError('HTTP_ERROR', `${context.endpoint} answered ${response.status}.`, {
    hint: `${checkUrl} and the fields; the response body may say more.`,
    field: context.urlField,
  });
}

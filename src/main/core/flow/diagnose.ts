import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpResponseRecord } from '../../../shared/domain/http.ts';
import type { DiagnosisRule, Profile } from '../../../shared/domain/profile.ts';
import { bodySnippet, htmlHeadline, isHtml, parseJson } from '../http/content.ts';

export interface DiagnoseContext {
  profile: Profile;
  /** What was asked for, in words: "the token endpoint". */
  endpoint: string;
  /** The field the request URL came from. */
  urlField?: string;
}

function oauthErrorOf(body: unknown): { error: string; description?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, error_description: description } = body as Record<string, unknown>;
  if (typeof error !== 'string') return undefined;
  return typeof description === 'string' ? { error, description } : { error };
}

function matches(rule: DiagnosisRule, response: HttpResponseRecord, oauthError: string | undefined): boolean {
  const { status, bodyIncludes, oauthError: wanted } = rule.when;
  if (status && !status.includes(response.status)) return false;
  if (bodyIncludes && !response.bodyText.toLowerCase().includes(bodyIncludes.toLowerCase())) return false;
  if (wanted && oauthError !== wanted) return false;
  return true;
}

function fieldLabel(profile: Profile, name: string | undefined): string | undefined {
  return name ? (profile.fields.find((field) => field.name === name)?.label ?? name) : undefined;
}

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
  const rule = context.profile.diagnoses.find((candidate) => matches(candidate, response, oauth?.error));
  if (rule) return new AppError(rule.code, rule.message, { hint: rule.hint, field: rule.field });

  const ok = response.status >= 200 && response.status < 300;
  const urlLabel = fieldLabel(context.profile, context.urlField);
  const checkUrl = urlLabel ? `Check ${urlLabel}` : 'Check the URL';

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

  const secretField = context.profile.fields.find((field) => field.type === 'secret');
  if (oauth?.error === 'invalid_client' || (response.status === 401 && !oauth)) {
    return new AppError(
      'INVALID_CLIENT',
      `${context.endpoint} rejected the client credentials (${oauth ? 'invalid_client' : '401 Unauthorized'}${oauth?.description ? `: ${oauth.description}` : ''}).`,
      { hint: 'Check the client ID and the client secret.', field: secretField?.name },
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

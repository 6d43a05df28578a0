import { AppError } from '../../../../shared/domain/errors.ts';
import { holds, type AuthorizeStep } from '../../../../shared/domain/profile.ts';
import { parseExtraParams } from '../../../../shared/flow/compile.ts';
import { processAuthorizationResponse } from '../../oauth/authorization-response.ts';
import { startLoopbackListener } from '../../oauth/loopback.ts';
import { createPkce, randomState } from '../../oauth/pkce.ts';
import type { FlowContext } from '../flow-context.ts';

const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;

/**
 * The authorization URL: the step's parameters (optional ones only when filled), the user's
 * `authorize` extra parameters, then redirect_uri, state and the PKCE challenge.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export function authorizationUrl(
  step: AuthorizeStep,
  context: FlowContext,
  options: { redirectUri: string; state: string; codeChallenge?: string | undefined; nonce?: string | undefined },
): URL {
  const endpoint = context.render(step.url);
  if (endpoint === '') {
    // Not a required field: an issuer can stand in for it. Without either, say which field to fill.
    const name = /^\{\{\s*(\w+)/.exec(step.url)?.[1];
    const field = context.profile.fields.find((candidate) => candidate.name === name);
    const label = field?.label ?? 'The authorization URL';
    throw new AppError('MISSING_FIELD', `${label} is required.`, {
      hint: step.url.includes('|steps.discover.')
        ? `Fill in ${label}, or an Issuer to discover it.`
        : `Fill in ${label}.`,
      field: field?.name,
    });
  }
  const url = new URL(endpoint);
  for (const [rawName, template] of step.params) {
    const optional = rawName.endsWith('?');
    const value = context.render(template);
    if (!(optional && value === '')) url.searchParams.set(optional ? rawName.slice(0, -1) : rawName, value);
  }
  // OpenID Connect: a nonce binds the ID token to this request. Before the extra parameters, so a
  // user who types their own `nonce` sees what the ID token check makes of it.
  if (options.nonce && url.searchParams.get('scope')?.split(' ').includes('openid'))
    url.searchParams.set('nonce', options.nonce);
  if (step.extraParams) {
    const extra = parseExtraParams(context.render(`{{${step.extraParams.field}}}`), step.extraParams.field);
    for (const [name, value] of extra.authorize) url.searchParams.set(name, value);
  }
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', options.state);
  if (options.codeChallenge) {
    url.searchParams.set('code_challenge', options.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

export function usesPkce(step: AuthorizeStep, context: FlowContext): boolean {
  return typeof step.pkce === 'boolean'
    ? step.pkce
    : step.pkce
      ? holds(step.pkce, context.run.values, context.profile)
      : false;
}

/**
 * The authorization code request (RFC 6749 §4.1.1) through the system browser, answered on an
 * RFC 8252 loopback listener or by a pasted redirect URL. Outputs: `code`, the `redirect_uri` as
 * sent (the token request must repeat it), and the PKCE `code_verifier`.
 */
export async function runAuthorizeStep(step: AuthorizeStep, context: FlowContext): Promise<undefined> {
  const record = context.record(step.id, step.title);
  const field = /^\{\{\s*(\w+)/.exec(step.redirectUri)?.[1];
  // The listener waits for the redirect that carries this state; any other request gets 400.
  const state = randomState();
  const listener = await startLoopbackListener({
    redirectUri: context.render(step.redirectUri),
    timeoutMs: context.deps.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
    signal: context.deps.signal,
    state,
    field,
  });
  const stopPaste = context.deps.onAwaitingRedirect?.(context.run.runId, listener.deliver);
  try {
    context.setVar(`steps.${step.id}.redirect_uri`, listener.redirectUri);
    const pkce = usesPkce(step, context) ? createPkce() : undefined;
    if (pkce) {
      context.setVar(`steps.${step.id}.code_verifier`, pkce.verifier, {
        name: 'codeVerifier',
        origin: `the PKCE code verifier of step "${step.title}"`,
      });
    }
    const nonce = randomState();
    const url = authorizationUrl(step, context, {
      redirectUri: listener.redirectUri,
      state,
      codeChallenge: pkce?.challenge,
      nonce,
    });
    if (url.searchParams.has('nonce')) context.setVar(`steps.${step.id}.nonce`, nonce);
    record.browserUrl = url.toString();
    context.progress(step.id, 'waiting-browser', { url: record.browserUrl });
    if (context.deps.openBrowser !== false) await context.deps.opener(record.browserUrl);

    const callback = await listener.callback;
    const issuer = step.issuer ? context.render(step.issuer) || undefined : undefined;
    const code = processAuthorizationResponse(callback, { state, issuer });
    context.setVar(`steps.${step.id}.code`, code, {
      name: 'code',
      origin: `the authorization code from step "${step.title}"`,
    });
    return undefined;
  } finally {
    stopPaste?.();
    await listener.close();
  }
}

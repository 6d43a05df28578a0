import { holds, type AuthorizeStep } from '../../../../shared/domain/profile.ts';
import { processAuthorizationResponse } from '../../oauth/authorization-response.ts';
import { startLoopbackListener } from '../../oauth/loopback.ts';
import { createPkce, randomState } from '../../oauth/pkce.ts';
import type { FlowContext } from '../flow-context.ts';

const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;

/**
 * The authorization code request (RFC 6749 §4.1.1) through the system browser, answered on an
 * RFC 8252 loopback listener or by a pasted redirect URL. Outputs: `code`, the `redirect_uri` as
 * sent (the token request must repeat it), and the PKCE `code_verifier`.
 */
export async function runAuthorizeStep(step: AuthorizeStep, context: FlowContext): Promise<undefined> {
  const record = context.record(step.id, step.title);
  const field = /^\{\{\s*(\w+)/.exec(step.redirectUri)?.[1];
  const listener = await startLoopbackListener({
    redirectUri: context.render(step.redirectUri),
    timeoutMs: context.deps.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
    signal: context.deps.signal,
    field,
  });
  const stopPaste = context.deps.onAwaitingRedirect?.(context.run.runId, listener.deliver);
  try {
    const state = randomState();
    const url = new URL(context.render(step.url));
    for (const [rawName, template] of step.params) {
      const optional = rawName.endsWith('?');
      const value = context.render(template);
      if (!(optional && value === '')) url.searchParams.set(optional ? rawName.slice(0, -1) : rawName, value);
    }
    url.searchParams.set('redirect_uri', listener.redirectUri);
    url.searchParams.set('state', state);
    context.setVar(`steps.${step.id}.redirect_uri`, listener.redirectUri);
    const usePkce =
      typeof step.pkce === 'boolean'
        ? step.pkce
        : step.pkce
          ? holds(step.pkce, context.run.values, context.profile)
          : false;
    if (usePkce) {
      const pkce = createPkce();
      url.searchParams.set('code_challenge', pkce.challenge);
      url.searchParams.set('code_challenge_method', 'S256');
      context.setVar(`steps.${step.id}.code_verifier`, pkce.verifier, {
        name: 'codeVerifier',
        origin: `the PKCE code verifier of step "${step.title}"`,
      });
    }
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

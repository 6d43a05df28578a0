import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../../shared/domain/errors.ts';
import { holds, type AuthorizeStep, type RequestTemplate } from '../../../../shared/domain/profile.ts';
import type { Pair } from '../../../../shared/domain/http.ts';
import { parseExtraParams } from '../../../../shared/flow/compile.ts';
import { parseJson } from '../../http/content.ts';
import { invalidMember } from '../../oauth/assert.ts';
import { signRequestObject } from '../../oauth/client-assertion.ts';
import { processAuthorizationResponse } from '../../oauth/authorization-response.ts';
import { startLoopbackListener } from '../../oauth/loopback.ts';
import { createPkce, randomState } from '../../oauth/pkce.ts';
import { STEP_OUTPUTS, stepOutputName } from '../../../../shared/flow/step-outputs.ts';
import type { FlowContext } from '../flow-context.ts';
import { plannedRequest, unresolved, type PlannedStep, type StepKind } from './step-kind.ts';

const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;
const PAR_TITLE = 'Send the authorization request first (PAR)';
const BROWSER_SETTLE_MS = 500;
/** Stands in for the `request_uri` the PAR endpoint will answer. */
const PENDING_REQUEST_URI = 'TOKENSMITH_PENDING_REQUEST_URI';

/**
 * The authorization URL: the step's parameters (optional ones only when filled), the user's
 * `authorize` extra parameters, then redirect_uri, state and the PKCE challenge.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
function authorizationUrl(
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

function usesPkce(step: AuthorizeStep, context: FlowContext): boolean {
  return typeof step.pkce === 'boolean'
    ? step.pkce
    : step.pkce
      ? holds(step.pkce, context.run.values, context.profile)
      : false;
}

/** Whether to push the request first: `on`, or `auto` when the server requires it. */
function pushFirst(step: AuthorizeStep, context: FlowContext): boolean {
  if (!step.pushed) return false;
  const field = context.profile.fields.find((candidate) => candidate.name === step.pushed!.mode.field);
  const mode = context.run.values[step.pushed.mode.field] || field?.default || 'off';
  return mode === 'on' || (mode === 'auto' && context.render(step.pushed.required) === 'true');
}

/** The server's answer that this client must use PAR (RFC 9126 §5, "require_pushed_authorization_requests"). */
function demandsPar(error: unknown): boolean {
  return (
    error instanceof AppError && error.code === 'AUTHORIZATION_DENIED' && /pushed authorization/i.test(error.message)
  );
}

/**
 * The pushed authorization request: the authorization parameters, in the body of a POST to the PAR
 * endpoint, with client authentication (client_id travels with it, once).
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.1
 */
function pushedRequest(step: AuthorizeStep, context: FlowContext, full: URL): RequestTemplate {
  const pushed = step.pushed!;
  if (context.render(pushed.url) === '') {
    throw new AppError('NOT_SUPPORTED', 'The server publishes no pushed authorization request endpoint (PAR).', {
      hint: 'Fill in Issuer so it can be discovered, or set Send the authorization request first (PAR) to off.',
      field: pushed.mode.field,
    });
  }
  const params = [...full.searchParams];
  params.forEach(([, value], index) => context.setVar(`par.${index}`, value));
  return {
    method: 'POST',
    url: pushed.url,
    headers: [['Accept', 'application/json']],
    body: {
      encoding: 'form',
      fields: params.map(([name], index): Pair => [name, `{{par.${index}}}`]).filter(([name]) => name !== 'client_id'),
    },
    clientAuth: pushed.clientAuth,
  };
}

/**
 * What the browser opens after a pushed request: the authorization endpoint with only `client_id`
 * and the `request_uri` the PAR endpoint answered.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-4
 */
function pushedBrowserUrl(step: AuthorizeStep, context: FlowContext, full: URL, requestUri: string): URL {
  const browser = new URL(`${full.origin}${full.pathname}`);
  browser.searchParams.set(
    'client_id',
    full.searchParams.get('client_id') ?? context.render(step.pushed!.clientAuth.clientId),
  );
  browser.searchParams.set('request_uri', requestUri);
  return browser;
}

/** Pushes the authorization parameters and returns the URL the browser opens. */
async function pushAuthorizationRequest(step: AuthorizeStep, context: FlowContext, full: URL): Promise<URL> {
  const template = pushedRequest(step, context, full);
  const record = context.record(`${step.id}.par`, PAR_TITLE);
  const response = await context.send(record, template, {
    endpoint: 'The pushed authorization request endpoint',
    urlField: step.pushed!.mode.field,
  });
  const body = parseJson(response) as Record<string, unknown> | undefined;
  const requestUri = body?.request_uri;
  if (typeof requestUri !== 'string' || requestUri === '')
    throw invalidMember('pushed authorization response', 'request_uri', 'is not a non-empty string');
  return pushedBrowserUrl(step, context, full, requestUri);
}

/**
 * The authorization request as a signed request object, when the user asked for one: the URL then
 * carries `client_id` and `request` (and, sent through the browser, `response_type` and `scope`,
 * which OpenID Connect wants repeated outside it).
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-5
 */
async function withRequestObject(step: AuthorizeStep, context: FlowContext, full: URL, pushed: boolean): Promise<URL> {
  const jar = step.requestObject;
  if (!jar || context.run.values[jar.mode.field] !== 'signed') return full;
  const clientId = full.searchParams.get('client_id') ?? '';
  const jwt = await signRequestObject({
    params: Object.fromEntries(full.searchParams),
    clientId,
    audience: context.render(jar.audience),
    privateKey: context.client.privateKey,
    clientSecret: context.client.secret,
  });
  const url = new URL(`${full.origin}${full.pathname}`);
  url.searchParams.set('client_id', clientId);
  for (const name of pushed ? [] : ['response_type', 'scope']) {
    const value = full.searchParams.get(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  url.searchParams.set('request', jwt);
  return url;
}

/**
 * The authorization code request (RFC 6749 §4.1.1) through the system browser, answered on an
 * RFC 8252 loopback listener or by a pasted redirect URL. Outputs: `code`, the `redirect_uri` as
 * sent (the token request must repeat it), and the PKCE `code_verifier`. With PAR the parameters
 * are pushed first; in `auto`, a server that answers that the client must push gets a second try.
 */
async function runAuthorizeStep(step: AuthorizeStep, context: FlowContext): Promise<undefined> {
  const push = pushFirst(step, context);
  try {
    return await authorizeOnce(step, context, push);
  } catch (error) {
    const mode = step.pushed ? context.run.values[step.pushed.mode.field] || 'auto' : 'off';
    if (push || mode !== 'auto' || !demandsPar(error)) throw error;
    // The browser is still showing the first answer: opening the next page at once can cut it off.
    await sleep(BROWSER_SETTLE_MS, undefined, { signal: context.deps.signal });
    return authorizeOnce(step, context, true);
  }
}

async function authorizeOnce(step: AuthorizeStep, context: FlowContext, push: boolean): Promise<undefined> {
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
    context.setVar(stepOutputName(step, 'redirect_uri'), listener.redirectUri);
    const pkce = usesPkce(step, context) ? createPkce() : undefined;
    if (pkce) {
      context.setVar(stepOutputName(step, 'code_verifier'), pkce.verifier, {
        name: 'codeVerifier',
        origin: `the PKCE code verifier of step "${step.title}"`,
      });
    }
    const nonce = randomState();
    const full = authorizationUrl(step, context, {
      redirectUri: listener.redirectUri,
      state,
      codeChallenge: pkce?.challenge,
      nonce,
    });
    if (full.searchParams.has('nonce')) context.setVar(stepOutputName(step, 'nonce'), nonce);
    const request = await withRequestObject(step, context, full, push);
    const url = push ? await pushAuthorizationRequest(step, context, request) : request;
    const record = context.record(step.id, step.title);
    record.browserUrl = url.toString();
    context.progress(step.id, 'waiting-browser', { url: record.browserUrl });
    if (context.deps.openBrowser !== false) await context.deps.opener(record.browserUrl);

    const callback = await listener.callback;
    const issuer = step.issuer ? context.render(step.issuer) || undefined : undefined;
    const issuerRequired = step.issuerAdvertised ? context.render(step.issuerAdvertised) === 'true' : false;
    const code = processAuthorizationResponse(callback, { state, issuer, issuerRequired });
    context.setVar(stepOutputName(step, 'code'), code, {
      name: 'code',
      origin: `the authorization code from step "${step.title}"`,
    });
    return undefined;
  } finally {
    stopPaste?.();
    await listener.close();
  }
}

/**
 * The browser step as a run would open it, with a fresh state and PKCE pair; the code the
 * browser will be redirected with is a variable. With PAR, the push comes first.
 */
async function planAuthorizeStep(step: AuthorizeStep, context: FlowContext): Promise<PlannedStep[]> {
  const redirectUri = context.render(step.redirectUri);
  context.setVar(stepOutputName(step, 'redirect_uri'), redirectUri);
  const pkce = usesPkce(step, context) ? createPkce() : undefined;
  if (pkce) {
    context.setVar(stepOutputName(step, 'code_verifier'), pkce.verifier, {
      name: 'codeVerifier',
      origin: `the PKCE code verifier for the URL of step "${step.title}"`,
    });
  }
  const full = authorizationUrl(step, context, {
    redirectUri,
    state: randomState(),
    codeChallenge: pkce?.challenge,
    nonce: randomState(),
  });
  unresolved(context, stepOutputName(step, 'code'), {
    variable: 'code',
    origin: `the "code" the browser is redirected with from step "${step.title}"`,
    marker: 'TOKENSMITH_PENDING_CODE',
  });
  // PAR and JAR as a run does them: the request object signed, and pushed first when asked.
  const push = pushFirst(step, context);
  const request = await withRequestObject(step, context, full, push);
  if (!push) return [{ kind: 'browser', id: step.id, title: step.title, url: request.toString() }];
  const pushed = await plannedRequest(
    context,
    { id: `${step.id}.par`, title: PAR_TITLE },
    pushedRequest(step, context, request),
  );
  const browser = pushedBrowserUrl(step, context, request, PENDING_REQUEST_URI);
  return [pushed, { kind: 'browser', id: step.id, title: step.title, url: browser.toString() }];
}

export const authorizeStep: StepKind<AuthorizeStep> = {
  outputs: STEP_OUTPUTS.authorize,
  run: runAuthorizeStep,
  plan: planAuthorizeStep,
};

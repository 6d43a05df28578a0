import { assertNever } from '../../../shared/domain/errors.ts';
import type { HttpRequestSpec } from '../../../shared/domain/http.ts';
import { activeSteps, type FieldValues, type FlowStep, type Profile } from '../../../shared/domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../../../shared/domain/secrets.ts';
import { validateFields } from '../../../shared/flow/compile.ts';
import { discoveryUrls, METADATA_ENDPOINTS } from '../oauth/discovery.ts';
import { generateDpopKey, isDpopAlg } from '../oauth/dpop.ts';
import { createPkce, randomState } from '../oauth/pkce.ts';
import { FlowContext, type FlowDeps, type FlowRun } from './flow-context.ts';
import {
  authorizationUrl,
  PAR_TITLE,
  pushedBrowserUrl,
  pushedRequest,
  pushFirst,
  usesPkce,
  withRequestObject,
} from './steps/authorize-step.ts';

/** Stands in for the `request_uri` the PAR endpoint will answer. */
const PENDING_REQUEST_URI = 'TOKENSMITH_PENDING_REQUEST_URI';

/** A step of a flow as it would run, worked out without running it. */
export type PlannedStep =
  | { kind: 'request'; id: string; title: string; spec: HttpRequestSpec; secrets: SecretBinding[] }
  | { kind: 'browser'; id: string; title: string; url: string }
  | { kind: 'local'; id: string; title: string; note: string };

/** Values that only a run produces stand in as variables; each knows where it will come from. */
function unresolved(context: FlowContext, name: string, variable: string, origin: string, marker: string): void {
  context.run.vars.set(name, {
    value: marker,
    secret: { variable: secretVariableName(context.profile.id, variable), origin },
    unresolved: true,
  });
}

/**
 * Works out the requests a flow would send, in order, without sending any: what `tokensmith curl`
 * prints. A value an earlier step would produce (a code, a device code, a discovered endpoint) is
 * a variable, with a comment that says which step it comes from.
 */
export async function planFlow(options: {
  profile: Profile;
  values: FieldValues;
  deps: FlowDeps;
}): Promise<PlannedStep[]> {
  const { profile, values } = options;
  validateFields(profile, values);
  const run: FlowRun = {
    runId: 'plan',
    profile,
    values,
    startedAt: new Date().toISOString(),
    steps: [],
    vars: new Map(),
    warnings: [],
  };
  // A preview shows the proof a run would send (with a key made for the preview alone).
  if (isDpopAlg(values.dpop)) run.dpopKey = await generateDpopKey(values.dpop);
  const context = new FlowContext(run, options.deps);
  unresolved(
    context,
    'current.accessToken',
    'accessToken',
    'the access token the flow gets',
    'TOKENSMITH_PENDING_ACCESS_TOKEN',
  );
  const planned: PlannedStep[] = [];
  for (const step of activeSteps(profile, values)) planned.push(...(await planStep(step, context)));
  if (profile.check) {
    const { spec, secrets } = await context.compile(profile.check.request);
    planned.push({ kind: 'request', id: 'check', title: profile.check.title, spec, secrets });
  }
  return planned;
}

async function planStep(step: FlowStep, context: FlowContext): Promise<PlannedStep[]> {
  const from = `from step "${step.title}"`;
  switch (step.kind) {
    case 'http': {
      const { spec, secrets } = await context.compile(step.request);
      if (step.expect === 'redirect') {
        unresolved(
          context,
          `steps.${step.id}.code`,
          'code',
          `the code in the redirect of step "${step.title}"`,
          'TOKENSMITH_PENDING_CODE',
        );
      }
      return [{ kind: 'request', id: step.id, title: step.title, spec, secrets }];
    }
    case 'discover': {
      const issuer = context.render(step.issuer);
      for (const member of METADATA_ENDPOINTS) {
        unresolved(
          context,
          `steps.${step.id}.${member}`,
          member,
          `"${member}" ${from}`,
          `https://discovered.invalid/${member}`,
        );
      }
      const { spec, secrets } = await context.compile({
        method: 'GET',
        url: discoveryUrls(issuer)[0]!,
        headers: [['Accept', 'application/json']],
      });
      return [{ kind: 'request', id: step.id, title: step.title, spec, secrets }];
    }
    case 'authorize': {
      const redirectUri = context.render(step.redirectUri);
      context.setVar(`steps.${step.id}.redirect_uri`, redirectUri);
      const pkce = usesPkce(step, context) ? createPkce() : undefined;
      if (pkce) {
        context.setVar(`steps.${step.id}.code_verifier`, pkce.verifier, {
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
      unresolved(
        context,
        `steps.${step.id}.code`,
        'code',
        `the "code" the browser is redirected with ${from}`,
        'TOKENSMITH_PENDING_CODE',
      );
      // PAR and JAR as a run does them: the request object signed, and pushed first when asked.
      const push = pushFirst(step, context);
      const request = await withRequestObject(step, context, full, push);
      if (!push) return [{ kind: 'browser', id: step.id, title: step.title, url: request.toString() }];
      const { spec, secrets } = await context.compile(pushedRequest(step, context, request));
      const browser = pushedBrowserUrl(step, context, request, PENDING_REQUEST_URI);
      return [
        { kind: 'request', id: `${step.id}.par`, title: PAR_TITLE, spec, secrets },
        { kind: 'browser', id: step.id, title: step.title, url: browser.toString() },
      ];
    }
    case 'device': {
      const first = await context.compile(step.request);
      unresolved(
        context,
        `steps.${step.id}.device_code`,
        'deviceCode',
        `"device_code" ${from}`,
        'TOKENSMITH_PENDING_DEVICE_CODE',
      );
      const poll = await context.compile(step.poll);
      return [
        { kind: 'request', id: step.id, title: step.title, spec: first.spec, secrets: first.secrets },
        {
          kind: 'request',
          id: `${step.id}.poll`,
          title: 'Poll for the token (repeat until approved)',
          spec: poll.spec,
          secrets: poll.secrets,
        },
      ];
    }
    case 'sign-jwt':
      return [
        { kind: 'local', id: step.id, title: step.title, note: 'Signed locally by Tokensmith; no request is sent.' },
      ];
    case 'static-token':
      // The pasted token is known before anything runs: the check call carries it as a secret of
      // its own (a variable, or its value in a revealed export), not as a token yet to come.
      context.setVar('current.accessToken', context.render(step.token).trim(), {
        name: 'accessToken',
        origin: `the token you pasted (step "${step.title}")`,
      });
      return [{ kind: 'local', id: step.id, title: step.title, note: 'The token you pasted is used as it is.' }];
    default:
      return assertNever(step);
  }
}

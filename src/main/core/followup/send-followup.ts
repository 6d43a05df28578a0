import { randomUUID } from 'node:crypto';
import type { HttpRequestSpec, HttpResponseRecord, Pair } from '../../../shared/domain/http.ts';
import type { Profile } from '../../../shared/domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../../../shared/domain/secrets.ts';
import type { FollowUpRequest } from '../../../shared/domain/workspace.ts';
import { USER_AGENT } from '../../../shared/flow/compile.ts';
import { AppError } from '../../../shared/domain/errors.ts';
import { newRun, toAppError, type FlowRun, type StepRun } from '../flow/flow-context.ts';
import type { ClientCertificate, HttpClient } from '../http/http-client.ts';
import { providerDiagnosis } from '../flow/diagnose.ts';
import {
  asksForDpopNonce,
  dpopRejection,
  processDpopNonces,
  type DpopKey,
  type DpopNonces,
  withDpopProof,
} from '../oauth/dpop.ts';

const PLACEHOLDER = /\{\{\s*(token|env\.[\w-]+)\s*\}\}/g;

/**
 * Fills `{{token}}` and `{{env.NAME}}` in a follow-up request. The token is a secret: it becomes the
 * access-token variable in exports and is masked in the report.
 */
export function compileFollowUp(
  request: FollowUpRequest,
  options: { profile: Profile; token: string | undefined; variables: Readonly<Record<string, string>> },
): { spec: HttpRequestSpec; secrets: SecretBinding[] } {
  const secrets = new Map<string, SecretBinding>();
  const render = (text: string): string =>
    text.replace(PLACEHOLDER, (_match, name: string) => {
      if (name === 'token') {
        if (options.token === undefined) {
          throw new AppError('NO_TOKEN', 'This request uses {{token}}, but there is no token to use.', {
            hint: 'Get a token first (Ctrl+Enter).',
          });
        }
        secrets.set('token', {
          variable: secretVariableName(options.profile.id, 'accessToken'),
          value: options.token,
          origin: 'the access token',
        });
        return options.token;
      }
      const variable = name.slice(4);
      const value = options.variables[variable];
      if (value === undefined) {
        throw new AppError('INVALID_INPUT', `There is no environment variable "${variable}".`, {
          hint: 'Add it to the environment, or fix the name in {{env.…}}.',
        });
      }
      return value;
    });
  let url: URL;
  try {
    url = new URL(render(request.url));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('INVALID_INPUT', `"${request.url}" is not a URL.`, {
      hint: 'Type a full URL; {{env.apiBase}} works too.',
    });
  }
  // cURL would send it as HTTP Basic, undici drops it, and no export can mask it (see hasUserinfo).
  if (url.username !== '' || url.password !== '')
    throw new AppError('INVALID_INPUT', `The URL of "${request.name}" contains a user name or password.`, {
      hint: 'Take "user:password@" out of the URL (or of the environment variable it uses): a follow-up carries no credential but {{token}}.',
    });
  const headers: Pair[] = [
    ['User-Agent', USER_AGENT],
    ...request.headers
      .filter(([name]) => name.trim() !== '')
      .map(([name, value]): Pair => [name.trim(), render(value)]),
  ];
  const text = request.body === '' ? undefined : render(request.body);
  return {
    spec: {
      method: request.method,
      url: url.toString(),
      headers,
      body: text === undefined ? { kind: 'none' } : { kind: 'raw', text },
    },
    secrets: [...secrets.values()],
  };
}

/** What a token is bound to, from its ledger entry: follow-ups made with it must prove the same. */
export interface TokenBinding {
  /** RFC 9449: the entry's key; each follow-up carries a fresh proof with `ath`. */
  dpopKey?: DpopKey | undefined;
  dpopNonces?: DpopNonces | undefined;
  /** RFC 8705: the certificate a certificate-bound token must be presented with. */
  clientCertificate?: ClientCertificate | undefined;
}

/** Sends a follow-up API request and records it as a one-step run, like a grant, for viewing and export. */
export async function sendFollowUp(options: {
  request: FollowUpRequest;
  profile: Profile;
  token: string | undefined;
  variables: Readonly<Record<string, string>>;
  http: HttpClient;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  binding?: TokenBinding | undefined;
}): Promise<FlowRun> {
  const step: StepRun = { id: 'followup', title: options.request.name, secrets: [] };
  const run: FlowRun = { ...newRun({ runId: randomUUID(), profile: options.profile, values: {} }), steps: [step] };
  try {
    const key = options.binding?.dpopKey;
    const nonces = options.binding?.dpopNonces ?? processDpopNonces;
    const token = options.token;
    const attempt = async (): Promise<HttpResponseRecord> => {
      let compiled = compileFollowUp(options.request, options);
      if (key && token)
        compiled = await withDpopProof(compiled, {
          key,
          nonce: nonces.get(compiled.spec.url),
          accessToken: token,
          profileId: options.profile.id,
        });
      step.spec = compiled.spec;
      step.secrets = compiled.secrets;
      const response = await options.http.send(compiled.spec, {
        timeoutMs: options.timeoutMs,
        deadlineMs: options.deadlineMs,
        clientCertificate: options.binding?.clientCertificate,
      });
      if (key) nonces.remember(compiled.spec.url, response);
      return (step.response = response);
    };
    let response = await attempt();
    // RFC 9449 §9: a resource server may ask for a nonce; the proof is made again, once, with it.
    if (key && asksForDpopNonce(response)) response = await attempt();
    const rejected = key ? dpopRejection(response) : undefined;
    if (rejected) throw rejected;
    // Any answer is worth showing as it is; only a provider's known failure earns a diagnosis.
    const known = providerDiagnosis(response, options.profile, 'followup');
    if (known) throw known;
  } catch (error) {
    run.error = step.error = toAppError(error);
  }
  return run;
}

import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpRequestSpec, HttpResponseRecord } from '../../../shared/domain/http.ts';
import type { FieldValues, Profile, RequestTemplate } from '../../../shared/domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../../../shared/domain/secrets.ts';
import type { TokenSet } from '../../../shared/domain/token.ts';
import { compileRequest, validateFields } from '../../../shared/flow/compile.ts';
import type { HttpClient } from '../http/http-client.ts';
import { processTokenResponse } from '../oauth/token-response.ts';
import { diagnoseResponse } from './diagnose.ts';

export interface StepRun {
  id: string;
  title: string;
  spec: HttpRequestSpec;
  response?: HttpResponseRecord;
  error?: AppError;
}

/** A flow run in clear, as main keeps it: the renderer gets a redacted {@link FlowReport}. */
export interface FlowRun {
  runId: string;
  profile: Profile;
  startedAt: string;
  steps: StepRun[];
  /** Every secret the run used: field values, then the tokens it got. */
  secrets: SecretBinding[];
  token?: TokenSet;
  error?: AppError;
}

export interface RunFlowOptions {
  profile: Profile;
  values: FieldValues;
  http: HttpClient;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => Date;
  /** Called as each step starts and ends, for progress in the UI. */
  onProgress?: (progress: { runId: string; stepId: string; state: 'sending' | 'done' | 'failed' }) => void;
}

/** The field a URL template starts with, so transport errors can say which field to fix. */
function urlFieldOf(template: RequestTemplate): string | undefined {
  return /^\{\{\s*(\w+)\s*\}\}/.exec(template.url)?.[1];
}

function tokenSecrets(profile: Profile, token: TokenSet): SecretBinding[] {
  const origin = 'the token response';
  const secrets: SecretBinding[] = [
    { variable: secretVariableName(profile.id, 'accessToken'), value: token.accessToken, origin },
  ];
  if (token.refreshToken) {
    secrets.push({ variable: secretVariableName(profile.id, 'refreshToken'), value: token.refreshToken, origin });
  }
  return secrets;
}

/**
 * Runs a profile's flow step by step. It never throws for what a server or the network does:
 * the outcome, good or bad, is in the returned run, with the steps that were sent.
 */
export async function runFlow(options: RunFlowOptions): Promise<FlowRun> {
  const now = options.now ?? (() => new Date());
  const { profile, values } = options;
  const run: FlowRun = {
    runId: randomUUID(),
    profile,
    startedAt: now().toISOString(),
    steps: [],
    secrets: [],
  };
  try {
    validateFields(profile, values);
    for (const step of profile.steps) {
      const { spec, secrets } = compileRequest(profile, step.request, values);
      for (const secret of secrets) {
        if (!run.secrets.some((known) => known.variable === secret.variable)) run.secrets.push(secret);
      }
      const stepRun: StepRun = { id: step.id, title: step.title, spec };
      run.steps.push(stepRun);
      const urlField = urlFieldOf(step.request);
      const progress = (state: 'sending' | 'done' | 'failed'): void =>
        options.onProgress?.({ runId: run.runId, stepId: step.id, state });
      progress('sending');
      try {
        stepRun.response = await options.http.send(spec, {
          signal: options.signal,
          urlField,
          timeoutMs: options.timeoutMs,
        });
        const problem = diagnoseResponse(stepRun.response, { profile, endpoint: 'The token endpoint', urlField });
        if (problem) throw problem;
        run.token = processTokenResponse(stepRun.response, now());
        run.secrets.push(...tokenSecrets(profile, run.token));
        progress('done');
      } catch (error) {
        stepRun.error = toAppError(error);
        progress('failed');
        throw stepRun.error;
      }
    }
  } catch (error) {
    run.error = toAppError(error);
  }
  return run;
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', 'Tokensmith hit an unexpected problem while running the flow.', {
    hint: 'Try again; if it keeps happening, report it with the steps that lead to it.',
    cause: error,
  });
}

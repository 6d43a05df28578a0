import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../../shared/domain/errors.ts';
import type { DeviceStep } from '../../../../shared/domain/profile.ts';
import type { TokenSet } from '../../../../shared/domain/token.ts';
import { parseJson } from '../../http/content.ts';
import { processTokenResponse } from '../../oauth/token-response.ts';
import { withCheckedIdToken } from '../id-token-check.ts';
import { urlFieldOf, type FlowContext } from '../flow-context.ts';
import { diagnoseResponse } from '../diagnose.ts';
import { STEP_OUTPUTS, stepOutputName } from '../../../../shared/flow/step-outputs.ts';
import { plannedRequest, unresolved, type PlannedStep, type StepKind } from './step-kind.ts';

const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;

interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
}

function readDeviceAuthorization(body: unknown): DeviceAuthorization {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  for (const member of ['device_code', 'user_code', 'verification_uri'] as const) {
    if (typeof value[member] !== 'string' || value[member] === '') {
      throw new AppError(
        'INVALID_TOKEN_RESPONSE',
        `device authorization response "${member}" is not a non-empty string.`,
        {
          hint: 'Check Device authorization URL.',
          field: 'deviceUrl',
        },
      );
    }
  }
  if (typeof value.expires_in !== 'number' || value.expires_in <= 0) {
    throw new AppError(
      'INVALID_TOKEN_RESPONSE',
      'device authorization response "expires_in" is not a positive number.',
      { field: 'deviceUrl' },
    );
  }
  return value as unknown as DeviceAuthorization;
}

function oauthError(body: unknown): string | undefined {
  const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).error : undefined;
  return typeof error === 'string' ? error : undefined;
}

/**
 * The device authorization grant: get a user code, show it (and open the verification page), then
 * poll the token endpoint at the server's interval, slowing down when asked, until the user
 * approves, denies, or the code expires.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
async function runDeviceStep(step: DeviceStep, context: FlowContext): Promise<TokenSet> {
  const record = context.record(step.id, step.title);
  const response = await context.send(record, step.request, {
    urlField: urlFieldOf(step.request),
    endpoint: 'The device authorization endpoint',
  });
  const authorization = readDeviceAuthorization(parseJson(response));
  context.setVar(stepOutputName(step, 'device_code'), authorization.device_code, {
    name: 'deviceCode',
    origin: `the device code from step "${step.title}"`,
  });
  context.setVar(stepOutputName(step, 'user_code'), authorization.user_code);
  const page = authorization.verification_uri_complete ?? authorization.verification_uri;
  context.progress(step.id, 'waiting-device', { url: page, userCode: authorization.user_code });
  if (context.deps.openBrowser !== false) await context.deps.opener(page);

  const poll = context.record(`${step.id}.poll`, 'Poll for the token');
  const deadline = context.now().getTime() + authorization.expires_in * 1000;
  let interval = authorization.interval ?? DEFAULT_INTERVAL_S;
  for (let attempt = 1; ; attempt++) {
    await sleep(interval * 1000, undefined, { signal: context.deps.signal }).catch(() => {
      throw new AppError('CANCELLED', 'The device authorization was cancelled.');
    });
    if (context.now().getTime() > deadline) break;
    poll.title = `Poll for the token (attempt ${attempt})`;
    const answer = await context.send(poll, step.poll, {
      urlField: urlFieldOf(step.poll),
      endpoint: 'The token endpoint',
      diagnose: false,
    });
    const error = answer.status >= 400 ? oauthError(parseJson(answer)) : undefined;
    if (error === 'authorization_pending') continue;
    if (error === 'slow_down') {
      interval += SLOW_DOWN_S;
      continue;
    }
    if (error === 'access_denied')
      throw new AppError('AUTHORIZATION_DENIED', 'The user denied the device authorization (access_denied).', {
        hint: 'Approve the request on the verification page, then run again.',
      });
    if (error === 'expired_token') break;
    const problem = diagnoseResponse(answer, {
      profile: context.profile,
      stepId: poll.id,
      endpoint: 'The token endpoint',
      urlField: urlFieldOf(step.poll),
    });
    if (problem) throw problem;
    return withCheckedIdToken(processTokenResponse(answer, context.now()), context, poll.spec!);
  }
  throw new AppError(
    'DEVICE_CODE_EXPIRED',
    `The user code ${authorization.user_code} expired before it was approved.`,
    {
      hint: 'Run again and approve the new code sooner.',
    },
  );
}

/** The device code is not known before the run: the poll names it as a variable. */
async function planDeviceStep(step: DeviceStep, context: FlowContext): Promise<PlannedStep[]> {
  const first = await plannedRequest(context, step, step.request);
  unresolved(context, stepOutputName(step, 'device_code'), {
    variable: 'deviceCode',
    origin: `"device_code" from step "${step.title}"`,
    marker: 'TOKENSMITH_PENDING_DEVICE_CODE',
  });
  const poll = await plannedRequest(
    context,
    { id: `${step.id}.poll`, title: 'Poll for the token (repeat until approved)' },
    step.poll,
  );
  return [first, poll];
}

export const deviceStep: StepKind<DeviceStep> = {
  outputs: STEP_OUTPUTS.device,
  run: runDeviceStep,
  plan: planDeviceStep,
};

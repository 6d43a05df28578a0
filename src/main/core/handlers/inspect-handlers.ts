import { AppError } from '../../../shared/domain/errors.ts';
import { redactSpec } from '../redact.ts';
import { toAppError } from '../flow/flow-context.ts';
import { discoverMetadata } from '../flow/discover-metadata.ts';
import { planFlow } from '../flow/plan-flow.ts';
import { toFlowReport } from '../flow/report.ts';
import { sendFollowUp } from '../followup/send-followup.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import { findJwts } from '../jwt/find-jwts.ts';
import { verifyJwt } from '../jwt/verify-jwt.ts';
import { requireProfile } from '../../../shared/providers/index.ts';
import type { CoreServices } from '../services.ts';

type InspectHandlers = Pick<Handlers, 'grant:preview' | 'grant:discover' | 'followup:send' | 'jwt:verify'>;

/** The form's preview, follow-up API calls and JWT verification: what the workbench asks of main. */
export function inspectHandlers(services: CoreServices): InspectHandlers {
  const { workspace, runs, ledger } = services;
  return {
    'grant:preview': async ({ profileId, savedRequestId, environmentId, values: typed }) => {
      const profile = requireProfile(profileId, services.profiles);
      try {
        const scope = savedRequestId
          ? ({ kind: 'request', id: savedRequestId } as const)
          : ({ kind: 'draft', profileId } as const);
        const values = await workspace.valuesFor(scope, profile, typed, environmentId);
        const planned = await planFlow({ profile, values, deps: services.deps });
        return {
          steps: planned.map((step) => {
            if (step.kind === 'request')
              return { id: step.id, title: step.title, kind: step.kind, request: redactSpec(step.spec, step.secrets) };
            if (step.kind === 'browser') return { id: step.id, title: step.title, kind: step.kind, url: step.url };
            return { id: step.id, title: step.title, kind: step.kind, note: step.note };
          }),
        };
      } catch (error) {
        // A preview of a half-filled form is normal: say what is missing instead of failing the call.
        return { steps: [], error: toAppError(error).toData() };
      }
    },
    'grant:discover': async ({ profileId, savedRequestId, environmentId, values: typed, options }) => {
      const profile = requireProfile(profileId, services.profiles);
      const scope = savedRequestId
        ? ({ kind: 'request', id: savedRequestId } as const)
        : ({ kind: 'draft', profileId } as const);
      const values = await workspace.valuesFor(scope, profile, typed, environmentId);
      const metadata = await discoverMetadata({
        profile,
        values,
        deps: {
          ...services.deps,
          timeoutMs: options?.timeoutMs,
          deadlineMs: options?.deadlineMs,
          insecureTls: options?.insecureTls,
        },
      });
      return metadata ? { metadata } : {};
    },
    'followup:send': async ({ profileId, ledgerId, environmentId, request, options }) => {
      const profile = requireProfile(profileId, services.profiles);
      const environment = workspace.environments().find((candidate) => candidate.id === environmentId);
      const token = ledgerId ? ledger.accessToken(ledgerId) : undefined;
      const run = await sendFollowUp({
        request,
        profile,
        token,
        variables: { ...environment?.values, ...environment?.variables },
        http: services.http,
        timeoutMs: options?.timeoutMs,
        deadlineMs: options?.deadlineMs,
        binding: ledgerId ? ledger.binding(ledgerId) : undefined,
      });
      runs.add(run);
      const report = toFlowReport(run);
      services.history?.record(report);
      return report;
    },
    'jwt:verify': async ({ source, key }) => {
      let token: string;
      if ('token' in source) token = source.token.trim();
      else if ('ledgerId' in source) token = ledger.accessToken(source.ledgerId);
      else {
        const step = runs.get(source.runId).steps.find((candidate) => candidate.id === source.stepId);
        const found = step?.response
          ? findJwts(step.response).find((candidate) => candidate.location === source.location)
          : undefined;
        if (!found)
          throw new AppError('UNKNOWN_RUN', 'That JWT is no longer in memory.', { hint: 'Run the flow again.' });
        token = found.token;
      }
      return verifyJwt(token, key, services.http);
    },
  };
}

import { AppError } from '../../../../shared/domain/errors.ts';
import type { DiscoverStep } from '../../../../shared/domain/profile.ts';
import { compileRequest } from '../../../../shared/flow/compile.ts';
import { STEP_OUTPUTS, stepOutputName } from '../../../../shared/flow/step-outputs.ts';
import { discoveryUrls, METADATA_ENDPOINTS, processMetadata } from '../../oauth/discovery.ts';
import type { FlowContext } from '../flow-context.ts';
import { plannedRequest, unresolved, type PlannedStep, type StepKind } from './step-kind.ts';

/**
 * Reads the issuer's metadata, OpenID Connect's location first and RFC 8414's second, and makes
 * each endpoint available as `steps.<id>.<member>`.
 */
async function runDiscoverStep(step: DiscoverStep, context: FlowContext): Promise<undefined> {
  const issuer = context.render(step.issuer);
  const record = context.record(step.id, step.title);
  for (const url of discoveryUrls(issuer)) {
    const compiled = compileRequest(
      context.profile,
      { method: 'GET', url, headers: [['Accept', 'application/json']] },
      context.run.values,
    );
    const response = await context.exchange(record, compiled, {
      urlField: 'issuer',
      endpoint: 'The discovery endpoint',
      diagnose: false,
    });
    if (response.status === 404) continue;
    if (response.status !== 200) {
      throw new AppError('DISCOVERY_FAILED', `The discovery endpoint answered ${response.status}.`, {
        hint: 'Check Issuer.',
        field: 'issuer',
      });
    }
    const metadata = processMetadata(response, issuer);
    for (const [member, value] of Object.entries(metadata)) context.setVar(stepOutputName(step, member), value);
    // RFC 8705 §5: with a client certificate, the endpoints are the server's mTLS aliases.
    if (context.run.values.clientCertificate) {
      for (const [member, value] of Object.entries(metadata)) {
        const endpoint = /^mtls_endpoint_aliases\.(.+)$/.exec(member)?.[1];
        if (endpoint) context.setVar(stepOutputName(step, endpoint), value);
      }
    }
    return undefined;
  }
  throw new AppError('DISCOVERY_FAILED', `${issuer} publishes no discovery document (OpenID Connect or RFC 8414).`, {
    hint: 'Check Issuer, or leave it empty and type the endpoints.',
    field: 'issuer',
  });
}

/** The endpoints are not known before the run: the preview names each as a variable. */
async function planDiscoverStep(step: DiscoverStep, context: FlowContext): Promise<PlannedStep[]> {
  const issuer = context.render(step.issuer);
  for (const member of METADATA_ENDPOINTS) {
    unresolved(context, stepOutputName(step, member), {
      variable: member,
      origin: `"${member}" from step "${step.title}"`,
      marker: `https://discovered.invalid/${member}`,
    });
  }
  return [
    await plannedRequest(context, step, {
      method: 'GET',
      url: discoveryUrls(issuer)[0]!,
      headers: [['Accept', 'application/json']],
    }),
  ];
}

export const discoverStep: StepKind<DiscoverStep> = {
  outputs: STEP_OUTPUTS.discover,
  run: runDiscoverStep,
  plan: planDiscoverStep,
};

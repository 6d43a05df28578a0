import { AppError } from '../../../../shared/domain/errors.ts';
import type { DiscoverStep } from '../../../../shared/domain/profile.ts';
import { compileRequest } from '../../../../shared/flow/compile.ts';
import { discoveryUrls, processMetadata } from '../../oauth/discovery.ts';
import type { FlowContext } from '../flow-context.ts';

/**
 * Reads the issuer's metadata, OpenID Connect's location first and RFC 8414's second, and makes
 * each endpoint available as `steps.<id>.<member>`.
 */
export async function runDiscoverStep(step: DiscoverStep, context: FlowContext): Promise<undefined> {
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
    for (const [member, value] of Object.entries(metadata)) context.setVar(`steps.${step.id}.${member}`, value);
    // RFC 8705 §5: with a client certificate, the endpoints are the server's mTLS aliases.
    if (context.run.values.clientCertificate) {
      for (const [member, value] of Object.entries(metadata)) {
        const endpoint = /^mtls_endpoint_aliases\.(.+)$/.exec(member)?.[1];
        if (endpoint) context.setVar(`steps.${step.id}.${endpoint}`, value);
      }
    }
    return undefined;
  }
  throw new AppError('DISCOVERY_FAILED', `${issuer} publishes no discovery document (OpenID Connect or RFC 8414).`, {
    hint: 'Check Issuer, or leave it empty and type the endpoints.',
    field: 'issuer',
  });
}

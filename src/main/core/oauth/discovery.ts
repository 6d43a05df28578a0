import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpResponseRecord } from '../../../shared/domain/http.ts';
import { isLoopbackHost } from '../../../shared/security/loopback.ts';
import { parseJson } from '../http/content.ts';

/** The members of authorization server metadata the engine uses. @see https://www.rfc-editor.org/rfc/rfc8414#section-2 */
export const METADATA_ENDPOINTS = [
  'token_endpoint',
  'authorization_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'pushed_authorization_request_endpoint',
] as const;

/** Yes-or-no members the engine acts on, kept as "true" or "false". */
export const METADATA_FLAGS = [
  'require_pushed_authorization_requests',
  'authorization_response_iss_parameter_supported',
] as const;

/**
 * Where the metadata lives: OpenID Connect's `/.well-known/openid-configuration` after the issuer's
 * path, and RFC 8414's `/.well-known/oauth-authorization-server` inserted before it.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/**
 * Validates a metadata document: a JSON object whose `issuer` is exactly the one asked for (else
 * an attacker's metadata could redirect tokens) and whose endpoints are https, or http on loopback.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.3
 */
export function processMetadata(response: HttpResponseRecord, issuer: string): Record<string, string> {
  const body = parseJson(response);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('DISCOVERY_FAILED', 'The discovery document is not a JSON object.', {
      hint: 'Check Issuer.',
      field: 'issuer',
    });
  }
  const metadata = body as Record<string, unknown>;
  if (metadata.issuer !== issuer) {
    throw new AppError(
      'DISCOVERY_FAILED',
      `The discovery document names issuer ${JSON.stringify(metadata.issuer)}, not ${issuer}.`,
      {
        hint: 'Check Issuer: it must match the server’s issuer exactly, including any trailing slash.',
        field: 'issuer',
      },
    );
  }
  const outputs: Record<string, string> = { issuer };
  for (const member of METADATA_ENDPOINTS) {
    const value = metadata[member];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isAllowedEndpoint(value)) {
      throw new AppError('DISCOVERY_FAILED', `The discovery document's "${member}" is not an https URL.`, {
        hint: 'Check Issuer.',
        field: 'issuer',
      });
    }
    outputs[member] = value;
  }
  for (const member of METADATA_FLAGS)
    if (metadata[member] !== undefined) outputs[member] = String(metadata[member] === true);
  // RFC 8705 §5: the endpoints to use with a client certificate, when they differ.
  const aliases = metadata.mtls_endpoint_aliases;
  if (typeof aliases === 'object' && aliases !== null && !Array.isArray(aliases)) {
    for (const member of METADATA_ENDPOINTS) {
      const value = (aliases as Record<string, unknown>)[member];
      if (typeof value === 'string' && isAllowedEndpoint(value)) outputs[`mtls_endpoint_aliases.${member}`] = value;
    }
  }
  // The client authentication methods the server accepts, space-separated: a wrong one is then named.
  const methods = metadata.token_endpoint_auth_methods_supported;
  if (Array.isArray(methods) && methods.length > 0 && methods.every((method) => typeof method === 'string'))
    outputs.token_endpoint_auth_methods_supported = methods.join(' ');
  if (!outputs.token_endpoint) {
    throw new AppError('DISCOVERY_FAILED', 'The discovery document has no "token_endpoint".', {
      hint: 'Type the Token URL instead.',
      field: 'tokenUrl',
    });
  }
  return outputs;
}

function isAllowedEndpoint(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

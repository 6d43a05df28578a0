import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpResponseRecord } from '../../../shared/domain/http.ts';
import type { Introspection } from '../../../shared/domain/token.ts';
import { parseJson } from '../http/content.ts';
import { invalidMember } from './assert.ts';

const WHERE = 'introspection response';

function optionalString(body: Record<string, unknown>, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidMember(WHERE, member, 'is not a string');
  return value;
}

/**
 * Reads an introspection response: `active` must be a boolean; scope, client, subject and expiry
 * are read when present, and every member is kept as sent.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export function processIntrospectionResponse(response: HttpResponseRecord): Introspection {
  const body = parseJson(response);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('INVALID_TOKEN_RESPONSE', `The ${WHERE} is not a JSON object.`, {
      hint: 'Check Introspection URL: the server should answer with a JSON object.',
      field: 'introspectUrl',
    });
  }
  const claims = body as Record<string, unknown>;
  if (typeof claims.active !== 'boolean') throw invalidMember(WHERE, 'active', 'is not a boolean');
  const result: Introspection = { active: claims.active, claims };
  const scope = optionalString(claims, 'scope');
  if (scope !== undefined) result.scope = scope;
  const clientId = optionalString(claims, 'client_id');
  if (clientId !== undefined) result.clientId = clientId;
  const sub = optionalString(claims, 'sub');
  if (sub !== undefined) result.sub = sub;
  const tokenType = optionalString(claims, 'token_type');
  if (tokenType !== undefined) result.tokenType = tokenType;
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp))
      throw invalidMember(WHERE, 'exp', 'is not a number');
    result.expiresAt = new Date(claims.exp * 1000).toISOString();
  }
  return result;
}

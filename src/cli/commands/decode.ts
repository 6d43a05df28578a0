import { decodeJwt } from '../../shared/jwt/decode.ts';

/** Header, payload and the time claims as ISO dates; throws JWT_MALFORMED for what is not a JWT. */
export function decodeCommand(token: string): string {
  const decoded = decodeJwt(token);
  return JSON.stringify(decoded, null, 2);
}

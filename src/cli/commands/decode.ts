import { decodeJwt } from '../../shared/jwt/decode.ts';
import { UsageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { readStdin } from '../read-stdin.ts';

/** Header, payload and the time claims as ISO dates; throws JWT_MALFORMED for what is not a JWT. */
export function decodeCommand(token: string): string {
  const decoded = decodeJwt(token);
  return JSON.stringify(decoded, null, 2);
}

/** `tokensmith decode <jwt | ->`. */
export const run: Command = async ({ positionals }) => {
  const input = positionals[1];
  if (!input) throw new UsageError('Give a JWT, or - to read it from standard input.');
  console.log(decodeCommand(input === '-' ? await readStdin() : input));
  return 0;
};

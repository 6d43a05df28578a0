import { AppError } from '../../../shared/domain/errors.ts';
import type { SecretRef } from '../../../shared/refs/secret-ref.ts';

/**
 * A program's stderr as one short line for an error message: control characters (escape
 * sequences) out, whitespace folded, cut at 200 characters. It never holds the value (a failed
 * read has none), and `secretRedactor` masks known secrets wherever the message is shown.
 */
export function terminalSafe(stderr: string): string {
  const line = stderr
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** A reference's value could not be read: one line naming the reference, and what to do. */
export function refError(
  code: 'REF_NOT_FOUND' | 'REF_UNAVAILABLE' | 'REF_WRONG_PASSWORD' | 'REF_NOT_APPROVED' | 'REF_INVALID',
  ref: SecretRef,
  options: { what: string; hint: string; cause?: unknown },
): AppError {
  return new AppError(code, `${ref.text}: ${options.what}.`, { hint: options.hint, cause: options.cause });
}

import { AppError, formatErrorLine } from '../shared/domain/errors.ts';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './cli-error.ts';
import { terminalText } from './terminal-text.ts';

/** Says on standard error why a command failed, in one line; the exit code that goes with it. */
export function reportError(error: unknown): number {
  if (
    error instanceof UsageError ||
    (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`tokensmith: ${error.message}\nRun \`tokensmith --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof AppError) {
    // A discovery document or a vault file may put anything into a message.
    process.stderr.write(`tokensmith: ${terminalText(formatErrorLine(error.toData()))}\n`);
    return EXIT_FAILED;
  }
  process.stderr.write(
    `tokensmith: unexpected error: ${terminalText(error instanceof Error ? error.message : String(error))}\n`,
  );
  return EXIT_FAILED;
}

/** A mistake in how the command was called: exit code 2, like most Unix tools. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

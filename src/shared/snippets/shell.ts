import { shellFetch } from '../refs/ref-shell.ts';
import type { StringSyntax } from './secret-segments.ts';

/** Words the shell reads literally without quotes. */
const SHELL_SAFE = /^[A-Za-z0-9_\-.,:/=@%+]+$/;

/**
 * POSIX single quotes: every byte is literal, and a single quote is closed, escaped and reopened.
 * Plain words (`POST`, `-u`) stay bare so the command reads like one a person would write.
 */
export function shellQuote(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** bash and zsh: quoted literals, `"$VAR"` and `"$(pass show …)"` side by side make one word. */
export const SHELL_SYNTAX: StringSyntax = {
  literal: shellQuote,
  variable: (name) => `"$${name}"`,
  concat: (parts) => parts.join(''),
  fetch: shellFetch,
};

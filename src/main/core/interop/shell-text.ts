import { AppError } from '../../../shared/domain/errors.ts';

const HINT = 'Paste the whole command, starting with curl.';

/**
 * What a person copies along with a command: a prompt (`$ curl …`), bash's `history` numbers
 * (`  512  curl …`) or zsh's extended history (`: 1700000000:0;curl …`). Bash would take them for
 * part of the command, so they come off every line that starts a cURL command.
 */
const COPIED_PREFIX = /^[ \t]*(?:[$%][ \t]+|\d+\*?[ \t]+|: \d+:\d+;)(?=curl\b)/gm;

/** Pasted text as bash should read it. */
export function commandText(text: string): string {
  // Web pages put no-break spaces between a command's words (some providers' pages do); bash would read them
  // as part of a word, so the command a reader means has plain spaces there.
  return text
    .replace(/\0/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(COPIED_PREFIX, '');
}

/** True when the first line that is not blank or a comment starts a cURL command. */
export function isCurlText(text: string): boolean {
  const line = commandText(text)
    .split('\n')
    .find((candidate) => candidate.trim() !== '' && !candidate.trim().startsWith('#'));
  return line?.trim().split(/\s+/)[0] === 'curl';
}

/**
 * A quote that never closes, found as bash reads quoting: `'…'` takes everything literally, `"…"`
 * and `$'…'` honour backslash escapes, and a `#` that starts a word starts a comment.
 */
export function openQuoteError(text: string): AppError | undefined {
  let open: { close: string; escapes: boolean; at: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (open) {
      if (open.escapes && c === '\\') i++;
      else if (c === open.close) open = undefined;
    } else if (c === '\\') {
      i++;
    } else if (c === '#' && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === "'" || c === '"') {
      open = { close: c, escapes: c === '"' || text.charAt(i - 1) === '$', at: i };
    }
  }
  if (!open) return undefined;
  const before = text.slice(0, open.at);
  const line = before.split('\n').length;
  const column = open.at - before.lastIndexOf('\n');
  return new AppError(
    'INVALID_INPUT',
    `The ${open.close} quote at line ${line}, column ${column} is never closed, so this cURL command cannot be read.`,
    { hint: 'Close the quote, or copy the whole command again.' },
  );
}

/**
 * curlconverter's error in words. A bash syntax error names the line and underlines where bash
 * stopped; cURL's own complaints (`no URL specified!`, `option -H: requires parameter`) are kept.
 */
export function readError(error: unknown): AppError {
  const [first = String(error), source = '', marks = ''] = error instanceof Error ? error.message.split('\n') : [];
  if (!first.startsWith('Bash parsing error'))
    return new AppError('INVALID_INPUT', `This cURL command cannot be read: ${first.replace(/[!.]*$/, '')}.`, {
      hint: HINT,
    });
  const line = /line (\d+)/.exec(first)?.[1] ?? '1';
  const start = marks.indexOf('^');
  // The underline may start at the blank before the word it is about.
  const near = start < 0 ? '' : source.slice(start, marks.lastIndexOf('^') + 1).trim();
  return new AppError(
    'INVALID_INPUT',
    `This cURL command cannot be read: bash stops at line ${line}${near ? ` near "${near.slice(0, 40)}"` : ''}.`,
    { hint: HINT },
  );
}

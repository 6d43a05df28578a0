/** Lines of a raw body for the virtualized view, and the capped preview. Pure: no DOM. */

export interface RawLines {
  readonly text: string;
  readonly count: number;
  /** Where each line starts, plus text.length + 1 at the end, so line i is [start[i], start[i + 1] - 1). */
  readonly start: Int32Array;
}

/** Splits on LF; a CR before it is dropped from the line (CRLF bodies), a lone CR is kept as text. */
export function splitRawLines(text: string): RawLines {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  const start = new Int32Array(count + 1);
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) start[line++] = at + 1;
  start[count] = text.length + 1;
  return { text, count, start };
}

/** Length of line `index` without its line break. */
export function rawLineLength(lines: RawLines, index: number): number {
  const from = lines.start[index]!;
  let to = lines.start[index + 1]! - 1;
  if (to > from && lines.text.charCodeAt(to - 1) === 0x0d) to--;
  return to - from;
}

/** Columns [from, to) of line `index`. */
export function rawLineSlice(lines: RawLines, index: number, from: number, to: number): string {
  const start = lines.start[index]!;
  const end = start + rawLineLength(lines, index);
  return lines.text.slice(Math.min(start + from, end), Math.min(start + to, end));
}

/** Size of the text once encoded as UTF-8, without allocating the encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is one code point of four bytes.
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The first `limit` UTF-16 units of the text, ending on a line break when one is near, and never in
 * the middle of a surrogate pair.
 */
export function previewCut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const lineEnd = text.lastIndexOf('\n', end - 1);
  // Only back up to the line break when that keeps most of the preview (one huge line has none).
  if (lineEnd >= limit * 0.9) end = lineEnd;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

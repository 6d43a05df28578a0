/**
 * Pretty-printed JSON as lines, for a virtualized viewer. Pure: no DOM, so it is unit-tested in Node.
 *
 * One pass over the text validates it (the same grammar as JSON.parse) and records each pretty line as a
 * few numbers in typed arrays: a 20 MB body becomes about a million lines, and a million small objects with
 * token arrays would cost far more memory and time than the viewer ever shows. Tokens are made on demand
 * for the few lines on screen.
 *
 * Keys, strings and numbers keep their source text: big integers stay exact (JSON.parse would round
 * 12345678901234567890) and escapes read as the server wrote them. Duplicate keys all show.
 */

import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  literalLength,
  MINUS,
  NINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  scanNumber,
  scanString,
  skipWhitespace,
  ZERO,
} from './json-scan.ts';

export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'summary';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

/** What a line holds besides its key. Numbers, not strings: they are stored in a Uint8Array. */
export const LineKind = {
  string: 0,
  number: 1,
  literal: 2,
  openObject: 3,
  openArray: 4,
  closeObject: 5,
  closeArray: 6,
  emptyObject: 7,
  emptyArray: 8,
} as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

const COMMA_BIT = 0x10;
const KIND_MASK = 0x0f;

export interface JsonLines {
  readonly source: string;
  readonly count: number;
  /** Indentation level per line. */
  readonly depth: Int32Array;
  /** LineKind, with COMMA_BIT set when a comma follows. */
  readonly flags: Uint8Array;
  /** Source range of the key (quotes included), -1 when the line has none. */
  readonly keyStart: Int32Array;
  readonly keyEnd: Int32Array;
  /** Source range of a scalar value; for brackets, the bracket itself. */
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
  /** For a line that opens `{` or `[`: the index of its closing line; -1 otherwise. */
  readonly foldEnd: Int32Array;
  /** For a line that opens `{` or `[`: how many members or items it holds. */
  readonly childCount: Int32Array;
}

/** Typed arrays that double when full; the final JsonLines holds views of the used part. */
class LineBuffer {
  count = 0;
  depth: Int32Array;
  flags: Uint8Array;
  keyStart: Int32Array;
  keyEnd: Int32Array;
  valueStart: Int32Array;
  valueEnd: Int32Array;
  foldEnd: Int32Array;
  childCount: Int32Array;

  constructor(capacity: number) {
    this.depth = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.keyStart = new Int32Array(capacity);
    this.keyEnd = new Int32Array(capacity);
    this.valueStart = new Int32Array(capacity);
    this.valueEnd = new Int32Array(capacity);
    this.foldEnd = new Int32Array(capacity);
    this.childCount = new Int32Array(capacity);
  }

  push(depth: number, kind: LineKind, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): number {
    if (this.count === this.depth.length) this.grow();
    const line = this.count++;
    this.depth[line] = depth;
    this.flags[line] = kind;
    this.keyStart[line] = keyStart;
    this.keyEnd[line] = keyEnd;
    this.valueStart[line] = valueStart;
    this.valueEnd[line] = valueEnd;
    this.foldEnd[line] = -1;
    this.childCount[line] = 0;
    return line;
  }

  private grow(): void {
    const size = this.depth.length * 2;
    const grown = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.depth = grown(this.depth, new Int32Array(size));
    this.flags = grown(this.flags, new Uint8Array(size));
    this.keyStart = grown(this.keyStart, new Int32Array(size));
    this.keyEnd = grown(this.keyEnd, new Int32Array(size));
    this.valueStart = grown(this.valueStart, new Int32Array(size));
    this.valueEnd = grown(this.valueEnd, new Int32Array(size));
    this.foldEnd = grown(this.foldEnd, new Int32Array(size));
    this.childCount = grown(this.childCount, new Int32Array(size));
  }

  finish(source: string): JsonLines {
    const n = this.count;
    return {
      source,
      count: n,
      depth: this.depth.subarray(0, n),
      flags: this.flags.subarray(0, n),
      keyStart: this.keyStart.subarray(0, n),
      keyEnd: this.keyEnd.subarray(0, n),
      valueStart: this.valueStart.subarray(0, n),
      valueEnd: this.valueEnd.subarray(0, n),
      foldEnd: this.foldEnd.subarray(0, n),
      childCount: this.childCount.subarray(0, n),
    };
  }
}

/**
 * Validates `text` as JSON and lays it out as the lines of `JSON.stringify(value, null, 2)`.
 * Returns null when the text is not JSON, so the caller can show it raw.
 *
 * One loop with an explicit stack, so nesting depth is not limited by the call stack. No closures
 * over `pos`: a captured variable lives in a heap context, and this loop touches it for every token.
 */
export function buildJsonLines(text: string): JsonLines | null {
  const length = text.length;
  // Minified API JSON runs about 12 to 25 characters per pretty line; growing copies every array,
  // so start big enough for most bodies.
  const lines = new LineBuffer(Math.max(16, Math.ceil(length / 8)));
  // Open containers, innermost last: the line that opened each one. Its kind says object or array.
  const open: number[] = [];
  let pos = skipWhitespace(text, 0);
  // Whether a member key comes next; set on every way back to the top of the loop.
  let expectKey = false;

  for (;;) {
    let keyStart = -1;
    let keyEnd = -1;
    if (expectKey) {
      if (text.charCodeAt(pos) !== QUOTE) return null;
      keyEnd = scanString(text, pos);
      if (keyEnd < 0) return null;
      keyStart = pos;
      pos = skipWhitespace(text, keyEnd);
      if (text.charCodeAt(pos) !== COLON) return null;
      pos = skipWhitespace(text, pos + 1);
    }

    // A value starts at `pos`.
    const depth = open.length;
    const c = text.charCodeAt(pos);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const isObject = c === OPEN_BRACE;
      const inner = skipWhitespace(text, pos + 1);
      if (text.charCodeAt(inner) === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        lines.push(depth, isObject ? LineKind.emptyObject : LineKind.emptyArray, keyStart, keyEnd, pos, inner + 1);
        pos = inner + 1;
      } else {
        const kind = isObject ? LineKind.openObject : LineKind.openArray;
        const line = lines.push(depth, kind, keyStart, keyEnd, pos, pos + 1);
        open.push(line);
        lines.childCount[line] = 1;
        pos = inner;
        expectKey = isObject;
        continue;
      }
    } else if (c === QUOTE) {
      const end = scanString(text, pos);
      if (end < 0) return null;
      lines.push(depth, LineKind.string, keyStart, keyEnd, pos, end);
      pos = end;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      const end = scanNumber(text, pos);
      if (end < 0) return null;
      lines.push(depth, LineKind.number, keyStart, keyEnd, pos, end);
      pos = end;
    } else {
      const literal = literalLength(text, pos);
      if (literal === 0) return null;
      lines.push(depth, LineKind.literal, keyStart, keyEnd, pos, pos + literal);
      pos += literal;
    }

    // After a value: a comma and the next one, or the close of one or more containers, or the end.
    for (;;) {
      pos = skipWhitespace(text, pos);
      const top = open.at(-1);
      if (top === undefined) return pos === length ? lines.finish(text) : null;
      const isObject = (lines.flags[top]! & KIND_MASK) === LineKind.openObject;
      const next = text.charCodeAt(pos);
      if (next === COMMA) {
        lines.flags[lines.count - 1]! |= COMMA_BIT;
        pos = skipWhitespace(text, pos + 1);
        lines.childCount[top]!++;
        expectKey = isObject;
        break;
      }
      if (next !== (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) return null;
      open.pop();
      const close = lines.push(
        open.length,
        isObject ? LineKind.closeObject : LineKind.closeArray,
        -1,
        -1,
        pos,
        pos + 1,
      );
      lines.foldEnd[top] = close;
      pos++;
    }
  }
}

export function lineKind(lines: JsonLines, index: number): LineKind {
  return (lines.flags[index]! & KIND_MASK) as LineKind;
}

export function hasComma(lines: JsonLines, index: number): boolean {
  return (lines.flags[index]! & COMMA_BIT) !== 0;
}

/** True when the line opens a block that can be folded. */
export function isFoldStart(lines: JsonLines, index: number): boolean {
  return lines.foldEnd[index]! > index;
}

const INDENT = '  ';

function valueTokenKind(kind: LineKind): TokenKind {
  switch (kind) {
    case LineKind.string:
      return 'string';
    case LineKind.number:
      return 'number';
    case LineKind.literal:
      return 'literal';
    default:
      return 'punctuation';
  }
}

function itemCount(count: number): string {
  return count === 1 ? ' 1 item' : ` ${count} items`;
}

export interface LineTokenOptions {
  /** Show an open line as its folded form: `{ … }` or `[ … ] 12 items`, with the close line's comma. */
  readonly folded?: boolean;
  /** Include the indentation as a leading punctuation token (default true). */
  readonly indent?: boolean;
}

/** The coloured pieces of one line, in order; their texts joined are the line's text. */
export function lineTokens(lines: JsonLines, index: number, options: LineTokenOptions = {}): Token[] {
  const { source } = lines;
  const kind = lineKind(lines, index);
  const tokens: Token[] = [];
  const depth = lines.depth[index]!;
  if (options.indent !== false && depth > 0) tokens.push({ kind: 'punctuation', text: INDENT.repeat(depth) });
  const keyStart = lines.keyStart[index]!;
  if (keyStart >= 0) {
    tokens.push({ kind: 'key', text: source.slice(keyStart, lines.keyEnd[index]) });
    tokens.push({ kind: 'punctuation', text: ': ' });
  }
  switch (kind) {
    case LineKind.emptyObject:
      tokens.push({ kind: 'punctuation', text: '{}' });
      break;
    case LineKind.emptyArray:
      tokens.push({ kind: 'punctuation', text: '[]' });
      break;
    case LineKind.openObject:
    case LineKind.openArray: {
      const isObject = kind === LineKind.openObject;
      if (options.folded && isFoldStart(lines, index)) {
        const end = lines.foldEnd[index]!;
        tokens.push({ kind: 'punctuation', text: isObject ? '{ … }' : '[ … ]' });
        if (hasComma(lines, end)) tokens.push({ kind: 'punctuation', text: ',' });
        if (!isObject) tokens.push({ kind: 'summary', text: itemCount(lines.childCount[index]!) });
        return tokens;
      }
      tokens.push({ kind: 'punctuation', text: isObject ? '{' : '[' });
      break;
    }
    case LineKind.closeObject:
      tokens.push({ kind: 'punctuation', text: '}' });
      break;
    case LineKind.closeArray:
      tokens.push({ kind: 'punctuation', text: ']' });
      break;
    default:
      tokens.push({ kind: valueTokenKind(kind), text: source.slice(lines.valueStart[index], lines.valueEnd[index]) });
  }
  if (hasComma(lines, index)) tokens.push({ kind: 'punctuation', text: ',' });
  return tokens;
}

/** The text of one (unfolded) line, indentation included. */
export function lineText(lines: JsonLines, index: number): string {
  return lineTokens(lines, index)
    .map((token) => token.text)
    .join('');
}

/** The whole pretty text; for tests and small documents (it builds one string as large as the output). */
export function prettyText(lines: JsonLines): string {
  const out: string[] = [];
  for (let index = 0; index < lines.count; index++) out.push(lineText(lines, index));
  return out.join('\n');
}

/**
 * Length in UTF-16 units of a line as `lineTokens` renders it, computed without building the tokens,
 * so the viewer can lay out a million lines (wrapping long ones) without touching their text.
 */
export function lineLength(lines: JsonLines, index: number, folded = false): number {
  const kind = lineKind(lines, index);
  let length = lines.depth[index]! * INDENT.length;
  const keyStart = lines.keyStart[index]!;
  if (keyStart >= 0) length += lines.keyEnd[index]! - keyStart + 2;
  if (folded && isFoldStart(lines, index)) {
    const end = lines.foldEnd[index]!;
    length += 5 + (hasComma(lines, end) ? 1 : 0);
    return kind === LineKind.openArray ? length + itemCount(lines.childCount[index]!).length : length;
  }
  if (kind === LineKind.emptyObject || kind === LineKind.emptyArray) length += 2;
  else length += lines.valueEnd[index]! - lines.valueStart[index]!;
  return length + (hasComma(lines, index) ? 1 : 0);
}

/** Every line that opens a foldable block, in order. */
export function foldStarts(lines: JsonLines, options: { minDepth?: number } = {}): number[] {
  const minDepth = options.minDepth ?? 0;
  const starts: number[] = [];
  for (let index = 0; index < lines.count; index++) {
    if (lines.foldEnd[index]! > index && lines.depth[index]! >= minDepth) starts.push(index);
  }
  return starts;
}

/**
 * The indices of the lines left on screen when the blocks opened at `collapsed` are folded: a folded
 * block keeps its first line and hides everything up to and including its closing line. Folds nested
 * inside a hidden block do not matter until it opens again.
 */
export function visibleLines(lines: JsonLines, collapsed: ReadonlySet<number>): Int32Array {
  const { count, foldEnd } = lines;
  const visible = new Int32Array(count);
  let size = 0;
  let index = 0;
  if (collapsed.size === 0) {
    for (; index < count; index++) visible[index] = index;
    return visible;
  }
  while (index < count) {
    visible[size++] = index;
    const end = foldEnd[index]!;
    index = end > index && collapsed.has(index) ? end + 1 : index + 1;
  }
  return visible.subarray(0, size);
}

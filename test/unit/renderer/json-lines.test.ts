import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildJsonLines,
  foldStarts,
  type JsonLines,
  lineLength,
  lineText,
  lineTokens,
  prettyText,
  visibleLines,
} from '../../../src/renderer/src/features/response/body/json-lines.ts';
import { layoutRows, rowAt, sliceTokens } from '../../../src/renderer/src/features/response/body/wrap-rows.ts';

function build(text: string): JsonLines {
  const lines = buildJsonLines(text);
  if (!lines) throw new Error(`expected valid JSON: ${text}`);
  return lines;
}

function texts(lines: JsonLines, indices: Iterable<number>, collapsed: ReadonlySet<number> = new Set()): string[] {
  return Array.from(indices, (index) =>
    lineTokens(lines, index, { folded: collapsed.has(index) })
      .map((token) => token.text)
      .join(''),
  );
}

describe('buildJsonLines', () => {
  it('lays out nested objects and arrays like JSON.stringify(value, null, 2)', () => {
    const text = '{"a":1,"b":{"c":[true,null,"x"],"d":{}},"e":[]}';
    const lines = build(text);
    expect(prettyText(lines)).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(Array.from(lines.depth)).toEqual([0, 1, 1, 2, 3, 3, 3, 2, 2, 1, 1, 0]);
  });

  it('prints empty objects and arrays on one line, whatever the whitespace inside', () => {
    expect(prettyText(build('{ }'))).toBe('{}');
    expect(prettyText(build('[\n\t]'))).toBe('[]');
    expect(prettyText(build('{"a":{ },"b":[ ]}'))).toBe('{\n  "a": {},\n  "b": []\n}');
    const lines = build('[[],{}]');
    expect(foldStarts(lines)).toEqual([0]);
  });

  it('lays out top-level scalars as a single line', () => {
    expect(prettyText(build(' "text" '))).toBe('"text"');
    expect(prettyText(build('-0.5e+10'))).toBe('-0.5e+10');
    expect(prettyText(build('null'))).toBe('null');
  });

  it('keeps escaped quotes, backslashes and braces inside strings as text', () => {
    const text = String.raw`{"k\"ey{": "va\\\"l}ue]", "[": "{\"nested\": [1]}"}`;
    const lines = build(text);
    expect(lines.count).toBe(4);
    expect(lineTokens(lines, 1)).toEqual([
      { kind: 'punctuation', text: '  ' },
      { kind: 'key', text: String.raw`"k\"ey{"` },
      { kind: 'punctuation', text: ': ' },
      { kind: 'string', text: String.raw`"va\\\"l}ue]"` },
      { kind: 'punctuation', text: ',' },
    ]);
    expect(JSON.parse(prettyText(lines))).toEqual(JSON.parse(text));
  });

  it('keeps unicode and escapes as the server wrote them', () => {
    const text = '{"naïve":"😀 \\u00e9 \\ud83d\\ude00 日本","\\u0041":"\\/"}';
    const lines = build(text);
    expect(lineText(lines, 1)).toBe('  "naïve": "😀 \\u00e9 \\ud83d\\ude00 日本",');
    expect(lineText(lines, 2)).toBe('  "\\u0041": "\\/"');
    expect(JSON.parse(prettyText(lines))).toEqual(JSON.parse(text));
  });

  it('colours negative, fractional and exponent numbers and keeps big integers exact', () => {
    const lines = build('[-1, 0, 2.5, -3.25E-7, 1e400, 12345678901234567890]');
    const numbers = Array.from({ length: 6 }, (_, index) =>
      lineTokens(lines, index + 1).find((t) => t.kind === 'number'),
    );
    expect(numbers.map((token) => token?.text)).toEqual([
      '-1',
      '0',
      '2.5',
      '-3.25E-7',
      '1e400',
      '12345678901234567890',
    ]);
  });

  it('marks keys, strings, literals and punctuation', () => {
    const lines = build('{"on":true,"off":false,"none":null,"s":"t"}');
    expect(lineTokens(lines, 1, { indent: false })).toEqual([
      { kind: 'key', text: '"on"' },
      { kind: 'punctuation', text: ': ' },
      { kind: 'literal', text: 'true' },
      { kind: 'punctuation', text: ',' },
    ]);
    expect(lineTokens(lines, 3).map((token) => token.kind)).toEqual([
      'punctuation',
      'key',
      'punctuation',
      'literal',
      'punctuation',
    ]);
    expect(lineTokens(lines, 4).map((token) => token.kind)).toEqual(['punctuation', 'key', 'punctuation', 'string']);
  });

  it.each([
    '',
    '   ',
    '{',
    '[1,]',
    '{"a":1,}',
    '{"a" 1}',
    '{a:1}',
    "{'a':1}",
    '[1 2]',
    '01',
    '-',
    '1.',
    '.5',
    '1e',
    '1e+',
    '+1',
    'NaN',
    'tru',
    'nul',
    '"unterminated',
    '"bad \\x escape"',
    '"bad \\u12G4"',
    '"tab\tinside"',
    '{"a":1}}',
    '[1]]',
    '{"a":1} x',
    '\uFEFF{}',
    '[}',
    '{]',
  ])('returns null for invalid JSON %j', (text) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(buildJsonLines(text)).toBeNull();
  });

  it('handles nesting deeper than the call stack would allow a recursive parser', () => {
    const depth = 20_000;
    const lines = build(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
    expect(lines.count).toBe(depth * 2 + 1);
    expect(lines.foldEnd[0]).toBe(depth * 2);
    expect(lines.depth[depth]).toBe(depth);
  });
});

describe('folding', () => {
  const text = JSON.stringify({ a: { b: [1, 2, 3], c: 'x' }, d: [{ e: 1 }, { f: 2 }], g: {} });
  // 0 {  1 "a": {  2 "b": [  3 1,  4 2,  5 3  6 ],  7 "c": "x"  8 },  9 "d": [  10 {  11 "e": 1  12 },
  // 13 {  14 "f": 2  15 }  16 ],  17 "g": {}  18 }
  const lines = build(text);

  it('records where each block opens and closes, and how many members it holds', () => {
    expect(foldStarts(lines)).toEqual([0, 1, 2, 9, 10, 13]);
    expect([0, 1, 2, 9, 10, 13].map((start) => lines.foldEnd[start])).toEqual([18, 8, 6, 16, 12, 15]);
    expect([0, 1, 2, 9].map((start) => lines.childCount[start])).toEqual([3, 2, 3, 2]);
    expect(lines.foldEnd[3]).toBe(-1);
    expect(lines.foldEnd[17]).toBe(-1);
    expect(foldStarts(lines, { minDepth: 1 })).toEqual([1, 2, 9, 10, 13]);
  });

  it('shows every line when nothing is folded', () => {
    expect(Array.from(visibleLines(lines, new Set()))).toEqual(Array.from({ length: 19 }, (_, index) => index));
  });

  it('hides a folded block up to and including its closing line', () => {
    const collapsed = new Set([2, 10]);
    const visible = visibleLines(lines, collapsed);
    expect(Array.from(visible)).toEqual([0, 1, 2, 7, 8, 9, 10, 13, 14, 15, 16, 17, 18]);
    expect(texts(lines, [2, 10], collapsed)).toEqual(['    "b": [ … ], 3 items', '    { … },']);
  });

  it('ignores folds inside a folded block until it opens again', () => {
    const collapsed = new Set([1, 2]);
    expect(Array.from(visibleLines(lines, collapsed))).toEqual([0, 1, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(texts(lines, [1], collapsed)).toEqual(['  "a": { … },']);
  });

  it('folds the root to a single line and ignores starts that are not blocks', () => {
    expect(Array.from(visibleLines(lines, new Set([0])))).toEqual([0]);
    expect(texts(lines, [0], new Set([0]))).toEqual(['{ … }']);
    expect(visibleLines(lines, new Set([3, 17, 99])).length).toBe(19);
  });

  it('counts a single item in the singular', () => {
    const one = build('{"x":[1]}');
    expect(texts(one, [1], new Set([1]))).toEqual(['  "x": [ … ] 1 item']);
  });

  it('computes line lengths without building tokens, folded or not', () => {
    for (let index = 0; index < lines.count; index++) {
      expect(lineLength(lines, index)).toBe(lineText(lines, index).length);
      expect(lineLength(lines, index, true)).toBe(texts(lines, [index], new Set([index]))[0]!.length);
    }
  });
});

describe('wrapping long lines into rows', () => {
  it('keeps one row per line when all fit', () => {
    const layout = layoutRows(3, (item) => [5, 10, 7][item]!, 10);
    expect(layout).toMatchObject({ rowCount: 3, firstRow: null, columns: 10 });
    expect(rowAt(layout, 2)).toEqual({ item: 2, segment: 0 });
  });

  it('cuts long lines into several rows and finds them back', () => {
    const lengths = [3, 25, 0, 10, 11];
    const layout = layoutRows(lengths.length, (item) => lengths[item]!, 10);
    expect(layout.rowCount).toBe(1 + 3 + 1 + 1 + 2);
    expect(layout.columns).toBe(10);
    const positions = Array.from({ length: layout.rowCount }, (_, row) => rowAt(layout, row));
    expect(positions).toEqual([
      { item: 0, segment: 0 },
      { item: 1, segment: 0 },
      { item: 1, segment: 1 },
      { item: 1, segment: 2 },
      { item: 2, segment: 0 },
      { item: 3, segment: 0 },
      { item: 4, segment: 0 },
      { item: 4, segment: 1 },
    ]);
  });

  it('slices tokens by column and keeps their kinds', () => {
    const tokens = [
      { kind: 'key', text: '"abc"' },
      { kind: 'punctuation', text: ': ' },
      { kind: 'string', text: '"defghij"' },
    ] as const;
    expect(sliceTokens(tokens, 3, 9)).toEqual([
      { kind: 'key', text: 'c"' },
      { kind: 'punctuation', text: ': ' },
      { kind: 'string', text: '"d' },
    ]);
    expect(sliceTokens(tokens, 0, 100)).toEqual(tokens);
    expect(sliceTokens(tokens, 16, 20)).toEqual([]);
  });
});

describe('properties', () => {
  it('prints exactly what JSON.stringify(value, null, 2) prints', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const lines = build(JSON.stringify(value));
        expect(prettyText(lines)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it('reads back as the same value as JSON.parse of the input, whatever the input spacing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t', ' \r\n '), (value, space) => {
        const input = JSON.stringify(value, null, space);
        const joined = prettyText(build(input));
        expect(JSON.stringify(JSON.parse(joined))).toBe(JSON.stringify(JSON.parse(input)));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly what JSON.parse accepts', () => {
    const parses = (text: string): boolean => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', '"', '\\', '{', '}', '[', ']', ',', ':', '-', '.', 'e', '0', ' '))
      .map(([json, at, insert]) => {
        const index = at % (json.length + 1);
        // Either insert a character or replace one: both break JSON in the ways a parser must catch.
        return at % 2 === 0
          ? json.slice(0, index) + insert + json.slice(index)
          : json.slice(0, index) + insert + json.slice(index + 1);
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string(), fc.json()), (text) => {
        expect(buildJsonLines(text) !== null).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('folding any set of blocks shows each start and hides exactly the lines inside folded blocks', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat()), (value, picks) => {
        const lines = build(JSON.stringify(value));
        const starts = foldStarts(lines);
        const collapsed = new Set(starts.length === 0 ? [] : picks.map((pick) => starts[pick % starts.length]!));
        const hidden = new Set<number>();
        const visible = Array.from(visibleLines(lines, collapsed));
        // A block nested in a folded one hides nothing more, so the union of the folded ranges is the answer.
        for (const start of collapsed) {
          for (let index = start + 1; index <= lines.foldEnd[start]!; index++) hidden.add(index);
        }
        const expected = Array.from({ length: lines.count }, (_, index) => index).filter((index) => !hidden.has(index));
        expect(visible).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

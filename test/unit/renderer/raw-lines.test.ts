import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  previewCut,
  rawLineLength,
  rawLineSlice,
  splitRawLines,
  utf8Length,
} from '../../../src/renderer/src/features/response/body/raw-lines.ts';

function allLines(text: string): string[] {
  const lines = splitRawLines(text);
  return Array.from({ length: lines.count }, (_, index) => rawLineSlice(lines, index, 0, rawLineLength(lines, index)));
}

describe('splitRawLines', () => {
  it('splits on LF and drops the CR of CRLF, keeping a lone CR', () => {
    expect(allLines('a\r\nbc\n\nd\re')).toEqual(['a', 'bc', '', 'd\re']);
    expect(allLines('')).toEqual(['']);
    expect(allLines('x\n')).toEqual(['x', '']);
  });

  it('slices columns of a line', () => {
    const lines = splitRawLines('first\n0123456789\nlast');
    expect(rawLineSlice(lines, 1, 3, 7)).toBe('3456');
    expect(rawLineSlice(lines, 1, 8, 100)).toBe('89');
    expect(rawLineSlice(lines, 1, 20, 30)).toBe('');
  });

  it('gives back the text when the lines are joined', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '\r\n', ' ') }), (text) => {
        expect(allLines(text).join('\n')).toBe(text.replace(/\r\n/g, '\n'));
      }),
    );
  });
});

describe('utf8Length', () => {
  it('matches TextEncoder, surrogate pairs and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
      }),
    );
    expect(utf8Length('\ud800x')).toBe(4);
  });
});

describe('previewCut', () => {
  it('keeps short text whole', () => {
    expect(previewCut('short', 10)).toBe('short');
  });

  it('ends on a line break near the limit, else at the limit', () => {
    expect(previewCut(`${'a'.repeat(95)}\n${'b'.repeat(50)}`, 100)).toBe('a'.repeat(95));
    expect(previewCut(`${'a'.repeat(10)}\n${'b'.repeat(200)}`, 100)).toBe(`${'a'.repeat(10)}\n${'b'.repeat(89)}`);
  });

  it('never cuts a surrogate pair in half', () => {
    expect(previewCut(`${'a'.repeat(99)}😀tail`, 100)).toBe('a'.repeat(99));
  });
});

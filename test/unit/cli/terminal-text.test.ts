import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalJson, terminalText } from '../../../src/cli/terminal-text.ts';

// eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminalText', () => {
  it.each([
    [
      'an OSC 8 link, keeping its text',
      '\u001b]8;;https://evil.example/\u0007Click\u001b]8;;\u001b\\ here',
      'Click here',
    ],
    ['an OSC 52 clipboard write', 'tok\u001b]52;c;ZWNobyBwd25lZA==\u0007en', 'token'],
    ['CSI colours and a screen clear', '\u001b[2J\u001b[1;31mred\u001b[0m', 'red'],
    ['an 8-bit CSI and OSC', '\u009b31mred\u009d0;title\u009c!', 'red!'],
    ['a two-byte ESC sequence (reset)', 'a\u001bcb', 'ab'],
    ['line breaks that would forge a line of ours', 'bad\r\n✓ Request a token', 'bad ✓ Request a token'],
    ['a bidirectional override', 'abc\u202edef', 'abcdef'],
    ['an unterminated OSC, as a two-byte sequence: the text after it stays', 'a\u001b]0;title', 'a0;title'],
  ])('removes %s', (_what, text, printed) => {
    expect(terminalText(text)).toBe(printed);
  });

  it('leaves printable text as it is, and leaves no control character in any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(!CONTROL.test(text));
        expect(terminalText(text)).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(terminalText(text)).not.toMatch(CONTROL);
      }),
    );
  });
});

describe('terminalJson', () => {
  it('escapes what JSON.stringify leaves raw (DEL, C1, bidirectional overrides), keeping the value', () => {
    const value = { text: 'a\u009b31m\u007f\u202eb\u001b' };
    const json = terminalJson(value);
    // Its own line breaks are the only control characters left.
    expect(json.replace(/\n/g, '')).not.toMatch(CONTROL);
    expect(JSON.parse(json)).toEqual(value);
  });
});

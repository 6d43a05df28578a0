import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequestSpec } from '../../../../src/shared/domain/http.ts';
import type { SecretBinding } from '../../../../src/shared/domain/secrets.ts';
import { toSnippet } from '../../../../src/shared/snippets/index.ts';
import { POWERSHELL } from '../../../../src/shared/snippets/powershell.ts';

/**
 * PowerShell cannot be installed here (it is not in Debian's repositories), so unlike the other
 * snippets this one is never run: these tests check its text against PowerShell's documented
 * quoting rules (about_Quoting_Rules, about_Special_Characters) instead.
 */

/** The characters PowerShell takes for a single quote: the ASCII one and four typographic ones. */
const QUOTE_CHARS = ["'", '\u2018', '\u2019', '\u201a', '\u201b'];
const QUOTES = QUOTE_CHARS.join('');

/**
 * Reads a verbatim (single-quoted) string as PowerShell does: everything is literal, and a quote
 * character doubled stands for one. Undefined when the text is not exactly one such string.
 */
function readVerbatim(text: string): string | undefined {
  if (text.length < 2 || !QUOTES.includes(text.charAt(0)) || !QUOTES.includes(text.charAt(text.length - 1)))
    return undefined;
  let value = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text.charAt(i);
    if (!QUOTES.includes(c)) {
      value += c;
      continue;
    }
    const next = text.charAt(i + 1);
    if (i + 1 === text.length - 1 || !QUOTES.includes(next)) return undefined;
    value += next;
    i++;
  }
  return value;
}

const secret: SecretBinding = {
  variable: 'TOKENSMITH_TEST_SECRET',
  value: "it's \u2018s3cr3t\u2019 $HOME `x` ü",
  origin: 'field Secret',
};

const spec: HttpRequestSpec = {
  method: 'POST',
  url: "https://auth.example.com/token?q=it's",
  headers: [
    ['User-Agent', 'Tokensmith/0.1'],
    ['Accept', 'application/json'],
    ['Authorization', `Basic ${Buffer.from(`client:${secret.value}`).toString('base64')}`],
    ['X-Note', "a 'b' $c `d`"],
    ['Content-Type', 'application/x-www-form-urlencoded'],
  ],
  body: {
    kind: 'form',
    fields: [
      ['grant_type', 'client_credentials'],
      ['note', "it's $x"],
      ['client_secret', secret.value],
    ],
  },
};

describe('PowerShell snippet', () => {
  it('string literals are verbatim strings that read back as the same text (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', '$', '`', '"', '\n', 'ü', ...QUOTE_CHARS),
      maxLength: 20,
    });
    fc.assert(
      fc.property(text, (value) => {
        expect(readVerbatim(POWERSHELL.literal(value))).toBe(value);
      }),
    );
  });

  it('env mode: $env: references outside quotes, Basic and form encoding at run time, continuations at line ends', () => {
    const { code, variables } = toSnippet(spec, { lang: 'powershell', secrets: [secret] });
    expect(variables.map((variable) => variable.variable)).toEqual(['TOKENSMITH_TEST_SECRET']);
    expect(code).toBe(
      [
        '$headers = [ordered]@{',
        "  'Accept' = 'application/json'",
        "  'Authorization' = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('client:' + $env:TOKENSMITH_TEST_SECRET))",
        "  'X-Note' = 'a ''b'' $c `d`'",
        '}',
        "$body = [Text.Encoding]::UTF8.GetBytes('grant_type=client_credentials&note=it%27s+%24x&client_secret=' + [Uri]::EscapeDataString($env:TOKENSMITH_TEST_SECRET).Replace('%20', '+'))",
        'Invoke-RestMethod -Method Post `',
        "  -Uri 'https://auth.example.com/token?q=it''s' `",
        "  -UserAgent 'Tokensmith/0.1' `",
        "  -ContentType 'application/x-www-form-urlencoded' `",
        '  -Headers $headers `',
        '  -Body $body `',
        '  -MaximumRedirection 0',
      ].join('\n'),
    );
    expect(code).not.toContain('s3cr3t');
  });

  it("reveal mode: the secret's quotes, typographic ones included, are doubled inside its verbatim string", () => {
    const { code, variables } = toSnippet(spec, { lang: 'powershell', secrets: [secret], mode: 'reveal' });
    expect(variables).toEqual([]);
    const literal = /EscapeDataString\(('(?:[^'\u2018\u2019\u201a\u201b]|''|\u2018\u2018|\u2019\u2019)*')\)/.exec(
      code,
    )?.[1];
    expect(literal && readVerbatim(literal)).toBe(secret.value);
    expect(code).not.toContain('$env:');
  });

  it('mask mode holds no secret and reads no variable', () => {
    const { code, variables } = toSnippet(spec, { lang: 'powershell', secrets: [secret], mode: 'mask' });
    expect(variables).toEqual([]);
    expect(code).not.toContain('s3cr3t');
    expect(code).not.toContain('$env:');
  });

  it('every line of the command but the last ends in a backtick with nothing after it', () => {
    const { code } = toSnippet(spec, { lang: 'powershell', secrets: [secret] });
    const command = code.slice(code.indexOf('Invoke-RestMethod')).split('\n');
    for (const line of command.slice(0, -1)) expect(line).toMatch(/ `$/);
    expect(command.at(-1)).not.toMatch(/`\s*$/);
  });
});

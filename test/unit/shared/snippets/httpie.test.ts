import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequestSpec } from '../../../../src/shared/domain/http.ts';
import type { SecretBinding } from '../../../../src/shared/domain/secrets.ts';
import { itemText } from '../../../../src/shared/snippets/httpie-items.ts';
import { toSnippet } from '../../../../src/shared/snippets/index.ts';
import { runBash } from '../../../support/shell.ts';

const binding = (value: string): SecretBinding => ({
  variable: 'TOKENSMITH_TEST_SECRET',
  value,
  origin: 'field Secret',
});

/**
 * What HTTPie would send for a snippet, without sending it: `--offline` prints the request it
 * builds. Secrets come from the environment as in env mode; HTTPie's own settings are left out.
 */
async function offline(code: string, env: Record<string, string> = {}): Promise<{ head: string; body: string }> {
  const result = await runBash(code.replace(/^http /m, 'http --offline --print=HB '), {
    HTTPIE_CONFIG_DIR: '/nonexistent/tokensmith-test',
    ...env,
  });
  expect(result.stderr).toBe('');
  const [head = '', body = ''] = result.stdout.split('\r\n\r\n');
  return { head, body: body.replace(/\n\n$/, '') };
}

function formSpec(fields: [string, string][]): HttpRequestSpec {
  return {
    method: 'POST',
    url: 'https://auth.example.com/token',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: { kind: 'form', fields },
  };
}

/** Values HTTPie can be given in a request item: anything but a `\` right before : = @ or ;. */
const itemValue = fc
  .string({
    unit: fc.constantFrom('a', 'ü', ' ', ':', '=', '@', ';', '\\', '"', "'", '$', '`', '\n', '&', '+', '%'),
    maxLength: 12,
  })
  .filter((value) => !itemText(value).lossy);

describe('HTTPie request items', () => {
  it.each([
    ['plain text', 'abc ü', 'abc ü'],
    ['separator characters are escaped', 'a:b=c@d;e', 'a\\:b\\=c\\@d\\;e'],
    ['a leading separator, which would change the item', '=x', '\\=x'],
    ['backslash pairs HTTPie keeps as they are', 'a\\nb\\\\c', 'a\\nb\\\\c'],
    ['a backslash at the end', 'ab\\', 'ab\\'],
  ])('%s', (_what, value, text) => {
    expect(itemText(value)).toMatchObject({ text, lossy: false });
  });

  it('a backslash right before a separator cannot be written: HTTPie always takes it for an escape', () => {
    expect(itemText('a\\=b')).toEqual({ text: 'a\\=b', lossy: true, open: false });
  });

  it('form fields reach HTTPie as the engine would encode them (property, one HTTPie run)', async () => {
    // Distinct names: HTTPie groups repeated fields by name (see the next test).
    const fields = fc
      .sample(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), itemValue), 40)
      .filter(([name], index, all) => all.findIndex(([other]) => other === name) === index);
    const spec = formSpec(fields);
    const { body } = await offline(toSnippet(spec, { lang: 'httpie', mode: 'reveal' }).code);
    expect(new URLSearchParams(body).toString()).toBe(new URLSearchParams(fields).toString());
  });

  it('repeated form fields: HTTPie sends them together, and the snippet says so', async () => {
    const spec = formSpec([
      ['resource', 'https://a.example.com'],
      ['scope', 'read'],
      ['resource', 'https://b.example.com'],
    ]);
    const { code } = toSnippet(spec, { lang: 'httpie' });
    expect(code).toMatch(/^# HTTPie sends form fields of the same name together: resource\./m);
    const { body } = await offline(code);
    expect(body).toBe('resource=https%3A%2F%2Fa.example.com&resource=https%3A%2F%2Fb.example.com&scope=read');
  });

  it('a secret in a form value is a variable; one HTTPie would misread is masked, with a note', async () => {
    const safe = "s3cr3t 'q' $HOME a=b ü";
    const spec = formSpec([
      ['client_secret', safe],
      ['other', '=starts-with-a-separator'],
    ]);
    const { code, variables } = toSnippet(spec, {
      lang: 'httpie',
      secrets: [binding(safe), { ...binding('=starts-with-a-separator'), variable: 'TOKENSMITH_TEST_OTHER' }],
    });
    expect(variables.map((variable) => variable.variable)).toEqual(['TOKENSMITH_TEST_SECRET']);
    expect(code).toContain(`client_secret="$TOKENSMITH_TEST_SECRET"`);
    expect(code).toMatch(/^# HTTPie would read TOKENSMITH_TEST_OTHER differently/m);
    expect(code).not.toContain('starts-with');
    const { body } = await offline(code, { TOKENSMITH_TEST_SECRET: safe });
    expect(new URLSearchParams(body).get('client_secret')).toBe(safe);
  });

  it("sends only the request's headers: HTTPie's own are turned off", async () => {
    const spec: HttpRequestSpec = {
      method: 'GET',
      url: 'https://api.example.com/v1/me?q=a%20b',
      headers: [
        ['X-Note', `it's "$HOME" a:b=c`],
        ['X-Empty', ''],
      ],
      body: { kind: 'none' },
    };
    const { head } = await offline(toSnippet(spec, { lang: 'httpie' }).code);
    const [requestLine, ...headers] = head.split('\r\n');
    expect(requestLine).toBe('GET /v1/me?q=a%20b HTTP/1.1');
    // Host and Connection are the transport's, as they are for the engine.
    expect(headers.toSorted()).toEqual(
      ['Connection: keep-alive', 'Host: api.example.com', `X-Note: it's "$HOME" a:b=c`, 'X-Empty: '].toSorted(),
    );
  });
});

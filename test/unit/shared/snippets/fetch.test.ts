import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeForm, type HttpRequestSpec } from '../../../../src/shared/domain/http.ts';
import type { SecretBinding } from '../../../../src/shared/domain/secrets.ts';
import { JS } from '../../../../src/shared/snippets/fetch.ts';
import { toSnippet, type SecretMode } from '../../../../src/shared/snippets/index.ts';

/** Strings without lone surrogates: what the request's UTF-8 can carry. */
const anyText = fc.string({ unit: 'binary', maxLength: 30 });

const binding = (value: string): SecretBinding => ({
  variable: 'TOKENSMITH_TEST_SECRET',
  value,
  origin: 'field Secret',
});

interface Sent {
  url: string;
  method: string;
  headers: [string, string][];
  body?: string;
}

/**
 * Runs a fetch snippet in a fresh context where `fetch` only records its call: what Node's fetch
 * would be asked to send, with the snippet's own code (quoting, formEncode, Basic) doing the work.
 */
async function sentBy(code: string, env: Record<string, string> = {}): Promise<Sent> {
  const calls: Sent[] = [];
  const context = {
    Buffer,
    process: { env },
    console: { log: () => undefined },
    fetch: (url: string, init: { method: string; headers: [string, string][]; body?: string }) => {
      calls.push({
        url,
        method: init.method,
        headers: init.headers,
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      return Promise.resolve({ status: 200, text: () => Promise.resolve('') });
    },
  };
  await (vm.runInNewContext(`(async () => {\n${code}\n})()`, context) as Promise<void>);
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

function formSpec(fields: [string, string][], basicPassword: string): HttpRequestSpec {
  return {
    method: 'POST',
    url: 'https://auth.example.com/token?q=1',
    headers: [
      ['Authorization', `Basic ${Buffer.from(`client:${basicPassword}`).toString('base64')}`],
      ['Content-Type', 'application/x-www-form-urlencoded'],
    ],
    body: { kind: 'form', fields },
  };
}

describe('fetch snippet', () => {
  it('string literals are JavaScript that reads back as the same text (property)', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(vm.runInNewContext(JS.literal(value))).toBe(value);
      }),
    );
  });

  it.each(['env', 'reveal'] as SecretMode[])(
    "%s mode: the code asks fetch for the spec's URL, headers and body bytes, secrets in form values and Basic included (property)",
    async (mode) => {
      await fc.assert(
        fc.asyncProperty(
          // Plain names: env mode masks any encoded form of a secret it finds in the literal text.
          fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), anyText), { maxLength: 3 }),
          anyText.filter((value) => value.length > 0),
          async (fields, secret) => {
            const spec = formSpec([...fields, ['client_secret', secret]], secret);
            const { code } = toSnippet(spec, { lang: 'fetch', secrets: [binding(secret)], mode });
            const sent = await sentBy(code, mode === 'env' ? { TOKENSMITH_TEST_SECRET: secret } : {});
            expect(sent).toEqual({
              url: spec.url,
              method: 'POST',
              headers: spec.headers,
              body: encodeForm(spec.body.kind === 'form' ? spec.body.fields : []),
            });
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it('a JSON body with a secret: the variable stands where JSON needs no escaping', async () => {
    const secret = "s3cr3t 'q' $HOME ü";
    const spec: HttpRequestSpec = {
      method: 'POST',
      url: 'https://auth.example.com/token',
      headers: [['Content-Type', 'application/json']],
      body: { kind: 'json', text: JSON.stringify({ client_secret: secret, note: 'a "b"' }) },
    };
    const { code } = toSnippet(spec, { lang: 'fetch', secrets: [binding(secret)] });
    expect(code).toContain('process.env.TOKENSMITH_TEST_SECRET');
    expect(code).not.toContain(secret);
    expect((await sentBy(code, { TOKENSMITH_TEST_SECRET: secret })).body).toBe(
      spec.body.kind === 'json' ? spec.body.text : '',
    );
  });

  it('in mask mode reads no variable and holds no secret', () => {
    const secret = 'mask-me-s3cr3t-0001';
    const { code, variables } = toSnippet(formSpec([['client_secret', secret]], secret), {
      lang: 'fetch',
      secrets: [binding(secret)],
      mode: 'mask',
    });
    expect(variables).toEqual([]);
    expect(code).not.toContain('process.env');
    expect(code).not.toContain('mask-me');
  });
});

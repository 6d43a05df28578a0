import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCurl } from '../../../../src/shared/snippets/curl.ts';
import { shellQuote } from '../../../../src/shared/snippets/shell.ts';
import { bodyText, type HttpRequestSpec } from '../../../../src/shared/domain/http.ts';
import type { SecretBinding } from '../../../../src/shared/domain/secrets.ts';
import { sendJson, startSimServer, type SimServer } from '../../../fixtures/simulators/sim-server.ts';
import { comparable, runBash } from '../../../support/shell.ts';

let server: SimServer;

beforeAll(async () => {
  server = await startSimServer((_request, response) => sendJson(response, 200, { ok: true }));
});
afterAll(() => server.close());

/** Sends the spec through bash and the real curl binary, and returns what the server received. */
async function viaCurl(
  spec: HttpRequestSpec,
  options: Parameters<typeof toCurl>[1] = {},
  env: Record<string, string> = {},
) {
  const before = server.requests.length;
  const { command } = toCurl(spec, options);
  const result = await runBash(command, env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(server.requests.length).toBe(before + 1);
  return comparable(server.requests[before]!);
}

/** The request as the spec says it must arrive. */
function expected(spec: HttpRequestSpec, body: string) {
  const url = new URL(spec.url);
  return {
    method: spec.method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers: Object.fromEntries(spec.headers.map(([name, value]) => [name.toLowerCase(), value])),
    body: Buffer.from(body, 'utf8').toString('hex'),
  };
}

const secret = (value: string): SecretBinding => ({
  variable: 'TOKENSMITH_TEST_SECRET',
  value,
  origin: 'field Secret',
});

/** Header values HTTP can carry unchanged: visible ASCII with inner spaces, no leading or trailing space. */
const headerValue = fc.stringMatching(/^[!-~]([ !-~]{0,30}[!-~])?$/);
/** Anything a body can hold except NUL, which no shell argument can carry. */
const bodyString = fc.string({ unit: 'binary', maxLength: 60 }).filter((value) => !value.includes('\0'));

describe('shellQuote', () => {
  it('quotes single quotes, $, backticks, newlines and non-ASCII so bash reads them literally', async () => {
    const value = `it's $HOME \`id\` "q" \\ \nü 🍪`;
    const result = await runBash(`printf %s ${shellQuote(value)}`);
    expect(result.stdout).toBe(value);
  });

  it('gives bash back any string without NUL unchanged (property)', async () => {
    await fc.assert(
      fc.asyncProperty(bodyString, async (value) => {
        const result = await runBash(`printf %s ${shellQuote(value)}`);
        expect(Buffer.from(result.stdout, 'utf8').equals(Buffer.from(value, 'utf8'))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('toCurl', () => {
  it('writes secrets as environment-variable references, never their values', () => {
    const spec: HttpRequestSpec = {
      method: 'POST',
      url: 'https://auth.example.com/token',
      headers: [['Content-Type', 'application/x-www-form-urlencoded']],
      body: { kind: 'form', fields: [['client_secret', 'p4ss w0rd$!']] },
    };
    const { command, variables } = toCurl(spec, { secrets: [secret('p4ss w0rd$!')] });
    expect(command).toContain(`--data-urlencode client_secret="$TOKENSMITH_TEST_SECRET"`);
    expect(command).not.toContain('p4ss');
    expect(variables.map((variable) => variable.variable)).toEqual(['TOKENSMITH_TEST_SECRET']);
    expect(toCurl(spec, { secrets: [secret('p4ss w0rd$!')], mode: 'mask' }).command).not.toContain('p4ss');
    expect(toCurl(spec, { secrets: [secret('p4ss w0rd$!')], mode: 'reveal' }).command).toContain('p4ss w0rd$!');
  });

  it('masks a secret JSON had to escape, and says why, instead of leaking it', () => {
    const value = 'has "quotes" and \\ backslash';
    const spec: HttpRequestSpec = {
      method: 'POST',
      url: 'https://auth.example.com/token',
      headers: [['Content-Type', 'application/json']],
      body: { kind: 'json', text: JSON.stringify({ client_secret: value }) },
    };
    const { command } = toCurl(spec, { secrets: [secret(value)] });
    expect(command).not.toContain('quotes');
    expect(command).toMatch(
      /^# TOKENSMITH_TEST_SECRET is encoded in this request, so a variable cannot stand in for it: it is masked/,
    );
  });

  it('turns HTTP Basic into -u with the password as a variable', () => {
    const spec: HttpRequestSpec = {
      method: 'POST',
      url: 'https://acme.kinops.io/app/oauth/token?grant_type=client_credentials',
      headers: [['Authorization', `Basic ${Buffer.from('integration:s3cret-pass').toString('base64')}`]],
      body: { kind: 'none' },
    };
    const { command } = toCurl(spec, { secrets: [secret('s3cret-pass')] });
    expect(command).toContain(`-u integration:"$TOKENSMITH_TEST_SECRET"`);
  });

  it('reproduces random header values and raw bodies byte for byte through bash and curl (property)', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, bodyString, async (header, body) => {
        const spec: HttpRequestSpec = {
          method: 'PUT',
          url: `${server.origin}/echo/path?q=${encodeURIComponent(header)}`,
          headers: [
            ['Accept', 'application/json'],
            ['User-Agent', 'Tokensmith-test'],
            ['Content-Type', 'text/plain; charset=utf-8'],
            ['X-Random', header],
          ],
          body: { kind: 'raw', text: body },
        };
        expect(await viaCurl(spec, { mode: 'reveal' })).toEqual(expected(spec, body));
      }),
      { numRuns: 40 },
    );
  });

  it('reproduces random secrets in form bodies and headers through environment variables (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(' ', '+', '%20', '*', '~', '&=', "'"))
          .map(([random, special]) => `${random}${special}${random}`)
          .filter((value) => !value.includes('\0')),
        headerValue,
        async (secretValue, headerSecret) => {
          const bindings: SecretBinding[] = [
            secret(secretValue),
            { variable: 'TOKENSMITH_TEST_HEADER', value: headerSecret, origin: 'field Header' },
          ];
          const spec: HttpRequestSpec = {
            method: 'POST',
            url: `${server.origin}/token`,
            headers: [
              ['Accept', 'application/json'],
              ['User-Agent', 'Tokensmith-test'],
              ['Content-Type', 'application/x-www-form-urlencoded'],
              ['X-Api-Key', headerSecret],
            ],
            body: {
              kind: 'form',
              fields: [
                ['grant_type', 'client_credentials'],
                ['client_secret', secretValue],
              ],
            },
          };
          const env = { TOKENSMITH_TEST_SECRET: secretValue, TOKENSMITH_TEST_HEADER: headerSecret };
          const received = await viaCurl(spec, { secrets: bindings }, env);
          expect(received).toEqual(expected(spec, bodyText(spec.body)!));
        },
      ),
      { numRuns: 40 },
    );
  });
});

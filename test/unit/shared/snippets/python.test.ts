import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formEncode, type HttpRequestSpec } from '../../../../src/shared/domain/http.ts';
import type { SecretBinding } from '../../../../src/shared/domain/secrets.ts';
import { toSnippet } from '../../../../src/shared/snippets/index.ts';
import { PYTHON } from '../../../../src/shared/snippets/python.ts';

const run = promisify(execFile);

const secret: SecretBinding = {
  variable: 'TOKENSMITH_TEST_SECRET',
  value: `it's "s3cr3t" $HOME \\ ü`,
  origin: 'field Secret',
};

const formSpec: HttpRequestSpec = {
  method: 'POST',
  url: 'https://auth.example.com/token?tenant=a%20b',
  headers: [
    ['Authorization', `Basic ${Buffer.from(`client:${secret.value}`).toString('base64')}`],
    ['Content-Type', 'application/x-www-form-urlencoded'],
  ],
  body: {
    kind: 'form',
    fields: [
      ['grant_type', 'client_credentials'],
      ['note', `a "quoted" \\ value\nwith a newline`],
      ['client_secret', secret.value],
    ],
  },
};

/** Strings without lone surrogates: what Python source and UTF-8 can carry. */
const anyText = fc.string({ unit: 'binary', maxLength: 30 });

describe('Python snippet', () => {
  it('writes secrets as os.environ reads, builds Basic at run time and encodes form values with quote_plus', () => {
    const { code, variables } = toSnippet(formSpec, { lang: 'python', secrets: [secret] });
    expect(variables.map((variable) => variable.variable)).toEqual(['TOKENSMITH_TEST_SECRET']);
    expect(code).toBe(
      [
        'import base64',
        'import os',
        'from urllib.parse import quote_plus',
        '',
        'import requests',
        '',
        'session = requests.Session()',
        'session.headers.clear()  # send only the headers below, as Tokensmith does',
        'response = session.request(',
        '    "POST",',
        '    "https://auth.example.com/token?tenant=a%20b",',
        '    headers={',
        '        "Authorization": "Basic " + base64.b64encode(("client:" + os.environ["TOKENSMITH_TEST_SECRET"]).encode()).decode(),',
        '        "Content-Type": "application/x-www-form-urlencoded",',
        '    },',
        `    data=("grant_type=client_credentials&note=${formEncode('a "quoted" \\ value\nwith a newline')}&client_secret=" + quote_plus(os.environ["TOKENSMITH_TEST_SECRET"])).encode(),`,
        '    allow_redirects=False,',
        ')',
        'print(response.status_code)',
        'print(response.text)',
      ].join('\n'),
    );
  });

  it('in mask mode reads no variable and holds no secret', () => {
    const { code, variables } = toSnippet(formSpec, { lang: 'python', secrets: [secret], mode: 'mask' });
    expect(variables).toEqual([]);
    expect(code).not.toContain('os.environ');
    expect(code).not.toContain('s3cr3t');
  });

  it('string literals read back as the same text in python3, and quote_plus encodes as Tokensmith does (property)', async () => {
    const values = fc.sample(anyText, 300);
    const program = [
      'import json, sys',
      'from urllib.parse import quote_plus',
      `values = [${values.map((value) => PYTHON.literal(value)).join(', ')}]`,
      'sys.stdout.write(json.dumps([values, [quote_plus(value) for value in values]]))',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', program], { maxBuffer: 16 * 1024 * 1024 });
    expect(JSON.parse(stdout)).toEqual([values, values.map(formEncode)]);
  });
});

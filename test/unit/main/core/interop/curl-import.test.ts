import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlannedRequest } from '../../../../../src/main/core/interop/import-plan.ts';
import { importText } from '../../../../../src/main/core/interop/import-text.ts';
import { toCurl } from '../../../../../src/shared/snippets/curl.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';
import { encodeForm, type HttpRequestSpec } from '../../../../../src/shared/domain/http.ts';

/** The follow-ups of an import without their random ids. */
function calls(requests: readonly PlannedRequest[]) {
  return requests.flatMap((request) =>
    request.followUps.map(({ method, url, headers, body }) => ({ method, url, headers, body })),
  );
}

function only(text: string, env?: Record<string, string>): PlannedRequest {
  const plan = importText(text, env ? { env } : {});
  expect(plan.kind).toBe('curl');
  expect(plan.requests).toHaveLength(1);
  return plan.requests[0]!;
}

/** The error an import throws, as a value. */
function failure(text: string): AppError {
  try {
    importText(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the import did not fail');
}

describe('cURL import: the forms the provider pages use', () => {
  it('-X, -H and a query string', () => {
    const plan = importText(
      `curl -X PUT 'https://api.example.com/v1/items/42?expand=owner&sort=-date' -H 'Accept: application/json' -H "X-Trace: a b"`,
    );
    expect(plan.warnings).toEqual([]);
    expect(calls(plan.requests)).toEqual([
      {
        method: 'PUT',
        url: 'https://api.example.com/v1/items/42?expand=owner&sort=-date',
        headers: [
          ['Accept', 'application/json'],
          ['X-Trace', 'a b'],
        ],
        body: '',
      },
    ]);
  });

  it('-d sends its text as it is, as a form (POST, as cURL does)', () => {
    expect(calls(importText(`curl https://api.example.com/v1/notes -d 'title=Hello world&body=x'`).requests)).toEqual([
      {
        method: 'POST',
        url: 'https://api.example.com/v1/notes',
        headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: 'title=Hello world&body=x',
      },
    ]);
  });

  it('--data-urlencode encodes the value; a variable the importer knows stays a reference in a call', () => {
    const plan = importText(
      `curl https://api.example.com/search --data-urlencode 'q=a b&c' --data-urlencode name="$NAME" -d x=1`,
      { env: { NAME: 'ü &=+' } },
    );
    expect(calls(plan.requests)[0]?.body).toBe('q=a+b%26c&name={{env.NAME}}&x=1');
  });

  it('--data-urlencode of a token request secret encodes the value of the variable, not its name', () => {
    const request = only(
      `curl https://login.example.com/oauth/token -d grant_type=client_credentials -d client_id=app --data-urlencode client_secret="$SECRET"`,
      { SECRET: 'ü &=+' },
    );
    expect(request.values).toMatchObject({ clientId: 'app', clientAuth: 'form', clientSecret: 'ü &=+' });
  });

  it('-u on a token request is HTTP Basic client authentication', () => {
    const request = only(
      `curl -u 'my client:p4ss:w0rd' https://login.example.com/oauth/token -d grant_type=client_credentials`,
    );
    expect(request).toMatchObject({
      profileId: 'oauth2',
      values: {
        grantType: 'client_credentials',
        tokenUrl: 'https://login.example.com/oauth/token',
        clientAuth: 'basic',
        clientId: 'my client',
        clientSecret: 'p4ss:w0rd',
      },
    });
  });

  it('-u on an API call is left out (a follow-up is stored in clear), and the import says so', () => {
    const plan = importText('curl -u alice:s3cret https://api.example.com/v1/me');
    expect(calls(plan.requests)).toEqual([
      { method: 'GET', url: 'https://api.example.com/v1/me', headers: [], body: '' },
    ]);
    expect(plan.warnings).toEqual(['The Authorization header of GET /v1/me holds a credential and was left out.']);
    expect(JSON.stringify(plan)).not.toContain('s3cret');
  });

  it('-F makes a multipart body with a fixed boundary; a file upload is named in a warning', () => {
    const plan = importText(`curl -F 'name=Ann' -F 'note=x y' -F 'doc=@report.pdf' https://api.example.com/upload`);
    const boundary = 'TokensmithFormBoundary7MA4YWxkTrZu0gW';
    expect(calls(plan.requests)).toEqual([
      {
        method: 'POST',
        url: 'https://api.example.com/upload',
        headers: [['Content-Type', `multipart/form-data; boundary=${boundary}`]],
        body: [
          `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nAnn\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nx y\r\n`,
          `--${boundary}--\r\n`,
        ].join(''),
      },
    ]);
    expect(plan.warnings).toEqual(['The form field "doc" of POST uploads a file, which is not imported.']);
  });

  it('line continuations and a JSON body in single quotes', () => {
    const text = [
      'curl -X POST \\',
      '  https://api.example.com/v1/orders \\',
      "  -H 'Content-Type: application/json' \\",
      `  -d '{"sku": "A-1", "note": "it'\\''s", "qty": 2}'`,
    ].join('\n');
    expect(calls(importText(text).requests)).toEqual([
      {
        method: 'POST',
        url: 'https://api.example.com/v1/orders',
        headers: [['Content-Type', 'application/json']],
        body: `{"sku": "A-1", "note": "it's", "qty": 2}`,
      },
    ]);
  });

  it('no-break spaces between words, as a web page puts them, read as spaces', () => {
    const plan = importText('curl\u00a0-H\u00a0"Accept: text/plain"\u00a0https://api.example.com/v1/ping');
    expect(calls(plan.requests)).toEqual([
      { method: 'GET', url: 'https://api.example.com/v1/ping', headers: [['Accept', 'text/plain']], body: '' },
    ]);
  });

  it.each([
    ['a prompt', '$ curl -s https://api.example.com/v1/status'],
    ["bash's history", '  512  curl -s https://api.example.com/v1/status'],
    ["bash's history, an edited entry", '  512* curl -s https://api.example.com/v1/status'],
    ["zsh's extended history", ': 1700000000:0;curl -s https://api.example.com/v1/status'],
  ])('a terminal line with %s', (_kind, line) => {
    expect(calls(importText(line).requests)).toEqual([
      { method: 'GET', url: 'https://api.example.com/v1/status', headers: [], body: '' },
    ]);
  });

  it('several commands: the API calls after a token request become its follow-ups', () => {
    const plan = importText(
      [
        '# Get a token',
        'curl https://login.example.com/oauth/token -d grant_type=client_credentials -d client_id=abc -d client_secret=xyz',
        '  503  curl -H "Authorization: Bearer <token>" https://api.example.com/v1/me',
      ].join('\n'),
    );
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]?.followUps.map((call) => [call.url, call.headers])).toEqual([
      ['https://api.example.com/v1/me', [['Authorization', 'Bearer {{token}}']]],
    ]);
  });

  it('a shell variable without a value becomes an {{env.NAME}} reference, and the import says so', () => {
    const plan = importText('curl -H "X-Tenant: $TENANT" https://api.example.com/v1/me');
    expect(calls(plan.requests)[0]?.headers).toEqual([['X-Tenant', '{{env.TENANT}}']]);
    expect(plan.warnings).toEqual([
      '{{env.TENANT}} stands for $TENANT, which has no value here: set it in an environment.',
    ]);
  });
});

describe('cURL import: token requests become grant profiles', () => {
  it('a form token request: the generic profile with its grant, client and scope', () => {
    const request = only(
      `curl -X POST https://login.example.com/oauth/token -d grant_type=client_credentials -d client_id=abc -d client_secret=xyz -d scope='read write'`,
    );
    expect(request).toEqual({
      name: 'Generic OAuth 2.0 token',
      folder: '',
      profileId: 'oauth2',
      values: {
        grantType: 'client_credentials',
        tokenUrl: 'https://login.example.com/oauth/token',
        clientId: 'abc',
        clientSecret: 'xyz',
        scope: 'read write',
        clientAuth: 'form',
      },
      followUps: [],
    });
  });

  it('a JSON token request: client authentication in the JSON body', () => {
    const request = only(
      `curl https://login.example.com/oauth/token -H 'Content-Type: application/json' -d '{"grant_type":"client_credentials","client_id":"abc","client_secret":"xyz"}'`,
    );
    expect(request.values).toEqual({
      grantType: 'client_credentials',
      tokenUrl: 'https://login.example.com/oauth/token',
      clientId: 'abc',
      clientSecret: 'xyz',
      clientAuth: 'json',
    });
  });

  it("a doc's sample credentials are placeholders: the fields stay empty to fill in", () => {
    const plan = importText(
      `curl https://login.example.com/oauth/token -d grant_type=client_credentials -d client_id=YOUR_CLIENT_ID -d 'client_secret=<client secret>'`,
    );
    expect(plan.requests[0]?.values).not.toHaveProperty('clientId');
    expect(plan.requests[0]?.values).not.toHaveProperty('clientSecret');
    expect(plan.warnings).toEqual([
      '"YOUR_CLIENT_ID" is a placeholder: fill in Client ID.',
      '"<client secret>" is a placeholder: fill in Client secret.',
    ]);
  });

  it("Khoros' login before its code exchange goes into the Khoros fields, not into follow-ups", () => {
    const base = 'https://login.spredfast.com/v1/oauth';
    const request = only(
      [
        `curl '${base}/authorize?response_type=code&client_id=kh&redirect_uri=https%3A%2F%2Fexample.com%2Fcb'`,
        `curl ${base}/grant --data-urlencode response_type=code --data-urlencode client_id=kh --data-urlencode redirect_uri=https://example.com/cb --data-urlencode email=ann@example.com --data-urlencode password="$PASSWORD"`,
        `curl ${base}/token --data-urlencode grant_type=authorization_code --data-urlencode code="$CODE" --data-urlencode client_id=kh --data-urlencode client_secret=kh-secret --data-urlencode redirect_uri=https://example.com/cb`,
      ].join('\n'),
      { PASSWORD: 'pw ü &=' },
    );
    expect(request).toMatchObject({
      profileId: 'khoros',
      values: {
        authBaseUrl: base,
        clientId: 'kh',
        clientSecret: 'kh-secret',
        redirectUri: 'https://example.com/cb',
        loginEmail: 'ann@example.com',
        loginPassword: 'pw ü &=',
      },
      followUps: [],
    });
  });

  it('a device authorization request before a device-code poll gives the device URL and scope', () => {
    const request = only(
      [
        `curl https://login.example.com/device -d client_id=cid -d 'scope=openid profile'`,
        `curl https://login.example.com/oauth/token -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d device_code=xyz -d client_id=cid`,
      ].join('\n'),
    );
    expect(request).toMatchObject({
      profileId: 'oauth2',
      values: {
        grantType: 'device_code',
        deviceUrl: 'https://login.example.com/device',
        scope: 'openid profile',
        clientId: 'cid',
      },
      followUps: [],
    });
  });

  it('a request after the token request is a follow-up even where a flow step could stand', () => {
    const plan = importText(
      [
        `curl https://login.example.com/oauth/token -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d device_code=xyz -d client_id=cid`,
        `curl https://api.example.com/v1/notes -d 'text=hello'`,
      ].join('\n'),
    );
    expect(plan.requests[0]?.values).not.toHaveProperty('deviceUrl');
    expect(calls(plan.requests).map((call) => call.url)).toEqual(['https://api.example.com/v1/notes']);
  });
});

describe('cURL import: credentials never go into a follow-up', () => {
  it('form fields and JSON members named like credentials are left out of the body, the rest kept byte for byte', () => {
    const plan = importText(
      [
        `curl https://api.example.com/v1/login -d 'user=ann&password=s3cret%21&remember=yes+please'`,
        `curl https://api.example.com/v1/keys -H 'Content-Type: application/json' -d '{"name":"ci","api_key":"k-123456","token":"{{env.TOKEN}}"}'`,
      ].join('\n'),
    );
    expect(calls(plan.requests).map((call) => call.body)).toEqual([
      'user=ann&remember=yes+please',
      '{"name":"ci","token":"{{env.TOKEN}}"}',
    ]);
    expect(plan.warnings).toEqual([
      'The body field "password" of POST /v1/login looks like a credential and was left out.',
      'The body field "api_key" of POST /v1/keys looks like a credential and was left out.',
    ]);
    expect(JSON.stringify(plan)).not.toMatch(/s3cret|k-123456/);
  });
});

describe('cURL import: clear errors', () => {
  it.each([
    ['an empty paste', '', 'There is nothing to import: the text is empty.'],
    ['blank lines', '  \n\t\n', 'There is nothing to import: the text is empty.'],
    ['text that is not cURL', 'wget https://example.com/', 'Tokensmith cannot tell what this is.'],
    ['a header line', 'Authorization: Bearer abc', 'Tokensmith cannot tell what this is.'],
    [
      'an unterminated single quote',
      "curl 'https://example.com/v1/me",
      "The ' quote at line 1, column 6 is never closed, so this cURL command cannot be read.",
    ],
    [
      'an unterminated double quote on a continuation line',
      'curl https://example.com/v1/me \\\n  -H "Accept: text/plain',
      'The " quote at line 2, column 6 is never closed, so this cURL command cannot be read.',
    ],
    [
      'a stray parenthesis',
      'curl https://example.com/v1/me )',
      'This cURL command cannot be read: bash stops at line 1 near ")".',
    ],
    ['a command without a URL', 'curl -X GET', 'This cURL command cannot be read: no URL specified.'],
    [
      'an option without its value',
      'curl https://example.com/v1/me -H',
      'This cURL command cannot be read: option -H: requires parameter.',
    ],
    ['a URL that is not http(s)', 'curl ftp://example.com/file', 'No request could be imported from this cURL text.'],
  ])('%s', (_kind, text, message) => {
    const error = failure(text);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(message);
    expect(error.hint).toBeTruthy();
  });
});

describe("cURL import reads Tokensmith's own cURL export back (property)", () => {
  /** Visible ASCII header values with inner spaces: what HTTP carries unchanged. */
  const headerValue = fc.stringMatching(/^[!-~]([ !-~]{0,20}[!-~])?$/);
  const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((value) => !value.includes('\0'));
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((value) => !/secret|passw|token|key/.test(value));

  it('a form body: any names and values arrive as the engine encodes them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, text), { minLength: 1, maxLength: 4 }), headerValue, (fields, trace) => {
        const spec: HttpRequestSpec = {
          method: 'POST',
          url: 'https://api.example.com/v1/things?x=1',
          headers: [
            ['X-Trace', trace],
            ['Content-Type', 'application/x-www-form-urlencoded'],
          ],
          body: { kind: 'form', fields },
        };
        const [call] = calls(importText(toCurl(spec).command).requests);
        expect(call).toEqual({
          method: 'POST',
          url: spec.url,
          headers: spec.headers,
          body: encodeForm(fields),
        });
      }),
      { numRuns: 60 },
    );
  });

  it('a raw body: any text without NUL arrives unchanged', () => {
    fc.assert(
      fc.property(text, (body) => {
        const spec: HttpRequestSpec = {
          method: 'PUT',
          url: 'https://api.example.com/v1/doc',
          headers: [['Content-Type', 'text/plain']],
          body: { kind: 'raw', text: body },
        };
        expect(calls(importText(toCurl(spec).command).requests)[0]?.body).toBe(body);
      }),
      { numRuns: 60 },
    );
  });
});

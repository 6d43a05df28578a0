import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formEncode } from '../../src/shared/domain/http.ts';
import { maskToken, secretForms } from '../../src/shared/domain/secrets.ts';
import {
  encodings,
  FOREIGN_BASIC,
  FOREIGN_BEARER,
  SESSION_COOKIE,
  startEchoServer,
} from '../fixtures/simulators/echo.ts';
import type { SimServer } from '../fixtures/simulators/sim-server.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './vault/profile.ts';

/**
 * What a server echoes back must not reach the window's report or history.json in clear: the
 * client secret in any encoding, the Basic header built from it, a credential the run never knew,
 * a session cookie. The app runs on a real user-data folder; history.json is read from disk.
 */

const CLIENT_ID = 'client';
// Its base64 holds + and /, so the base64url form is a different string.
const SECRET = 'zx>?~sec~ret-42!';

let server: SimServer;
let app: App;
beforeAll(async () => {
  server = await startEchoServer();
  app = await startApp(newUserDataDir());
});
afterAll(async () => {
  await app.close();
  await server.close();
  removeTempDirs();
});

function historyOnDisk(): string {
  app.history.flush();
  return readFileSync(path.join(app.dir, 'history.json'), 'utf8');
}

const values = (overrides: Record<string, string>) => ({
  grantType: 'client_credentials',
  tokenUrl: `${server.origin}/token`,
  clientId: CLIENT_ID,
  clientSecret: SECRET,
  ...overrides,
});

/** Everything that stands for the secret or another credential the server echoed. */
function leaks(secret: string): string[] {
  // RFC 6749 §2.3.1: the parts are form-encoded before they are joined and base64-encoded.
  const basic = Buffer.from(`${CLIENT_ID}:${formEncode(secret)}`).toString('base64');
  return [
    ...secretForms(secret),
    ...Object.values(encodings(secret)),
    basic,
    basic.replace(/=+$/, ''),
    FOREIGN_BEARER,
    FOREIGN_BASIC,
    SESSION_COOKIE,
  ];
}

function expectNoLeak(text: string, secret: string): void {
  for (const leak of leaks(secret)) expect(text, `leaks ${leak}`).not.toContain(leak);
}

describe('secrets a server echoes back', () => {
  it.each(['basic', 'form'])(
    'with %s client authentication, are masked in the report and in history.json in every encoding',
    async (clientAuth) => {
      const report = await app.call('grant:run', { profileId: 'oauth2', values: values({ clientAuth }) });
      expect(report.error).toBeUndefined();
      const response = report.steps[0]!.response!;
      expect(response.status).toBe(200);
      // What is masked keeps its shape: the cookie's name and attributes, the scheme of a credential.
      expect(response.headers).toContainEqual(['set-cookie', `session=${maskToken(SESSION_COOKIE)}; Path=/; HttpOnly`]);
      expect(response.bodyText).toContain(`Bearer ${maskToken(FOREIGN_BEARER)}`);
      expect(response.bodyText).toContain('Basic ••••');
      if (clientAuth === 'basic') expect(response.headers).toContainEqual(['x-echo-authorization', 'Basic ••••']);
      expectNoLeak(JSON.stringify(report), SECRET);

      const history = historyOnDisk();
      expect(history).toContain(report.runId);
      expectNoLeak(history, SECRET);
    },
  );

  it('are masked in an error description, in the report and in history.json', async () => {
    const report = await app.call('grant:run', {
      profileId: 'oauth2',
      values: values({ tokenUrl: `${server.origin}/reject` }),
    });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientSecret' });
    expect(report.error?.message).toContain('you sent Basic ••••');
    expectNoLeak(JSON.stringify(report), SECRET);

    const history = historyOnDisk();
    expect(history).toContain(report.runId);
    expectNoLeak(history, SECRET);
  });
});

describe('a secret of fewer than four characters', () => {
  it('is masked as a whole field value, not inside other text', async () => {
    const report = await app.call('grant:run', {
      profileId: 'oauth2',
      values: values({ clientAuth: 'form', clientSecret: 'ok', tokenUrl: `${server.origin}/reject` }),
    });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT' });
    // "Tokensmith" and "token" hold "ok": they stay as they are.
    expect(report.error?.message).toMatch(/^The token endpoint rejected/);
    const request = report.steps[0]!.request!;
    expect(request.headers).toContainEqual(['User-Agent', 'Tokensmith/0.1']);
    expect(request.body).toMatchObject({ kind: 'form' });
    const fields = request.body.kind === 'form' ? request.body.fields : [];
    expect(fields).toContainEqual(['client_secret', '••••']);
    expect(fields).toContainEqual(['grant_type', 'client_credentials']);
  });
});

describe('a secret that is not text', () => {
  it.each([
    ['a lone surrogate (not UTF-16 text, so not encodable as UTF-8)', 'abc\uD800def'],
    ['U+FFFD, what a decoder puts where bytes were not UTF-8', 'abc\uFFFDdef'],
  ])('is refused before anything is sent: %s', async (_what, secret) => {
    const before = server.requests.length;
    const report = await app.call('grant:run', { profileId: 'oauth2', values: values({ clientSecret: secret }) });
    expect(report.error).toMatchObject({ code: 'INVALID_FIELD', field: 'clientSecret' });
    expect(report.error?.message).toMatch(/^Client secret /);
    expect(report.error?.message).toContain('UTF-8');
    expect(server.requests.length).toBe(before);
  });
});

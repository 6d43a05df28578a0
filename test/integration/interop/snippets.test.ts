import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequestSpec } from '../../../src/shared/domain/http.ts';
import { secretForms, type SecretBinding } from '../../../src/shared/domain/secrets.ts';
import { toSnippet } from '../../../src/shared/snippets/index.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { KINETIC_CLIENT, startKineticSimulator, type KineticSimulator } from '../../fixtures/simulators/kinetic.ts';
import {
  sendJson,
  startSimServer,
  type CapturedRequest,
  type SimServer,
} from '../../fixtures/simulators/sim-server.ts';
import { startCore } from '../../support/core.ts';
import { comparable } from '../../support/shell.ts';
import {
  RUNNABLE_LANGS,
  RUNTIME_HEADERS,
  snippetRunner,
  type RunnableLang,
  type SnippetRunner,
} from '../../support/snippet-runtimes.ts';

/**
 * Acceptance 3 of issue 8: the snippets that can run here (cURL, HTTPie, Python requests, Node's
 * fetch) reproduce the engine's request. Each case runs a real grant through the core against a
 * server on 127.0.0.1, then runs every snippet of every step with the real runtime against the same
 * server: method, path and query, every header the engine sent and the body bytes must be the same.
 * The only differences allowed are the headers a runtime adds on its own (see RUNTIME_HEADERS).
 * PowerShell is not installable here (it is not in Debian's repositories), so its text is checked
 * statically in test/unit/shared/snippets/powershell.test.ts.
 */

/** A generic OAuth 2.0 token endpoint that answers every POST with a token. */
async function startTokenEndpoint(): Promise<SimServer> {
  return startSimServer((request, response) => {
    if (request.method !== 'POST' || request.path !== '/oauth/token') {
      sendJson(response, 404, { error: 'not_found' });
      return;
    }
    sendJson(response, 200, { access_token: 'capture-token-0123456789', token_type: 'Bearer', expires_in: 3600 });
  });
}

/** Values that break naive quoting in every language: quotes, `$`, backticks, `\`, `%`, newlines, non-ASCII. */
const AWKWARD = {
  clientId: 'client "one" ü',
  clientSecret: `s3cr3t 'single' "double" $HOME \`id\` \\n ü € 100%`,
  username: "ann o'neil ü",
  password: 'line one\nline two $PATH',
  jsonSafeSecret: "json s3cr3t 'q' $HOME `id` ü € 100%",
  extraParams: [`body note=it's "100%" & more ü €`, 'header X-Note: it\'s "$HOME" `x` 50%', 'query q=a b&c ü $x'].join(
    '\n',
  ),
};

interface Step {
  id: string;
  spec: HttpRequestSpec;
  secrets: SecretBinding[];
  /** What reached the server when the engine sent it. */
  sent: CapturedRequest;
}

interface Case {
  name: string;
  server: () => SimServer;
  profileId: string;
  values: () => Record<string, string>;
  /** Secrets env mode must mask because a variable cannot stand in for them (JSON escaping). */
  masked?: readonly string[];
}

let runner: SnippetRunner;
let kaisa: KaisaSimulator;
let kinetic: KineticSimulator;
let capture: SimServer;
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  [runner, kaisa, kinetic, capture, app] = await Promise.all([
    snippetRunner(),
    startKaisaSimulator(),
    startKineticSimulator(),
    startTokenEndpoint(),
    startCore({ autoRenew: false }),
  ]);
});
afterAll(async () => {
  runner.close();
  await Promise.all([kaisa.close(), kinetic.close(), capture.close(), app.close()]);
});

const CASES: Case[] = [
  {
    name: 'Kaisa, form body',
    server: () => kaisa,
    profileId: 'kaisa',
    values: () => ({ tokenUrl: kaisa.tokenUrl, ...KAISA_CLIENT, bodyFormat: 'form' }),
  },
  {
    name: 'Kaisa, JSON body',
    server: () => kaisa,
    profileId: 'kaisa',
    values: () => ({ tokenUrl: kaisa.tokenUrl, ...KAISA_CLIENT, bodyFormat: 'json' }),
  },
  {
    name: 'Kinetic, HTTP Basic, then the check call with the token',
    server: () => kinetic,
    profileId: 'kinetic',
    values: () => ({
      server: kinetic.server,
      clientId: KINETIC_CLIENT.clientId,
      clientSecret: KINETIC_CLIENT.clientSecret,
    }),
  },
  {
    name: 'generic OAuth 2.0 password grant with awkward values in the form, a header and the query',
    server: () => capture,
    profileId: 'oauth2',
    values: () => ({
      grantType: 'password',
      tokenUrl: `${capture.origin}/oauth/token`,
      clientAuth: 'form',
      clientId: AWKWARD.clientId,
      clientSecret: AWKWARD.clientSecret,
      username: AWKWARD.username,
      password: AWKWARD.password,
      scope: 'read write:all',
      extraParams: AWKWARD.extraParams,
    }),
  },
  {
    name: 'generic OAuth 2.0 with the client in HTTP Basic and an awkward secret',
    server: () => capture,
    profileId: 'oauth2',
    values: () => ({
      tokenUrl: `${capture.origin}/oauth/token`,
      clientAuth: 'basic',
      clientId: 'basic-client',
      clientSecret: AWKWARD.clientSecret,
    }),
    // RFC 6749 §2.3.1 form-encodes the credentials before base64, and no variable can stand for the
    // encoded secret: env mode masks it (a form-encoded secret used to be written out here).
    masked: [AWKWARD.clientSecret],
  },
  {
    name: 'generic OAuth 2.0 with a JSON body and awkward secrets',
    server: () => capture,
    profileId: 'oauth2',
    values: () => ({
      tokenUrl: `${capture.origin}/oauth/token`,
      clientAuth: 'json',
      clientId: AWKWARD.clientId,
      // Quotes and a backslash must be escaped in JSON, so env mode masks this one (see `masked`).
      clientSecret: AWKWARD.clientSecret,
      audience: AWKWARD.jsonSafeSecret,
    }),
    masked: [AWKWARD.clientSecret],
  },
];

/** Runs the case's grant through the core and pairs each HTTP step with what the server received. */
async function engineSteps(testCase: Case): Promise<Step[]> {
  const server = testCase.server();
  const before = server.requests.length;
  const report = await app.call('grant:run', { profileId: testCase.profileId, values: testCase.values() });
  expect(report.error).toBeUndefined();
  const sent = server.requests.slice(before);
  const steps = app.core.runs.get(report.runId).steps.filter((step) => step.spec);
  expect(sent).toHaveLength(steps.length);
  return steps.map((step, index) => ({ id: step.id, spec: step.spec!, secrets: step.secrets, sent: sent[index]! }));
}

/** The same request, allowing only the headers the runtime adds by itself. */
function expectSameRequest(lang: RunnableLang, received: CapturedRequest, engine: CapturedRequest): void {
  const got = comparable(received);
  const want = comparable(engine);
  expect({ ...got, headers: undefined }).toEqual({ ...want, headers: undefined });
  const sentByEngine = Object.fromEntries(Object.keys(want.headers).map((name) => [name, got.headers[name]]));
  expect(sentByEngine).toEqual(want.headers);
  const added = Object.keys(got.headers).filter((name) => !(name in want.headers));
  expect(RUNTIME_HEADERS[lang]).toEqual(expect.arrayContaining(added));
}

function expectNoSecret(code: string, secrets: readonly SecretBinding[]): void {
  for (const secret of secrets) for (const form of secretForms(secret.value)) expect(code).not.toContain(form);
}

describe.each(CASES)('$name', (testCase) => {
  let steps: Step[];
  beforeAll(async () => {
    steps = await engineSteps(testCase);
  });

  it.each(RUNNABLE_LANGS)(
    '%s: env mode (secrets from variables) and reveal mode send the same request',
    async (lang) => {
      const server = testCase.server();
      for (const step of steps) {
        const env = Object.fromEntries(step.secrets.map((secret) => [secret.variable, secret.value]));
        for (const mode of ['env', 'reveal'] as const) {
          const { code, variables } = toSnippet(step.spec, { lang, secrets: step.secrets, mode });
          if (mode === 'env') {
            expectNoSecret(code, step.secrets);
            expect(variables.map((variable) => variable.variable)).toEqual(
              expect.arrayContaining(
                step.secrets.filter((secret) => !testCase.masked?.includes(secret.value)).map((s) => s.variable),
              ),
            );
            // A secret JSON must escape cannot be a variable: it is masked, the code says so and sends the mask.
            if (testCase.masked) {
              expect(code).toMatch(/is encoded in this request, so a variable cannot stand in for it/);
              continue;
            }
          }
          const before = server.requests.length;
          const result = await runner.run(lang, code, mode === 'env' ? env : {});
          expect(result.code, `${lang} ${mode} of step ${step.id}: ${result.stderr}`).toBe(0);
          expect(server.requests.length, `${lang} ${mode} of step ${step.id}`).toBe(before + 1);
          expectSameRequest(lang, server.requests.at(-1)!, step.sent);
        }
      }
    },
  );

  it.each([...RUNNABLE_LANGS, 'powershell' as const])('%s: mask mode holds no secret in any encoding', (lang) => {
    for (const step of steps) {
      const { code, variables } = toSnippet(step.spec, { lang, secrets: step.secrets, mode: 'mask' });
      expectNoSecret(code, step.secrets);
      expect(variables).toEqual([]);
      expect(code).toContain('••••');
    }
  });
});

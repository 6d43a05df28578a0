import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEnvironments } from '../../../src/main/core/workspace/default-environments.ts';
import type { Environment, SavedRequest } from '../../../src/shared/domain/workspace.ts';
import { startCore } from '../../support/core.ts';
import { ROOT } from '../../support/cli.ts';
import { findCanaries } from '../vault/canary-scan.ts';

/**
 * Acceptance 2 of issue 8: a workspace goes out as a Postman Collection v2.1 and comes back into an
 * empty app as the same saved requests, and the file holds no secret in any encoding; OpenAPI 3
 * documents (a fixture of ours and real ones shipped in @readme/oas-examples) import their OAuth
 * schemes and operations.
 */

const CHEAP_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
const PASSPHRASE = 'correct horse battery staple';
/** Values that must never reach the exported file: long enough that any encoding of them is findable. */
const CANARIES = {
  kaisaSecret: 'canary-kaisa-secret-7f3a9c2e-0001',
  khorosSecret: "canary khoros s3cr3t 'x' &=+ ø-0002",
  khorosPassword: 'canary-khoros-login-password-0003',
  oauth2Secret: 'canary-oauth2-client-secret-0004',
  kineticSecret: 'canary kinetic p4ss:word ñ-0005',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokensmith-interop-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function core(savePath?: string) {
  const app = await startCore({
    kdf: CHEAP_KDF,
    autoRenew: false,
    dialogs: {
      chooseSavePath: () => Promise.resolve(savePath),
      chooseOpenPath: () => Promise.resolve(undefined),
      chooseFolder: () => Promise.resolve(undefined),
    },
  });
  await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
  return app;
}

/** A saved request as a person compares them: without ids, order and timestamps. */
function shape(request: SavedRequest, environments: Environment[]) {
  return {
    name: request.name,
    folder: request.folder,
    profileId: request.profileId,
    values: request.values,
    followUps: request.followUps,
    environment: environments.find((environment) => environment.id === request.environmentId)?.name,
  };
}

describe('Postman Collection v2.1', () => {
  it('round trip: workspace → Postman → import into an empty app gives the same requests, and no secret is in the file', async () => {
    const file = path.join(dir, 'workspace.postman_collection.json');
    const source = await core(file);
    const production = await source.call('environments:save', {
      id: 'env-khoros-production',
      profileId: 'khoros',
      name: 'Khoros Production',
      values: { environment: 'Production' },
      variables: { companyId: '123' },
    });
    await source.call('requests:save', {
      name: 'Kaisa',
      profileId: 'kaisa',
      values: { clientId: '123abc-456def-789ghi', clientSecret: CANARIES.kaisaSecret, bodyFormat: 'json' },
    });
    await source.call('requests:save', {
      name: 'Khoros login',
      folder: 'Khoros/Production',
      profileId: 'khoros',
      environmentId: production.id,
      values: {
        clientId: 'k7m2tq9wzx4hbn3rfp8vcd5ysj6gla',
        clientSecret: CANARIES.khorosSecret,
        loginEmail: 'dev.user@acme.example',
        loginPassword: CANARIES.khorosPassword,
        redirectUri: 'https://example.com/oauth/callback',
      },
      followUps: [
        {
          id: '0b7e6f55-3a1d-4b51-9c8e-2f5e1d7c9a10',
          name: 'Me',
          method: 'GET',
          url: '{{env.apiBase}}/v2/me?company={{env.companyId}}',
          headers: [
            ['Accept', 'application/json'],
            ['Authorization', 'Bearer {{token}}'],
          ],
          body: '',
        },
        {
          id: '2c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
          name: 'Post a message',
          method: 'POST',
          url: 'https://api.spredfast.com/Production/v1/messages',
          headers: [['Content-Type', 'application/json']],
          body: '{"text": "héllo {{env.companyId}}"}',
        },
      ],
    });
    await source.call('requests:save', {
      name: 'Generic client',
      folder: 'OAuth',
      profileId: 'oauth2',
      values: {
        grantType: 'client_credentials',
        tokenUrl: 'https://auth.acme.example/oauth2/token',
        clientId: 'acme-client',
        clientAuth: 'basic',
        clientSecret: CANARIES.oauth2Secret,
        scope: 'orders:read',
        extraParams: 'header X-Tenant: acme',
      },
    });
    await source.call('requests:save', {
      name: 'Kinetic',
      profileId: 'kinetic',
      values: { server: 'https://acme.kinops.io', clientId: 'integrationuser', clientSecret: CANARIES.kineticSecret },
    });

    const exported = await source.call('export:postman', {});
    expect(exported).toEqual({ path: file, warnings: [] });
    const bytes = await readFile(file);
    expect(findCanaries([{ name: 'the exported collection', bytes }], CANARIES)).toEqual([]);
    const text = bytes.toString('utf8');
    expect(text).toContain('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(text).toContain('{{TOKENSMITH_KAISA_CLIENT_SECRET}}');
    expect(text).toContain('{{TOKENSMITH_KHOROS_LOGIN_PASSWORD}}');

    const target = await core();
    const summary = await target.call('import:text', { text });
    expect(summary).toMatchObject({ kind: 'postman', requests: 4, environments: 1, secrets: 0, warnings: [] });
    const before = await source.call('requests:list', {});
    const after = await target.call('requests:list', {});
    const byName = (list: ReturnType<typeof shape>[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(after.requests.map((request) => shape(request, after.environments)))).toEqual(
      byName(before.requests.map((request) => shape(request, before.environments))),
    );
    expect(after.requests.every((request) => request.secretFields.length === 0)).toBe(true);
    expect(after.environments.map(({ id: _id, ...rest }) => rest)).toEqual(
      before.environments.map(({ id: _id, ...rest }) => rest),
    );
    await Promise.all([source.close(), target.close()]);
  });
});

describe('OpenAPI 3', () => {
  it('our fixture: OAuth 2.0 flows and OpenID Connect become generic OAuth 2.0 requests, operations their follow-ups', async () => {
    const app = await core();
    const text = await readFile(path.join(ROOT, 'test/fixtures/interop/orders.openapi.yaml'), 'utf8');
    const summary = await app.call('import:text', { text });
    expect(summary).toMatchObject({ kind: 'openapi', requests: 3, environments: 1, secrets: 0, warnings: [] });
    const { requests, environments } = await app.call('requests:list', {});
    expect(
      requests.map((request) => [
        request.name,
        request.profileId,
        request.values,
        request.followUps.map((f) => `${f.method} ${f.url}`),
      ]),
    ).toEqual([
      [
        'acmeOAuth (clientCredentials)',
        'oauth2',
        {
          grantType: 'client_credentials',
          scope: 'orders:read orders:write',
          tokenUrl: 'https://auth.acme.example/oauth2/token',
        },
        [
          'GET {{env.baseUrl}}/orders?status={{env.status}}',
          'POST {{env.baseUrl}}/orders',
          'GET {{env.baseUrl}}/health',
        ],
      ],
      [
        'acmeOAuth (authorizationCode)',
        'oauth2',
        {
          grantType: 'authorization_code',
          scope: 'orders:read',
          tokenUrl: 'https://eu.api.acme.example/oauth2/token',
          authorizeUrl: 'https://auth.acme.example/oauth2/authorize',
        },
        [],
      ],
      [
        'acmeOidc (OpenID Connect)',
        'oauth2',
        { issuer: 'https://login.acme.example', grantType: 'authorization_code' },
        ['DELETE {{env.baseUrl}}/orders/{{env.orderId}}'],
      ],
    ]);
    // A workspace starts with the built-in environments; the import adds its own after them.
    expect(environments).toEqual([
      ...defaultEnvironments(),
      expect.objectContaining({
        name: 'Acme Orders',
        variables: { baseUrl: 'https://eu.api.acme.example/v1', status: '', orderId: '' },
      }),
    ]);
    const acme = environments.at(-1)!;
    const create = requests[0]!.followUps[1]!;
    expect(create.headers).toEqual([
      ['Authorization', 'Bearer {{token}}'],
      ['Content-Type', 'application/json'],
    ]);
    expect(JSON.parse(create.body)).toEqual({ sku: 'ACME-1', quantity: 2 });
    await app.call('environments:save', {
      ...acme,
      variables: { ...acme.variables, baseUrl: 'http://127.0.0.1:9' },
    });
    await app.close();
  });

  it.each([
    ['3.1/json/train-travel.json', [['OAuth2 (authorizationCode)', 'https://example.com/oauth/token', 'read write']]],
    ['3.0/json/petstore.json', [['petstore_auth (implicit)', undefined, 'write:pets read:pets']]],
  ])('a real document shipped in @readme/oas-examples: %s', async (file, expected) => {
    const app = await core();
    const text = await readFile(path.join(ROOT, 'node_modules/@readme/oas-examples', file), 'utf8');
    const summary = await app.call('import:text', { text });
    expect(summary.kind).toBe('openapi');
    const { requests } = await app.call('requests:list', {});
    expect(requests.map((request) => [request.name, request.values.tokenUrl, request.values.scope])).toEqual(expected);
    expect(requests[0]!.followUps.length).toBeGreaterThan(4);
    await app.close();
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { curlCommand } from '../../../src/cli/commands/curl.ts';
import { planFlow, type PlannedStep } from '../../../src/main/core/flow/plan-flow.ts';
import { createHttpClient } from '../../../src/main/core/http/http-client.ts';
import { importText } from '../../../src/main/core/interop/import-text.ts';
import { memoryStores } from '../../../src/main/core/store/memory-store.ts';
import { secretRef } from '../../../src/main/core/workspace/secret-refs.ts';
import { WorkspaceFolder } from '../../../src/main/core/workspace/workspace-folder.ts';
import type { FieldValues } from '../../../src/shared/domain/profile.ts';
import { secretForms, secretVariableName } from '../../../src/shared/domain/secrets.ts';
import { findProfile } from '../../../src/shared/providers/index.ts';
import { startCore } from '../../support/core.ts';
import { recordingOpener } from '../../support/recorders.ts';

/**
 * Tokensmith's own cURL export of each profile (what `tokensmith curl` prints: every step of the
 * flow) imports back to the same saved request: the profile, its values, and requests that are the
 * same bytes when planned again. Two ways in: the CLI's, which reads the `"$TOKENSMITH_…"` variables
 * from its environment, and the app's `import:text` with a revealed export, whose secrets go to the
 * vault while the saved request only references them. Nothing is sent: the flows are planned.
 */

const CHEAP_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
const http = createHttpClient();
const deps = { http, opener: recordingOpener().opener };
afterAll(() => http.close());

/** Secrets that need quoting in every layer: shell, form and JSON encoding, HTTP Basic. */
const AWKWARD = "s3cr3t $HOME 'q' `x` &=+ ü!";

const CASES: { name: string; profileId: string; values: FieldValues }[] = [
  {
    name: 'Kaisa, form body',
    profileId: 'kaisa',
    values: { clientId: '123abc-456def-789ghi', clientSecret: AWKWARD, bodyFormat: 'form' },
  },
  {
    name: 'Kaisa, JSON body',
    profileId: 'kaisa',
    values: { clientId: '123abc-456def-789ghi', clientSecret: 'kaisa-json-secret-0001', bodyFormat: 'json' },
  },
  { name: 'KPN', profileId: 'kpn', values: { clientId: 'kpn-consumer-key', clientSecret: AWKWARD } },
  {
    name: 'Kinetic',
    profileId: 'kinetic',
    values: { server: 'https://acme.kinops.io/kinetic', clientId: 'integrationuser', clientSecret: `p4ss:${AWKWARD}` },
  },
  { name: 'Sunshine (OAuth)', profileId: 'sunshine', values: { clientId: 'sun-client', clientSecret: AWKWARD } },
  {
    name: 'Khoros (OAuth)',
    profileId: 'khoros',
    values: {
      clientId: 'khoros-api-key',
      clientSecret: AWKWARD,
      loginEmail: 'ann@example.com',
      loginPassword: `login ${AWKWARD}`,
      redirectUri: 'https://example.com/khoros/callback',
    },
  },
  {
    name: 'Khoros (API token)',
    profileId: 'khoros-token',
    values: { accessToken: 'khoros-api-token-0123456789' },
  },
  ...(['basic', 'form', 'json'] as const).map((clientAuth) => ({
    name: `generic OAuth 2.0, client credentials, ${clientAuth} client authentication`,
    profileId: 'oauth2',
    values: {
      tokenUrl: 'https://login.example.com/oauth2/token',
      clientAuth,
      clientId: 'client-one',
      clientSecret: clientAuth === 'basic' ? 'basic-secret-0123456789' : AWKWARD,
      scope: 'read write',
      audience: 'https://api.example.com',
      extraParams: 'body tenant=acme\nheader X-Request-Id: 42\nquery v=2',
    },
  })),
  {
    name: 'generic OAuth 2.0, refresh token, public client',
    profileId: 'oauth2',
    values: {
      grantType: 'refresh_token',
      tokenUrl: 'https://login.example.com/oauth2/token',
      clientAuth: 'none',
      clientId: 'client-one',
      refreshToken: 'refresh-token-0123456789',
    },
  },
  {
    name: 'generic OAuth 2.0, password grant',
    profileId: 'oauth2',
    values: {
      grantType: 'password',
      tokenUrl: 'https://login.example.com/oauth2/token',
      clientAuth: 'form',
      clientId: 'client-one',
      clientSecret: AWKWARD,
      username: 'ann',
      password: `pw ${AWKWARD}`,
    },
  },
  {
    name: 'generic OAuth 2.0, device code',
    profileId: 'oauth2',
    values: {
      grantType: 'device_code',
      deviceUrl: 'https://login.example.com/oauth2/device',
      tokenUrl: 'https://login.example.com/oauth2/token',
      clientAuth: 'none',
      clientId: 'client-one',
      scope: 'openid profile',
    },
  },
];

const requests = (steps: PlannedStep[]) => steps.filter((step) => step.kind === 'request');

/** The secret fields the case fills in. */
function secretFields(profileId: string, values: FieldValues): string[] {
  return findProfile(profileId)!
    .fields.filter((field) => field.type === 'secret' && values[field.name])
    .map((field) => field.name);
}

async function plan(profileId: string, values: FieldValues): Promise<PlannedStep[]> {
  return planFlow({ profile: findProfile(profileId)!, values, deps });
}

describe.each(CASES)("$name: Tokensmith's own cURL export imports back", ({ profileId, values }) => {
  it('through the CLI, secrets from the "$TOKENSMITH_…" variables: the same requests when planned again', async () => {
    const original = await plan(profileId, values);
    const text = await curlCommand({ profile: findProfile(profileId)!, values, mode: 'env', deps });
    // The variables a user exports for the secret fields, as `tokensmith curl` and `grant` read them.
    const env = Object.fromEntries(
      secretFields(profileId, values).map((field) => [secretVariableName(profileId, field), values[field]!]),
    );
    const imported = importText(text, { env });
    expect(imported.requests).toHaveLength(1);
    const request = imported.requests[0]!;
    expect(request.profileId).toBe(profileId);
    const again = await plan(profileId, request.values);
    expect(requests(again).map((step) => step.spec)).toEqual(requests(original).map((step) => step.spec));
    // The profile's own check call comes back as a follow-up that uses the request's token.
    const check = findProfile(profileId)!.check;
    expect(request.followUps.map((call) => [call.method, call.headers.at(-1)])).toEqual(
      check ? [[check.request.method, ['Authorization', 'Bearer {{token}}']]] : [],
    );
  });

  it('through the app, from a revealed export: the secrets go to the vault, the saved request references them', async () => {
    const stores = memoryStores();
    const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-curl-round-trip-'));
    const workspace = WorkspaceFolder.open(dir, { create: true, owner: 'Tokensmith (test)' });
    const app = await startCore({ stores, workspace, kdf: CHEAP_KDF, autoRenew: false });
    try {
      await app.call('vault:use-passphrase', { passphrase: 'correct horse battery staple' });
      const text = await curlCommand({ profile: findProfile(profileId)!, values, mode: 'reveal', deps });
      const summary = await app.call('import:text', { text });
      const [saved, ...others] = (await app.call('requests:list', {})).requests;
      expect(others).toEqual([]);
      expect(saved?.profileId).toBe(profileId);
      const secrets = secretFields(profileId, values);
      expect(summary).toMatchObject({ kind: 'curl', requests: 1, secrets: secrets.length });
      expect(saved!.secretFields.toSorted()).toEqual(secrets.toSorted());
      const fromVault: Record<string, string> = {};
      for (const field of secrets) {
        expect(saved!.values).not.toHaveProperty(field);
        fromVault[field] = await app.core.vault.get(secretRef({ kind: 'request', id: saved!.id }, field));
        expect(fromVault[field]).toBe(values[field]);
      }
      // What is stored in clear: the ledger and settings, and every file of the workspace folder.
      const stored = [
        JSON.stringify([stores.ledger.data, stores.settings.data]),
        ...readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8')),
      ].join('\n');
      expect(stored).toContain(saved!.id);
      for (const field of secrets) for (const form of secretForms(values[field]!)) expect(stored).not.toContain(form);
      const original = await plan(profileId, values);
      const again = await plan(profileId, { ...saved!.values, ...fromVault });
      expect(requests(again).map((step) => step.spec)).toEqual(requests(original).map((step) => step.spec));
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

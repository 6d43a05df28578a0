import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/main/core/store/storage.ts';
import type { StoreFile, StoreFileOptions } from '../../../src/main/core/store/open-store.ts';
import { startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { tokensmith } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';

const CHEAP_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
const VAULT_PASSPHRASE = 'correct horse battery staple';
const createFile = (options: StoreFileOptions): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);

let oidc: OidcServer;
let root: string;

beforeAll(async () => {
  oidc = await startOidcServer();
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-introspect-'));
});
afterAll(async () => {
  await oidc.close();
  await rm(root, { recursive: true, force: true });
});

describe('introspection (RFC 7662)', () => {
  it('from the ledger: active with client and expiry, then inactive after revocation', async () => {
    const app = await startCore({ autoRenew: false });
    try {
      const { clientId, clientSecret } = oidc.clients.basic;
      const report = await app.call('grant:run', {
        profileId: 'oauth2',
        // Without a resource the token is opaque: oidc-provider introspects only those.
        values: { issuer: oidc.issuer, clientId, clientSecret },
      });
      expect(report.error).toBeUndefined();
      const before = await app.call('ledger:introspect', { id: report.ledgerId! });
      expect(before.report.error).toBeUndefined();
      expect(before.introspection).toMatchObject({ active: true, clientId, tokenType: 'Bearer' });
      expect(before.introspection?.expiresAt).toMatch(/^\d{4}-/);
      expect(before.report.steps[0]?.request?.url).toBe(oidc.introspectionEndpoint);
      expect(await app.call('ledger:revoke', { id: report.ledgerId! })).toMatchObject({
        steps: [{ id: 'revoke-access' }],
      });
      const after = await app.call('ledger:introspect', { id: report.ledgerId! });
      expect(after.introspection).toMatchObject({ active: false });
    } finally {
      await app.close();
    }
  });

  it('tokensmith introspect TOKEN reports active: true, and false after tokensmith revoke', async () => {
    const { clientId, clientSecret } = oidc.clients.basic;
    const client = ['--set', `issuer=${oidc.issuer}`, '--set', `clientId=${clientId}`];
    const env = { TOKENSMITH_OAUTH2_CLIENT_SECRET: clientSecret };
    const granted = await tokensmith(['grant', 'oauth2', ...client], { env });
    expect(granted.code, granted.stderr).toBe(0);
    const token = granted.stdout.trim();

    const active = await tokensmith(['introspect', token, ...client, '--json'], { env });
    expect(active.code, active.stderr).toBe(0);
    expect(JSON.parse(active.stdout)).toMatchObject({ active: true, clientId });
    const text = await tokensmith(['introspect', 'oauth2', token, ...client], { env });
    expect(text.stdout).toMatch(/^active: true$/m);

    expect(await tokensmith(['revoke', token, ...client], { env })).toMatchObject({ code: 0, stderr: 'Revoked.\n' });
    const inactive = await tokensmith(['introspect', token, ...client, '--json'], { env });
    expect(JSON.parse(inactive.stdout)).toMatchObject({ active: false });
  });

  it('a client secret given as a reference: read for the grant, kept as the reference in the ledger, read again to introspect', async () => {
    const { clientId, clientSecret } = oidc.clients.basic;
    process.env.TOKENSMITH_TEST_INTROSPECT_SECRET = clientSecret;
    const app = await startCore({ autoRenew: false });
    try {
      const report = await app.call('grant:run', {
        profileId: 'oauth2',
        values: { issuer: oidc.issuer, clientId, clientSecret: 'ref+env://TOKENSMITH_TEST_INTROSPECT_SECRET' },
      });
      expect(report.error).toBeUndefined();
      const { introspection } = await app.call('ledger:introspect', { id: report.ledgerId! });
      expect(introspection).toMatchObject({ active: true, clientId });
      const token = app.core.ledger.accessToken(report.ledgerId!);
      const client = ['--set', `issuer=${oidc.issuer}`, '--set', `clientId=${clientId}`];
      const cli = await tokensmith(
        ['introspect', token, ...client, '--set', 'clientSecret=ref+env://SECRET_FOR_CLI', '--json'],
        { env: { SECRET_FOR_CLI: clientSecret } },
      );
      expect(cli.code, cli.stderr).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ active: true, clientId });
    } finally {
      delete process.env.TOKENSMITH_TEST_INTROSPECT_SECRET;
      await app.close();
    }
  });

  it('introspect --saved reads a reference approved on this machine (in the app) without asking; another needs --allow-refs', async () => {
    const dir = path.join(root, 'app-with-ref');
    const { clientId, clientSecret } = oidc.clients.post;
    const secretFile = path.join(root, 'op-post-secret.txt');
    await writeFile(secretFile, `${clientSecret}\n`);
    const ref = `ref+file://${secretFile}`;
    const { stores, workspace } = openStorage({ dataDir: dir, createFile, owner: 'a test app' });
    const app = await startCore({ stores, workspace, kdf: CHEAP_KDF, autoRenew: false });
    try {
      await app.call('vault:use-passphrase', { passphrase: VAULT_PASSPHRASE });
      // Typed (picked) into the form: approved on this machine as it is saved.
      const values = { issuer: oidc.issuer, clientId, clientSecret: ref, clientAuth: 'form' };
      const saved = await app.call('requests:save', { name: 'OP from a file', profileId: 'oauth2', values });
      const report = await app.call('grant:run', { profileId: 'oauth2', savedRequestId: saved.id, values: {} });
      expect(report.error).toBeUndefined();
    } finally {
      await app.close();
    }
    const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
    const result = await tokensmith(['introspect', '--saved', 'OP from a file', '--data-dir', dir, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ active: true, clientId });

    // A teammate changed the reference in git: not approved here, so not read without --allow-refs.
    const file = path.join(dir, 'workspace', 'requests', 'op-from-a-file.yaml');
    const movedFile = path.join(root, 'op-post-secret-moved.txt');
    await writeFile(movedFile, `${clientSecret}\n`);
    const moved = `ref+file://${movedFile}`;
    await writeFile(file, (await readFile(file, 'utf8')).replace(ref, moved));
    const refused = await tokensmith(['introspect', '--saved', 'OP from a file', '--data-dir', dir], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not approved on this machine\. — Add --allow-refs/);
    const allowed = await tokensmith(['introspect', '--saved', 'OP from a file', '--data-dir', dir, '--allow-refs'], {
      env,
    });
    expect(allowed.code, allowed.stderr).toBe(0);
  });

  it('tokensmith introspect --saved NAME asks about the newest ledger token of a saved request', async () => {
    const dir = path.join(root, 'app');
    const { clientId, clientSecret } = oidc.clients.post;
    const { stores, workspace } = openStorage({ dataDir: dir, createFile, owner: 'a test app' });
    const app = await startCore({ stores, workspace, kdf: CHEAP_KDF, autoRenew: false });
    try {
      await app.call('vault:use-passphrase', { passphrase: VAULT_PASSPHRASE });
      const values = { issuer: oidc.issuer, clientId, clientSecret, clientAuth: 'form', dpop: 'ES256' };
      const saved = await app.call('requests:save', { name: 'OP post', profileId: 'oauth2', values });
      const report = await app.call('grant:run', { profileId: 'oauth2', savedRequestId: saved.id, values });
      expect(report.error).toBeUndefined();
    } finally {
      await app.close();
    }
    const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
    const result = await tokensmith(['introspect', '--saved', 'OP post', '--data-dir', dir, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ active: true, clientId });
    const unknown = await tokensmith(['introspect', '--saved', 'nothing', '--data-dir', dir], { env });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('"OP post"');

    // The token is DPoP-bound: a fresh proof for an exported command, signed with the entry's key.
    const htu = oidc.userinfoEndpoint;
    const proof = await tokensmith(
      ['dpop-proof', '--saved', 'OP post', '--htm', 'get', '--htu', htu, '--data-dir', dir],
      { env },
    );
    expect(proof.code, proof.stderr).toBe(0);
    const jwt = proof.stdout.trim();
    const key = decodeProtectedHeader(jwt).jwk!;
    await compactVerify(jwt, await importJWK(key, 'ES256'));
    expect(decodeJwt(jwt)).toMatchObject({ htm: 'GET', htu, ath: expect.any(String) as string });

    // The same from an export file of the vault, with --from.
    const file = path.join(root, 'vault.tsvault');
    const withExport = { ...env, TOKENSMITH_PASSPHRASE: 'a different export passphrase' };
    expect((await tokensmith(['vault', 'export', '--out', file, '--data-dir', dir], { env: withExport })).code).toBe(0);
    const fromFile = await tokensmith(['introspect', '--from', file, '--saved', 'OP post', '--json'], {
      env: withExport,
    });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ active: true, clientId });
  });
});

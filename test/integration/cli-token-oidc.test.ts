import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Conf from 'conf';
import type { Browser } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/main/core/store/storage.ts';
import type { StoreFile, StoreFileOptions } from '../../src/main/core/store/open-store.ts';
import { startOidcServer, type OidcServer } from '../fixtures/oidc/oidc-server.ts';
import { launchChromium } from '../support/browser.ts';
import { tokensmith } from '../support/cli.ts';
import { startCore } from '../support/core.ts';
import { completeLoginAndConsent } from '../support/oidc-browser.ts';

const CHEAP_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
const VAULT_PASSPHRASE = 'correct horse battery staple';
const TOKEN_TTL_SECONDS = 300;
/** The tokens of the second server are short-lived, so a test can see one expire. */
const SHORT_TTL_SECONDS = 2;

const createFile = (options: StoreFileOptions): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);

let oidc: OidcServer;
let shortLived: OidcServer;
let browser: Browser;
let root: string;
let appDir: string;
/** A fake xdg-open first on the PATH: it leaves a file behind when the CLI opens a browser. */
let binDir: string;
let opened: string;
/** The grant type of every token request the servers answered. */
const grants: string[] = [];
const countGrants = (server: OidcServer): void =>
  void server.provider.on('grant.success', (ctx: { oidc: { params?: Record<string, unknown> } }) => {
    grants.push(String(ctx.oidc.params?.grant_type));
  });

const codeRequest = (scope: string) => ({
  issuer: oidc.issuer,
  grantType: 'authorization_code',
  clientId: oidc.clients.public.clientId,
  clientAuth: 'none',
  scope,
  extraParams: 'authorize prompt=consent',
});

/**
 * The app logs in once (authorization code in a real browser) and keeps a token with a refresh
 * token in the ledger of its data folder; the command line works in the same folder.
 */
beforeAll(async () => {
  oidc = await startOidcServer({ accessTokenTtl: TOKEN_TTL_SECONDS, refreshTokens: 'always' });
  shortLived = await startOidcServer({ accessTokenTtl: SHORT_TTL_SECONDS });
  countGrants(oidc);
  countGrants(shortLived);
  browser = await launchChromium();
  const page = await (await browser.newContext()).newPage();
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-cli-token-oidc-'));
  appDir = path.join(root, 'app');
  binDir = path.join(root, 'bin');
  opened = path.join(root, 'browser-opened');
  await mkdir(binDir);
  await writeFile(path.join(binDir, 'xdg-open'), `#!/bin/sh\necho "$1" > '${opened}'\n`);
  await chmod(path.join(binDir, 'xdg-open'), 0o755);

  const { stores, workspace } = openStorage({ dataDir: appDir, createFile, owner: 'Tokensmith (test app)' });
  const browserTasks: Promise<unknown>[] = [];
  const app = await startCore({
    stores,
    workspace,
    kdf: CHEAP_KDF,
    autoRenew: false,
    opener: (url) => {
      browserTasks.push(completeLoginAndConsent(page, url));
      return Promise.resolve();
    },
  });
  await app.call('vault:use-passphrase', { passphrase: VAULT_PASSPHRASE });
  const saved = await app.call('requests:save', {
    name: 'OIDC code',
    profileId: 'oauth2',
    values: codeRequest('openid offline_access api:read'),
  });
  await app.call('requests:save', {
    name: 'OIDC code, no token yet',
    profileId: 'oauth2',
    values: codeRequest('openid'),
  });
  const report = await app.call('grant:run', { profileId: 'oauth2', savedRequestId: saved.id, values: {} });
  await Promise.all(browserTasks);
  expect(report.error).toBeUndefined();
  expect(report.token?.refreshTokenMasked).toBeDefined();
  await app.close();
}, 60_000);
afterAll(async () => {
  await browser.close();
  await oidc.close();
  await shortLived.close();
  await rm(root, { recursive: true, force: true });
});

const env = () => ({ TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE, PATH: `${binDir}:${process.env.PATH ?? ''}` });

const clientCredentials = (server: OidcServer, ...args: string[]) =>
  tokensmith(
    [
      'token',
      'oauth2',
      '--set',
      `issuer=${server.issuer}`,
      '--set',
      `clientId=${oidc.clients.post.clientId}`,
      '--set',
      'clientAuth=form',
      '--data-dir',
      appDir,
      ...args,
    ],
    { env: { ...env(), TOKENSMITH_OAUTH2_CLIENT_SECRET: oidc.clients.post.clientSecret } },
  );

async function listed(): Promise<Record<string, unknown>[]> {
  const result = await tokensmith(['tokens', '--json', '--data-dir', appDir], { env: env() });
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

async function active(token: string, server = oidc): Promise<unknown> {
  const { clientId, clientSecret } = server.clients.post;
  const response = await request(server.introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: clientId, client_secret: clientSecret }).toString(),
  });
  return ((await response.body.json()) as { active: unknown }).active;
}

describe('tokensmith token with the app’s login', { timeout: 60_000 }, () => {
  it('renews the app’s token with its refresh token when it is within the margin', async () => {
    const before = grants.length;
    const result = await tokensmith(
      ['token', '--saved', 'OIDC code', '--min-ttl', String(TOKEN_TTL_SECONDS + 60), '--json', '--data-dir', appDir],
      { env: env() },
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { accessToken: string; source: string; refreshToken?: string };
    expect(json.source).toBe('refreshed');
    expect(json.refreshToken).toBeDefined();
    expect(grants.slice(before)).toEqual(['refresh_token']);
    expect(await active(json.accessToken)).toBe(true);
    // With the default margin, the renewed token is taken from the ledger: no request at all.
    const again = await tokensmith(['token', '--saved', 'OIDC code', '--data-dir', appDir], {
      env: env(),
    });
    expect(again).toMatchObject({ code: 0, stdout: `${json.accessToken}\n` });
    expect(grants.length).toBe(before + 1);
    await expect(stat(opened)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says in one line that a browser flow without a token needs a person, and opens no browser', async () => {
    const before = grants.length;
    const result = await tokensmith(['token', '--saved', 'OIDC code, no token yet', '--data-dir', appDir], {
      env: env(),
    });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'tokensmith: Generic OAuth 2.0 needs a person in a browser for a new token, and the ledger has none to renew. — Run it with --interactive (or in a terminal), or get the token in the app.\n',
    );
    expect(grants.length).toBe(before);
    await expect(stat(opened)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never prints a token the ledger marks expired: it gets a new one', async () => {
    const first = await clientCredentials(shortLived, '--min-ttl', '0', '--json');
    expect(first.code).toBe(0);
    const firstJson = JSON.parse(first.stdout) as { accessToken: string; source: string };
    expect(firstJson.source).toBe('granted');
    await delay(SHORT_TTL_SECONDS * 1000 + 500);
    const entries = await listed();
    const entry = entries.find((candidate) => candidate.environment === shortLived.issuer);
    expect(entry).toMatchObject({ provider: 'Generic OAuth 2.0', state: 'expired', requests: [] });
    const before = grants.length;
    const second = await clientCredentials(shortLived, '--min-ttl', '0', '--json');
    expect(second.code).toBe(0);
    const secondJson = JSON.parse(second.stdout) as { accessToken: string; source: string };
    expect(secondJson.source).toBe('refreshed');
    expect(secondJson.accessToken).not.toBe(firstJson.accessToken);
    expect(grants.slice(before)).toEqual(['client_credentials']);
  });

  /** The client-credentials token the next two tests list and revoke. */
  let held: string;

  it('tokens lists the ledger: what each token is for and its state, never a token', async () => {
    held = (await clientCredentials(oidc)).stdout.trim();
    const text = await tokensmith(['tokens', '--data-dir', appDir], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID +PROVIDER +ENVIRONMENT +CLIENT +SCOPE +REQUEST +EXPIRES +STATE\n/);
    expect(text.stdout).toContain('OIDC code');
    expect(text.stdout).not.toContain(held);
    expect(text.stdout).not.toContain(held.slice(-8));
    const json = await listed();
    expect(JSON.stringify(json)).not.toContain(held.slice(-8));
    expect(
      json.find(
        (candidate) => candidate.environment === oidc.issuer && candidate.client === oidc.clients.post.clientId,
      ),
    ).toMatchObject({ provider: 'Generic OAuth 2.0', scope: '', requests: [], state: 'valid' });
  });

  it('revoke ID revokes the ledger token at the provider; a revoked token is never printed', async () => {
    const entry = (await listed()).find(
      (candidate) => candidate.environment === oidc.issuer && candidate.client === oidc.clients.post.clientId,
    )!;
    const revoked = await tokensmith(['revoke', String(entry.id), '--data-dir', appDir], { env: env() });
    expect(revoked).toMatchObject({ code: 0, stdout: '', stderr: 'Revoked.\n' });
    expect(await active(held)).toBe(false);
    expect((await listed()).find((candidate) => candidate.id === entry.id)).toMatchObject({ state: 'revoked' });

    const before = grants.length;
    const next = await clientCredentials(oidc, '--json');
    const nextJson = JSON.parse(next.stdout) as { accessToken: string; source: string };
    expect(nextJson.source).toBe('granted');
    expect(nextJson.accessToken).not.toBe(held);
    expect(grants.slice(before)).toEqual(['client_credentials']);
  });

  it('revoke of what is not a ledger id is the old form: a token, for the generic client in --set', async () => {
    const result = await tokensmith(['revoke', 'not-a-ledger-id', '--data-dir', appDir], { env: env() });
    expect(result).toMatchObject({ code: 1, stderr: 'tokensmith: Client ID is required. — Fill in Client ID.\n' });
  });
});

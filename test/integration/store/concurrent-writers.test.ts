import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../support/cli.ts';
import { oauthCollection } from '../../support/postman-collection.ts';
import { workspaceOnDisk } from '../../support/workspace.ts';
import { startApp } from '../vault/profile.ts';

/**
 * Two processes on one data folder never lose each other's writes: every write takes the file's
 * lock, reads what is on disk, and applies only its own changes to it. The saved requests are in
 * the workspace folder, one file each; the app sees another process's through its folder watcher.
 */

const PASSPHRASE = 'concurrent writers passphrase';
const ENV = { TOKENSMITH_VAULT_PASSPHRASE: PASSPHRASE };
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tokensmith-concurrent-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('two writers at once', () => {
  it('20 rounds of two `tokensmith import` at once while the app saves: every request of all three is there', async () => {
    const dir = mkdtempSync(path.join(root, 'data-'));
    const app = await startApp(dir);
    await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    await app.core.workspaces.watching();
    const expected = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const files = ['a', 'b'].map((side) => {
        const file = path.join(root, `round-${round}-${side}.json`);
        writeFileSync(file, oauthCollection({ name: `r${round}${side}`, count: 5 }));
        return file;
      });
      const imports = files.map((file) =>
        start(process.execPath, ['bin/tokensmith.js', 'import', file, '--data-dir', dir], { env: ENV }),
      );
      const saves = Array.from({ length: 3 }, (_, index) =>
        app.call('requests:save', {
          name: `app r${round} ${index}`,
          profileId: 'kaisa',
          values: {
            tokenUrl: 'https://auth.example/oauth2/token',
            clientId: `app-${round}-${index}`,
            clientSecret: `app secret ${round} ${index} 0123`,
          },
        }),
      );
      const results = await Promise.all(imports.map((child) => child.done));
      await Promise.all(saves);
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      for (const side of ['a', 'b'])
        for (let index = 0; index < 5; index++) expected.add(`r${round}${side} ${index} token`);
      for (let index = 0; index < 3; index++) expected.add(`app r${round} ${index}`);
    }
    const onDisk = app.onDisk();
    const { requests, problems } = { ...workspaceOnDisk(dir), problems: app.workspace.problems() };
    expect(problems).toEqual([]);
    const names = new Set(requests.map((request) => request.name));
    expect([...expected].filter((name) => !names.has(name))).toEqual([]);
    expect(requests).toHaveLength(expected.size);
    // Every request keeps its secret: none was lost to the other writer's copy of the vault.
    const refs = new Set(Object.keys(onDisk.vault.secrets));
    const withoutSecret = requests.filter((request) => !refs.has(`request:${request.id}/clientSecret`));
    expect(withoutSecret.map((request) => request.name)).toEqual([]);
    // And the app sees them without a restart.
    await app.call('requests:save', {
      name: 'last',
      profileId: 'kaisa',
      values: { tokenUrl: 'https://auth.example/t', clientId: 'x' },
    });
    await expect
      .poll(async () => (await app.call('requests:list', {})).requests.length, { timeout: 5000 })
      .toBe(expected.size + 1);
    await app.close();
  }, 300_000);
});

describe('what another process wrote shows without a restart', () => {
  it('a request saved by another process is listed by the app at once; a secret it stored opens', async () => {
    const dir = mkdtempSync(path.join(root, 'data-'));
    const first = await startApp(dir);
    await first.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    // The app learns of another process's files through its folder watcher, once that has started.
    await first.core.workspaces.watching();
    const second = await startApp(dir);
    await second.call('vault:unlock', { passphrase: PASSPHRASE });
    const saved = await second.call('requests:save', {
      name: 'From the other window',
      profileId: 'kaisa',
      values: {
        tokenUrl: 'https://auth.example/oauth2/token',
        clientId: 'other',
        clientSecret: 'other window secret 0123',
      },
    });
    await expect
      .poll(async () => (await first.call('requests:list', {})).requests.map((request) => request.name), {
        timeout: 5000,
      })
      .toEqual(['From the other window']);
    expect(await first.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: expect.any(String) as string },
    });
    await Promise.all([first.close(), second.close()]);
  });
});

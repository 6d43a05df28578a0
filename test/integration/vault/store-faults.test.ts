import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VAULT_FILE_VERSION, type VaultFile } from '../../../src/main/core/store/store-schema.ts';
import { defaultEnvironments } from '../../../src/main/core/workspace/default-environments.ts';
import { maskSecret } from '../../../src/shared/domain/secrets.ts';
import type { SavedRequest } from '../../../src/shared/domain/workspace.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { workspaceOnDisk } from '../../support/workspace.ts';
import { newUserDataDir, removeTempDirs, startApp } from './profile.ts';

const CRASH_SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/store/crash-before-rename.ts');
const modeOf = (file: string) => statSync(file).mode & 0o777;
/** An asymmetric matcher where a string is expected. */
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const containing = (text: string): string => expect.stringContaining(text) as string;

afterAll(removeTempDirs);

/**
 * A saved request as another run of the app reads it back: the workspace files keep no time, so
 * its times are those of its file.
 */
const reread = (request: SavedRequest): SavedRequest => ({
  ...request,
  createdAt: expect.any(String) as string,
  updatedAt: expect.any(String) as string,
});

/** A user-data folder with one saved request (and its secret) written by a first run. */
async function profileWithARequest() {
  const dir = newUserDataDir();
  const app = await startApp(dir, { keychain: new FakeKeychain() });
  const saved = await app.call('requests:save', {
    name: 'Old request',
    profileId: 'kaisa',
    values: { tokenUrl: 'https://auth.example/oauth2/token', clientId: 'old', clientSecret: 'old secret value 0123' },
  });
  await app.close();
  return { dir, saved, files: app.files };
}

describe('damaged store files are moved aside, never overwritten; the app says where and why', () => {
  // The single-file store of the last version before the split (its damage is its own: a
  // version-1 file's requests would move to the workspace first), and the vault's file of now.
  const singleFile = () => readFileSync(path.join(import.meta.dirname, '../../fixtures/store/v2.json'), 'utf8');
  const vaultFile = () => JSON.stringify((JSON.parse(singleFile()) as { vault: object }).vault);
  it.each([
    ['tokensmith.json', 'empty', () => '', 'the file is empty'],
    [
      'tokensmith.json',
      'truncated',
      () => singleFile().slice(0, 700),
      'the file is not valid JSON (it may have been cut short)',
    ],
    [
      'tokensmith.json',
      'schema-invalid where no record can be set aside alone',
      () => JSON.stringify({ ...(JSON.parse(singleFile()) as object), vault: 'sealed' }),
      "the file does not match the store's schema (vault: ",
    ],
    ['vault.json', 'garbage', () => Buffer.from('1f8b0800000000000003ffff00ff', 'hex'), 'the file is not valid JSON'],
    ['vault.json', 'truncated', () => vaultFile().slice(0, 60), 'the file is not valid JSON'],
    [
      'vault.json',
      'schema-invalid where no record can be set aside alone',
      () => JSON.stringify({ ...(JSON.parse(vaultFile()) as object), schemaVersion: 1, protection: 'sealed' }),
      "the file does not match the store's schema (protection: ",
    ],
  ])(
    '%s %s → vault:state notices say where it went and why; the vault starts clean',
    async (name, _case, content, reason) => {
      const dir = newUserDataDir();
      const file = path.join(dir, name);
      const bytes = Buffer.from(content());
      writeFileSync(file, bytes);
      const historyBytes = Buffer.from('{"schemaVersion":1,"entries":[{"runId":');
      writeFileSync(path.join(dir, 'history.json'), historyBytes);

      const app = await startApp(dir, { keychain: new FakeKeychain() });
      const { vault, notices } = await app.call('vault:state', {});
      expect(notices).toEqual([
        {
          kind: 'moved-aside',
          file,
          movedTo: matching(/\.json\.corrupt-[\dT-]+Z$/),
          reason: containing(reason),
        },
        {
          kind: 'moved-aside',
          file: path.join(dir, 'history.json'),
          movedTo: matching(/history\.json\.corrupt-[\dT-]+Z$/),
          reason: 'the file is not valid JSON (it may have been cut short)',
        },
      ]);
      const [storeNotice, historyNotice] = notices.map((notice) =>
        notice.kind === 'moved-aside' ? notice.movedTo : '',
      );
      expect(readFileSync(storeNotice!).equals(bytes)).toBe(true);
      expect(readFileSync(historyNotice!).equals(historyBytes)).toBe(true);
      expect(vault).toMatchObject({ protection: 'keychain', secretCount: 0, locked: false });
      expect(await app.call('requests:list', {})).toEqual({
        requests: [],
        environments: defaultEnvironments(),
        problems: [],
      });
      expect(await app.call('ledger:list', {})).toEqual([]);
      await app.close();
      expect(modeOf(app.files.vault)).toBe(0o600);

      // The next start is quiet, and the moved files are still there for the user.
      const next = await startApp(dir, { keychain: new FakeKeychain() });
      expect((await next.call('vault:state', {})).notices).toEqual([]);
      await next.close();
      expect(readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toHaveLength(2);
    },
  );
});

describe('a crash between the write of the temporary file and its rename', () => {
  it('the child is killed mid-save; the old file survives and opens with the old data', async () => {
    const { dir, saved, files } = await profileWithARequest();
    const file = files.vault;
    const before = readFileSync(file);
    const child = spawnSync(process.execPath, [CRASH_SCRIPT, dir, 'save'], { encoding: 'utf8', timeout: 20_000 });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toBe('saving\nrenaming: killed\n');

    expect(readFileSync(file).equals(before)).toBe(true);
    const leftovers = readdirSync(dir).filter((name) => name.startsWith('vault.json.tmp-'));
    expect(leftovers).toHaveLength(1);
    // The new document had been written in full, only not renamed into place.
    const { secrets } = JSON.parse(before.toString('utf8')) as VaultFile;
    expect(JSON.parse(readFileSync(path.join(dir, leftovers[0]!), 'utf8'))).toMatchObject({
      keychainBackend: 'changed_by_the_crashing_save',
      secrets,
    });

    const app = await startApp(dir, { keychain: new FakeKeychain() });
    expect((await app.call('vault:state', {})).notices).toEqual([]);
    expect(app.inMemory().vault.keychainBackend).not.toBe('changed_by_the_crashing_save');
    const { requests } = await app.call('requests:list', {});
    expect(requests).toEqual([reread(saved)]);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: maskSecret('old secret value 0123') },
    });
    // A new secret: the store is written again, over the file the crash left.
    await app.call('requests:save', {
      id: saved.id,
      name: 'Renamed after the crash',
      profileId: 'kaisa',
      values: { clientSecret: 'new secret value 4567' },
    });
    await app.close();
    expect(readFileSync(file).equals(before)).toBe(false);
    expect(workspaceOnDisk(dir).requests.map((request) => request.name)).toEqual(['Renamed after the crash']);
    const again = await startApp(dir, { keychain: new FakeKeychain() });
    expect(await again.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: maskSecret('new secret value 4567') },
    });
    await again.close();
  });

  it('a crash while the very first store is written leaves no store; the next start is clean', async () => {
    const dir = newUserDataDir();
    const child = spawnSync(process.execPath, [CRASH_SCRIPT, dir, 'open'], { encoding: 'utf8', timeout: 20_000 });
    expect(child.signal).toBe('SIGKILL');
    // Left behind: the temporary file, and the lock the killed process held (taken over below).
    expect(readdirSync(dir).filter((name) => !name.startsWith('vault.json.tmp-'))).toEqual(['vault.json.lock']);
    const app = await startApp(dir, { keychain: new FakeKeychain() });
    expect((await app.call('vault:state', {})).notices).toEqual([]);
    expect((await app.call('requests:list', {})).requests).toEqual([]);
    await app.close();
  });
});

describe('two saves racing', () => {
  it('many requests:save at once, with grants in between: all present after reopening the store from disk', async () => {
    const dir = newUserDataDir();
    const app = await startApp(dir, { keychain: new FakeKeychain({ jitter: true }) });
    const secretOf = (index: number) => `racing secret value ${String(index).padStart(4, '0')}`;
    const saved = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        app.call('requests:save', {
          name: `Racing ${index}`,
          folder: index % 2 ? 'Odd' : 'Even',
          profileId: 'kaisa',
          values: {
            tokenUrl: 'https://auth.example/oauth2/token',
            clientId: `c${index}`,
            clientSecret: secretOf(index),
          },
        }),
      ),
    );
    // Saving the same request twice at once: one of them wins, nothing else is lost.
    await Promise.all([
      app.call('requests:save', { id: saved[0]!.id, name: 'First edit', profileId: 'kaisa', values: {} }),
      app.call('requests:save', { id: saved[0]!.id, name: 'Second edit', profileId: 'kaisa', values: {} }),
    ]);
    await app.close();

    const again = await startApp(dir, { keychain: new FakeKeychain() });
    const { requests } = await again.call('requests:list', {});
    expect(requests).toHaveLength(30);
    expect(new Set(requests.map((request) => request.id))).toEqual(new Set(saved.map((request) => request.id)));
    expect(['First edit', 'Second edit']).toContain(requests.find((request) => request.id === saved[0]!.id)?.name);
    for (const folder of ['Odd', 'Even']) {
      const orders = requests.filter((request) => request.folder === folder).map((request) => request.order);
      expect(new Set(orders).size).toBe(orders.length);
    }
    for (const [index, request] of saved.entries()) {
      expect(await again.call('secrets:masks', { profileId: 'kaisa', savedRequestId: request.id })).toEqual({
        clientSecret: { masked: maskSecret(secretOf(index)) },
      });
    }
    await again.close();
  });
});

describe('file modes', () => {
  it('the store, the history and the exports are readable by their owner only (0600)', async () => {
    const dir = newUserDataDir();
    const app = await startApp(dir, { keychain: new FakeKeychain() });
    await app.call('requests:save', {
      name: 'Mode',
      profileId: 'kaisa',
      values: { clientSecret: 'mode secret 0123456' },
    });
    await app.call('grant:run', {
      profileId: 'kaisa',
      values: { tokenUrl: 'http://127.0.0.1:1/oauth2/token', clientId: 'x' },
    });
    const { path: shared } = await app.call('vault:export', { withSecrets: false });
    await app.close();
    for (const file of [...Object.values(app.files), path.join(dir, 'history.json'), shared!])
      expect(modeOf(file), file).toBe(0o600);
  });
});

describe('a store is never moved aside silently, nor thrown away for one record', () => {
  it('a vault of a newer Tokensmith: the app says to update, saves nothing, and leaves the file as it was', async () => {
    const dir = newUserDataDir();
    const file = path.join(dir, 'vault.json');
    const text = JSON.stringify({
      ...(
        JSON.parse(readFileSync(path.join(import.meta.dirname, '../../fixtures/store/v2.json'), 'utf8')) as {
          vault: object;
        }
      ).vault,
      schemaVersion: VAULT_FILE_VERSION + 1,
    });
    writeFileSync(file, text);
    const app = await startApp(dir, { keychain: new FakeKeychain() });
    const { notices } = await app.call('vault:state', {});
    expect(notices).toEqual([{ kind: 'newer', file, version: VAULT_FILE_VERSION + 1, supported: VAULT_FILE_VERSION }]);
    const error = await app.refused('requests:save', {
      name: 'Would hide the newer data',
      profileId: 'kaisa',
      values: { tokenUrl: 'https://auth.example/oauth2/token', clientId: 'x' },
    });
    expect(error).toMatchObject({ code: 'STORE_READ_ONLY', message: containing('Update Tokensmith') });
    await app.close();
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((name) => name.startsWith('vault.json'))).toEqual(['vault.json']);
  });

  it('one ledger entry that breaks the schema: the app keeps the vault, the requests and the other tokens, and names the one set aside', async () => {
    const { dir, saved, files } = await profileWithARequest();
    const file = files.ledger;
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown>[] };
    data.entries.push({
      id: 'broken-token',
      key: 'kaisa|https://auth.example|old|',
      profileId: 'kaisa',
      environment: 'https://auth.example',
      clientId: 'old',
      scope: '',
      obtainedAt: '2026-03-01T00:00:00.000Z',
      revoked: 'no',
      sealed: 'tsv1.os.x.AAAA',
    });
    writeFileSync(file, JSON.stringify(data));

    const app = await startApp(dir, { keychain: new FakeKeychain() });
    const { notices, vault } = await app.call('vault:state', {});
    expect(notices).toEqual([
      {
        kind: 'set-aside',
        file,
        movedTo: matching(/ledger\.json\.set-aside-[\dT-]+Z\.json$/),
        records: [{ label: 'token broken-token', reason: 'revoked: Invalid input: expected boolean, received string' }],
      },
    ]);
    expect(vault.secretCount).toBe(1);
    expect((await app.call('requests:list', {})).requests).toEqual([reread(saved)]);
    expect(await app.call('ledger:list', {})).toEqual([]);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: maskSecret('old secret value 0123') },
    });
    await app.close();
  });
});

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/main/core/store/storage.ts';
import { Vault } from '../../../src/main/core/vault/vault.ts';
import { VaultTokenLedger } from '../../../src/main/core/ledger/vault-token-ledger.ts';
import { WorkspaceFolder } from '../../../src/main/core/workspace/workspace-folder.ts';
import type { SavedRequest } from '../../../src/shared/domain/workspace.ts';
import { V1_PASSPHRASE, V1_REQUESTS, V1_TOKEN } from '../../fixtures/store/v1-values.ts';
import { confFile } from '../../support/conf-store.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tokensmith-workspace-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function request(overrides: Partial<SavedRequest> = {}): SavedRequest {
  return {
    id: 'b6a3e0c2-0000-4000-8000-000000000001',
    name: 'Kaisa prod',
    folder: 'Kaisa',
    order: 0,
    profileId: 'kaisa',
    values: { tokenUrl: 'https://auth.freespee.com/oauth2/token', clientId: 'team-client', bodyFormat: 'json' },
    secretFields: ['clientSecret'],
    followUps: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function open(dir: string): WorkspaceFolder {
  return WorkspaceFolder.open(dir, { create: true, owner: 'a test' });
}

describe('the workspace folder, as git sees it', () => {
  it('one file per request, in its folder; the same request saved on two machines gives the same bytes', () => {
    const [one, two] = [path.join(root, 'machine-1'), path.join(root, 'machine-2')];
    open(one).saveRequests([request({ updatedAt: '2026-01-01T00:00:00.000Z' })]);
    open(two).saveRequests([
      request({
        updatedAt: '2026-06-30T23:59:59.000Z',
        values: { bodyFormat: 'json', clientId: 'team-client', tokenUrl: 'https://auth.freespee.com/oauth2/token' },
      }),
    ]);
    const file = path.join('requests', 'Kaisa', 'kaisa-prod.yaml');
    expect(readFileSync(path.join(one, file), 'utf8')).toBe(readFileSync(path.join(two, file), 'utf8'));
    expect(readFileSync(path.join(one, file), 'utf8')).toBe(
      [
        'id: b6a3e0c2-0000-4000-8000-000000000001',
        'name: Kaisa prod',
        'profile: kaisa',
        'values:',
        '  bodyFormat: json',
        '  clientId: team-client',
        '  tokenUrl: https://auth.freespee.com/oauth2/token',
        'secrets:',
        '  - clientSecret',
        '',
      ].join('\n'),
    );
    expect(readFileSync(path.join(one, 'requests', 'Kaisa', '_order.yaml'), 'utf8')).toBe(
      'order:\n  - kaisa-prod.yaml\n',
    );
    expect(readFileSync(path.join(one, 'workspace.yaml'), 'utf8')).toBe('format: 1\nname: machine-1\n');
  });

  it('a change to one request changes one file; a rename renames it; the order lives in the folder file', () => {
    const dir = path.join(root, 'changes');
    const folder = open(dir);
    const first = request();
    const second = request({ id: 'b6a3e0c2-0000-4000-8000-000000000002', name: 'Kaisa staging', order: 1 });
    folder.saveRequests([first, second]);
    const before = readFileSync(path.join(dir, 'requests/Kaisa/kaisa-staging.yaml'), 'utf8');
    folder.saveRequests([{ ...first, values: { ...first.values, clientId: 'changed' } }]);
    expect(readFileSync(path.join(dir, 'requests/Kaisa/kaisa-staging.yaml'), 'utf8')).toBe(before);
    folder.saveRequests([{ ...second, name: 'Kaisa test', order: 0 }]);
    expect(readdirSync(path.join(dir, 'requests/Kaisa')).sort()).toEqual([
      '_order.yaml',
      'kaisa-prod.yaml',
      'kaisa-test.yaml',
    ]);
    expect(readFileSync(path.join(dir, 'requests/Kaisa/_order.yaml'), 'utf8')).toBe(
      'order:\n  - kaisa-test.yaml\n  - kaisa-prod.yaml\n',
    );
    const again = open(dir);
    expect(again.requests().map((saved) => [saved.name, saved.order])).toEqual([
      ['Kaisa test', 0],
      ['Kaisa prod', 1],
    ]);
  });

  it('a file that does not parse or breaks the schema is listed with its error and path, and never touched', () => {
    const dir = path.join(root, 'problems');
    const folder = open(dir);
    folder.saveRequests([request()]);
    const broken = path.join(dir, 'requests', 'Kaisa', 'broken.yaml');
    const wrong = path.join(dir, 'requests', 'Kaisa', 'wrong.yaml');
    writeFileSync(broken, 'id: [unclosed\n');
    writeFileSync(wrong, 'id: x\nname: Wrong\nprofile: kaisa\nvalues: 3\n');
    const reopened = open(dir);
    expect(reopened.problems()).toEqual([
      { path: 'requests/Kaisa/broken.yaml', error: expect.stringMatching(/^not YAML: /) as string },
      { path: 'requests/Kaisa/wrong.yaml', error: expect.stringMatching(/^values: /) as string },
    ]);
    expect(reopened.requests().map((saved) => saved.name)).toEqual(['Kaisa prod']);
    reopened.saveRequests([request({ values: { clientId: 'after' } })]);
    expect(readFileSync(broken, 'utf8')).toBe('id: [unclosed\n');
    expect(readFileSync(wrong, 'utf8')).toBe('id: x\nname: Wrong\nprofile: kaisa\nvalues: 3\n');
  });

  it('a workspace of a newer format is refused, and not written', () => {
    const dir = path.join(root, 'newer');
    open(dir);
    writeFileSync(path.join(dir, 'workspace.yaml'), 'format: 9\nname: Future\n');
    expect(() => open(dir)).toThrow(
      expect.objectContaining({
        code: 'STORE_READ_ONLY',
        message: expect.stringContaining('Update Tokensmith') as string,
      }),
    );
  });

  it('the lock lives in .tokensmith/, which ignores itself for git', () => {
    const dir = path.join(root, 'ignored');
    open(dir).saveRequests([request()]);
    expect(readFileSync(path.join(dir, '.tokensmith', '.gitignore'), 'utf8')).toBe('*\n');
  });
});

describe('a batch (an import) is all there or not at all, even under kill -9', () => {
  it('30 kills at random points: after reopening, the folder holds none of the batch or all of it', async () => {
    const script = path.join(root, 'write-batch.ts');
    const moduleUrl = new URL('../../../src/main/core/workspace/workspace-folder.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { WorkspaceFolder } from ${JSON.stringify(moduleUrl)};
const folder = WorkspaceFolder.open(process.argv[2], { create: true, owner: 'a batch' });
const now = '2026-01-01T00:00:00.000Z';
const requests = Array.from({ length: 120 }, (_, index) => ({
  id: 'batch-' + index, name: 'Batch ' + index, folder: 'Batch/' + (index % 7), order: index, profileId: 'kaisa',
  values: { tokenUrl: 'https://auth.example/token', clientId: 'c' + index }, secretFields: [], followUps: [], createdAt: now, updatedAt: now,
}));
process.stdout.write('start\\n');
folder.saveBatch({ requests, environments: [] });
process.stdout.write('done\\n');
`,
    );
    const outcomes = { none: 0, all: 0 };
    for (let round = 0; round < 30; round++) {
      const dir = path.join(root, `batch-${round}`);
      open(dir).saveRequests([request()]);
      const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 120));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const names = open(dir)
        .requests()
        .map((saved) => saved.name);
      const batch = names.filter((name) => name.startsWith('Batch '));
      expect(names).toContain('Kaisa prod');
      expect([0, 120]).toContain(batch.length);
      outcomes[batch.length === 0 ? 'none' : 'all']++;
    }
    // The kills landed in the middle: some batches were finished from their journal.
    expect(outcomes.all).toBeGreaterThan(0);
  }, 120_000);
});

describe('moving a version-1 store into a workspace', () => {
  it('the requests and environments go to the default workspace, the vault, tokens and settings to files of their own, and the old file is kept', async () => {
    const dir = mkdtempSync(path.join(root, 'v1-'));
    copyFileSync(path.join(import.meta.dirname, '../../fixtures/store/v1.json'), path.join(dir, 'tokensmith.json'));
    const { stores, workspace } = openStorage({ dataDir: dir, createFile: confFile, owner: 'a test' });
    expect(workspace.dir).toBe(path.join(dir, 'workspace'));
    expect(
      workspace
        .requests()
        .map((saved) => saved.name)
        .sort(),
    ).toEqual([V1_REQUESTS.oauth2.name, V1_REQUESTS.kaisa.name].sort());
    expect(workspace.environments().map((environment) => environment.id)).toContain('oauth2-staging');
    expect(existsSync(path.join(dir, 'tokensmith.json'))).toBe(false);
    for (const name of ['vault.json', 'ledger.json', 'settings.json'])
      expect(JSON.parse(readFileSync(path.join(dir, name), 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(JSON.parse(readFileSync(path.join(dir, 'tokensmith.json.v1'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
    const vault = await Vault.open({ data: stores.vault.data, save: () => stores.vault.save(stores.vault.data) });
    await vault.unlock(V1_PASSPHRASE);
    const kaisa = workspace.requests().find((saved) => saved.name === V1_REQUESTS.kaisa.name)!;
    expect(await vault.get(`request:${kaisa.id}/clientSecret`)).toBe(V1_REQUESTS.kaisa.secrets.clientSecret);
    const ledger = new VaultTokenLedger(stores.ledger, vault);
    await ledger.load();
    expect(ledger.list().map((entry) => entry.token.accessToken)).toEqual([V1_TOKEN.token.accessToken]);
    vault.close();
    // Opened again: nothing moves twice.
    expect(openStorage({ dataDir: dir, createFile: confFile, owner: 'a test' }).workspace.requests()).toHaveLength(2);
  });

  it('a migration that fails leaves the version-1 file as it was, and says so in one line', () => {
    const dir = mkdtempSync(path.join(root, 'v1-fail-'));
    const text = readFileSync(path.join(import.meta.dirname, '../../fixtures/store/v1.json'), 'utf8');
    writeFileSync(path.join(dir, 'tokensmith.json'), text);
    // A file where the workspace folder would go: it cannot be made.
    writeFileSync(path.join(dir, 'workspace'), 'not a folder');
    expect(() => openStorage({ dataDir: dir, createFile: confFile, owner: 'a test' })).toThrow(
      expect.objectContaining({
        code: 'STORE_UNREADABLE',
        message: expect.stringMatching(
          /could not move the saved requests of .*; the file is left as it was\.$/,
        ) as string,
      }),
    );
    expect(readFileSync(path.join(dir, 'tokensmith.json'), 'utf8')).toBe(text);
  });
});

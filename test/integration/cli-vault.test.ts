import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStores } from '../../src/main/core/store/local-stores.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { V1_PASSPHRASE } from '../fixtures/store/v1-values.ts';
import { confFile } from '../support/conf-store.ts';
import { tokensmith } from '../support/cli.ts';
import { kaisaDataFolder } from '../support/kaisa-folder.ts';
import { workspaceOnDisk } from '../support/workspace.ts';

const VAULT_PASSPHRASE = 'correct horse battery staple';
const EXPORT_PASSPHRASE = 'a different export passphrase';

const createFile = confFile;

let sim: KaisaSimulator;
let root: string;
let appDir: string;

/** The app's data folder: a passphrase vault with a saved Kaisa request and its secret. */
beforeAll(async () => {
  sim = await startKaisaSimulator();
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-cli-vault-'));
  appDir = path.join(root, 'app');
  await kaisaDataFolder({ dataDir: appDir, tokenUrl: sim.tokenUrl, passphrase: VAULT_PASSPHRASE });
});
afterAll(async () => {
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE, TOKENSMITH_PASSPHRASE: EXPORT_PASSPHRASE };

describe('tokensmith vault and grant --from', () => {
  it('exports the app vault, imports it into an empty folder, and runs a saved request from the file', async () => {
    const file = path.join(root, 'vault.tsvault');
    const exported = await tokensmith(['vault', 'export', '--out', file, '--data-dir', appDir], { env });
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toBe(`Wrote the encrypted vault to ${file}.\n`);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 8).toString('ascii')).toBe('TOKNSMTH');
    expect(bytes.includes(Buffer.from(KAISA_CLIENT.clientSecret))).toBe(false);

    const emptyDir = path.join(root, 'other');
    const imported = await tokensmith(['vault', 'import', file, '--data-dir', emptyDir], { env });
    expect(imported).toMatchObject({
      code: 0,
      stderr: 'Imported 1 saved request(s), 3 environment(s), 1 secret(s) and 0 token(s).\n',
    });
    const other = openLocalStores({ dir: emptyDir, createFile });
    expect(other.vault.data.protection).toBe('passphrase');
    const workspace = workspaceOnDisk(emptyDir);
    expect(workspace.requests.map((request) => request.name)).toEqual(['Kaisa prod']);
    expect(JSON.stringify([other.vault.data, other.ledger.data])).not.toContain(KAISA_CLIENT.clientSecret);
    const entries = await readdir(workspace.dir, { recursive: true, withFileTypes: true });
    expect(entries.filter((entry) => entry.isFile()).length).toBeGreaterThan(0);
    for (const entry of entries.filter((candidate) => candidate.isFile()))
      expect(await readFile(path.join(entry.parentPath, entry.name), 'utf8')).not.toContain(KAISA_CLIENT.clientSecret);

    const before = sim.requests.length;
    const grant = await tokensmith(['grant', '--from', file, '--saved', 'Kaisa prod', '--json'], { env });
    expect(grant.code).toBe(0);
    expect(JSON.parse(grant.stdout)).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
    expect(sim.requests.length).toBe(before + 1);
    expect(sim.requests.at(-1)?.headers['content-type']).toBe('application/json');
  });

  it('says which passphrase is wrong, and changes nothing', async () => {
    const file = path.join(root, 'vault-2.tsvault');
    expect((await tokensmith(['vault', 'export', '--out', file, '--data-dir', appDir], { env })).code).toBe(0);
    const wrongVault = await tokensmith(['vault', 'export', '--out', path.join(root, 'x'), '--data-dir', appDir], {
      env: { ...env, TOKENSMITH_VAULT_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrongVault.code).toBe(1);
    expect(wrongVault.stderr).toBe(
      'tokensmith: That passphrase does not unlock the vault. — Type it again; the case matters.\n',
    );
    const wrongFile = await tokensmith(['grant', '--from', file, '--saved', 'Kaisa prod'], {
      env: { ...env, TOKENSMITH_PASSPHRASE: 'wrong export passphrase' },
    });
    expect(wrongFile.code).toBe(1);
    expect(wrongFile.stderr).toMatch(/^tokensmith: The passphrase does not open this export file\./);
    const unknown = await tokensmith(['grant', '--from', file, '--saved', 'Nope'], { env });
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain('The file has no saved request "Nope"; it has "Kaisa prod".');
  });

  it('explains that a keychain vault opens on the command line once the app allows it, or exports from the app', async () => {
    const dir = path.join(root, 'keychain');
    const { vault } = openLocalStores({ dir, createFile });
    vault.save({ ...vault.data, protection: 'keychain', keychainBackend: 'gnome_libsecret' });
    const result = await tokensmith(['vault', 'export', '--out', path.join(root, 'k'), '--data-dir', dir], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'tokensmith: This vault is protected by the operating system keychain, which only the app can use. — Turn on "Let the command line open the vault" in the app\'s vault settings, or export the vault from the app (Vault › Export).\n',
    );
  });

  it('exports saved requests without secrets for sharing', async () => {
    const file = path.join(root, 'shared.json');
    const result = await tokensmith(['vault', 'export', '--without-secrets', '--out', file, '--data-dir', appDir], {
      env: {},
    });
    expect(result.code).toBe(0);
    const shared = JSON.parse(await readFile(file, 'utf8')) as {
      kind: string;
      savedRequests: { secretFields: string[]; values: Record<string, string> }[];
    };
    expect(shared.kind).toBe('tokensmith-requests');
    expect(shared.savedRequests[0]?.secretFields).toEqual([]);
    expect(shared.savedRequests[0]?.values).not.toHaveProperty('clientSecret');
  });
});

describe('a store is never moved aside silently by a command', () => {
  async function folderWith(name: string, text: string, file = 'tokensmith.json'): Promise<string> {
    const dir = path.join(root, name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, file), text);
    return dir;
  }

  it('vault export --without-secrets of an unreadable store: exit 1, says why, the file stays where it was', async () => {
    const text = '{"schemaVersion": 1, "vault": {"protection": "passph';
    const dir = await folderWith('unreadable', text);
    const out = path.join(root, 'unreadable-export.json');
    const result = await tokensmith(['vault', 'export', '--out', out, '--without-secrets', '--data-dir', dir], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `tokensmith: ${path.join(dir, 'tokensmith.json')} cannot be read: the file is not valid JSON (it may have been cut short). Nothing was changed. — Open Tokensmith, or run \`tokensmith import\`, to keep the file aside and start clean; or restore it from a backup.\n`,
    );
    expect(await readdir(dir)).toEqual(['tokensmith.json']);
    expect(await readFile(path.join(dir, 'tokensmith.json'), 'utf8')).toBe(text);
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a vault of a newer Tokensmith: every command refuses with one line saying to update, and leaves it as it is', async () => {
    const current = JSON.parse(await readFile(path.join(appDir, 'vault.json'), 'utf8')) as {
      schemaVersion: number;
    };
    const text = JSON.stringify({ ...current, schemaVersion: current.schemaVersion + 1 });
    const dir = await folderWith('newer', text, 'vault.json');
    const file = path.join(dir, 'vault.json');
    const expected = `tokensmith: ${file} was written by a newer Tokensmith (v${current.schemaVersion + 1}); this one reads up to v${current.schemaVersion}. Update Tokensmith. Nothing was changed: the file is open read-only.\n`;
    const importFile = path.join(root, 'newer-import.sh');
    await writeFile(
      importFile,
      `curl -u id:$TOKENSMITH_OAUTH2_CLIENT_SECRET -d grant_type=client_credentials ${sim.tokenUrl}`,
    );
    for (const args of [
      ['vault', 'export', '--out', path.join(root, 'newer.tsvault')],
      ['vault', 'export', '--out', path.join(root, 'newer.json'), '--without-secrets'],
      ['import', importFile],
    ]) {
      const result = await tokensmith([...args, '--data-dir', dir], {
        env: { ...env, TOKENSMITH_OAUTH2_CLIENT_SECRET: 'some secret value' },
      });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.split('\n').filter((line) => !line.startsWith('Importing'))).toEqual([expected.trim(), '']);
    }
    expect(await readdir(dir)).toEqual(['vault.json']);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('vault export of a store an older Tokensmith sealed: the export holds its secrets, and the file is not touched', async () => {
    const text = await readFile(path.join(import.meta.dirname, '../fixtures/store/v1.json'), 'utf8');
    const dir = await folderWith('v1-export', text);
    const out = path.join(root, 'v1.tsvault');
    const result = await tokensmith(['vault', 'export', '--out', out, '--data-dir', dir], {
      env: { ...env, TOKENSMITH_VAULT_PASSPHRASE: V1_PASSPHRASE },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'tokensmith.json'), 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['tokensmith.json']);
    const imported = await tokensmith(['vault', 'import', out, '--data-dir', path.join(root, 'v1-import')], { env });
    expect(imported.stderr).toContain('4 secret(s) and 1 token(s)');
  });

  it('a ledger with one bad record: the command names it on stderr, and the rest (vault included) is used', async () => {
    const current = JSON.parse(await readFile(path.join(appDir, 'ledger.json'), 'utf8')) as {
      entries: Record<string, unknown>[];
    };
    const bad = {
      id: 'bad',
      key: 'kaisa|x',
      profileId: 'kaisa',
      environment: 'x',
      clientId: 'x',
      scope: '',
      obtainedAt: 'first',
      revoked: false,
    };
    const dir = await folderWith(
      'one-bad',
      JSON.stringify({ ...current, entries: [...current.entries, bad] }),
      'ledger.json',
    );
    await writeFile(path.join(dir, 'vault.json'), await readFile(path.join(appDir, 'vault.json')));
    const out = path.join(root, 'one-bad.tsvault');
    const result = await tokensmith(['vault', 'export', '--out', out, '--data-dir', dir], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `tokensmith: Tokensmith set aside 1 damaged record(s) of ${path.join(dir, 'ledger.json')}: token bad (sealed: `,
    );
    expect(result.stderr).toContain(`Wrote the encrypted vault to ${out}.`);
  });
});

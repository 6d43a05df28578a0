import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VaultEntry } from '../../src/shared/domain/vault-inventory.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { tokensmith } from '../support/cli.ts';
import { workspaceOnDisk } from '../support/workspace.ts';

const ENV = { TOKENSMITH_VAULT_PASSPHRASE: 'correct horse battery staple' };
/** What the imported command carries: a secret the server no longer takes (it was rotated there). */
const OLD_SECRET = 'the old client secret from the docs';
const NEW_SECRET = KAISA_CLIENT.clientSecret;

let root: string;
let sim: KaisaSimulator;

beforeAll(async () => {
  [root, sim] = await Promise.all([
    mkdtemp(path.join(tmpdir(), 'tokensmith-cli-vault-secrets-')),
    startKaisaSimulator(),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.close(), rm(root, { recursive: true, force: true })]);
});

const sentSecret = (index: number) =>
  new URLSearchParams(sim.requests.at(index)?.body.toString() ?? '').get('client_secret');

describe('tokensmith vault list, set, rm and prune', () => {
  it('lists an imported secret without its value, replaces it from stdin, removes it, prunes leftovers', async () => {
    const dataDir = path.join(root, 'app');
    const file = path.join(root, 'token.sh');
    await writeFile(
      file,
      `curl -X POST ${sim.tokenUrl} -d grant_type=client_credentials -d client_id=${KAISA_CLIENT.clientId} --data-urlencode 'client_secret=${OLD_SECRET}'\n`,
    );
    const imported = await tokensmith(['import', file, '--data-dir', dataDir], { env: ENV });
    expect(imported.code, imported.stderr).toBe(0);

    const listed = await tokensmith(['vault', 'list', '--json', '--data-dir', dataDir]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(OLD_SECRET);
    const entries = JSON.parse(listed.stdout) as VaultEntry[];
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      field: 'clientSecret',
      kind: 'client-secret',
      protection: 'passphrase',
      leftover: false,
    });
    expect(entry!.owner.kind).toBe('request');
    const name = entry!.owner.name;
    const text = await tokensmith(['vault', 'list', '--data-dir', dataDir]);
    expect(text.stdout).toContain(`${name} › Client secret · Client secret · sealed by passphrase · not sent yet`);

    const refused = await tokensmith(['grant', '--saved', name, '--data-dir', dataDir], { env: ENV });
    expect(refused.code).toBe(1);
    expect(sentSecret(-1)).toBe(OLD_SECRET);

    const set = await tokensmith(['vault', 'set', name, 'clientSecret', '--data-dir', dataDir], {
      env: ENV,
      stdin: `${NEW_SECRET}\n`,
    });
    expect(set, set.stderr).toMatchObject({ code: 0, stdout: '' });
    expect(set.stderr).toBe(`Set the Client secret of "${name}" in the vault.\n`);
    const storeFile = path.join(dataDir, 'vault.json');
    expect(await readFile(storeFile, 'utf8')).not.toContain(NEW_SECRET);

    const granted = await tokensmith(['grant', '--saved', name, '--json', '--data-dir', dataDir], { env: ENV });
    expect(granted.code, granted.stderr).toBe(0);
    expect(sentSecret(-1)).toBe(NEW_SECRET);

    const sealed = Object.values(
      (JSON.parse(await readFile(storeFile, 'utf8')) as { secrets: Record<string, string> }).secrets,
    );
    expect(sealed).toHaveLength(1);
    const removed = await tokensmith(['vault', 'rm', name, 'Client secret', '--data-dir', dataDir], { env: ENV });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toBe(`Removed the Client secret of "${name}" (${entry!.ref}) from the vault.\n`);
    expect((await readFile(storeFile)).includes(Buffer.from(sealed[0]!))).toBe(false);

    const before = sim.requests.length;
    const unset = await tokensmith(['grant', '--saved', name, '--data-dir', dataDir], { env: ENV });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain(`The Client secret of "${name}" is not set in the vault.`);
    expect(unset.stderr).toContain(`tokensmith vault set "${name}" clientSecret`);
    expect(sim.requests.length).toBe(before);
    const again = await tokensmith(['vault', 'rm', name, 'clientSecret', '--data-dir', dataDir], { env: ENV });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not in the vault');

    // The request goes from the workspace (a git pull, say): its secret, set again, is a leftover.
    await tokensmith(['vault', 'set', name, 'clientSecret', '--data-dir', dataDir], { env: ENV, stdin: NEW_SECRET });
    const workspace = workspaceOnDisk(dataDir);
    const files = (await readdir(workspace.dir, { recursive: true, withFileTypes: true })).filter((dirent) =>
      dirent.isFile(),
    );
    const requestFile = [];
    for (const dirent of files) {
      const at = path.join(dirent.parentPath, dirent.name);
      if ((await readFile(at, 'utf8')).includes(entry!.owner.id)) requestFile.push(at);
    }
    expect(requestFile).toHaveLength(1);
    await unlink(requestFile[0]!);
    const leftover = JSON.parse(
      (await tokensmith(['vault', 'list', '--json', '--data-dir', dataDir])).stdout,
    ) as VaultEntry[];
    expect(leftover.map((candidate) => [candidate.ref, candidate.leftover])).toEqual([[entry!.ref, true]]);
    const pruned = await tokensmith(['vault', 'prune', '--data-dir', dataDir], { env: ENV });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stderr).toBe(`Removed 1 leftover secret(s) from the vault:\n  ${entry!.ref} (Client secret)\n`);
    expect(JSON.parse((await tokensmith(['vault', 'list', '--json', '--data-dir', dataDir])).stdout)).toEqual([]);
    // A dozen runs of the command, each opening the vault with the real Argon2id cost.
  }, 180_000);

  it('never takes the value from the command line', async () => {
    const result = await tokensmith(['vault', 'set', 'any', '--data-dir', path.join(root, 'empty')], { env: ENV });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('vault set needs the REQUEST (name or id) and the FIELD.');
  });
});

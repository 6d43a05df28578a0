import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { start, tokensmith } from '../../support/cli.ts';
import { oauthCollection } from '../../support/postman-collection.ts';
import { workspaceOnDisk } from '../../support/workspace.ts';
import { filesUnder, findCanaries } from '../vault/canary-scan.ts';

/**
 * A workspace a team keeps in git, from the command line: an import writes one file per request
 * and no secret; `grant --saved` runs one of them and writes nothing into the folder.
 */

const PASSPHRASE = 'workspace cli passphrase';
const ENV = { TOKENSMITH_VAULT_PASSPHRASE: PASSPHRASE };
let root: string;
let kaisa: KaisaSimulator;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'tokensmith-workspace-cli-'));
  kaisa = await startKaisaSimulator();
});
afterAll(async () => {
  await kaisa.close();
  rmSync(root, { recursive: true, force: true });
});

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
}

describe('tokensmith with --workspace DIR', () => {
  it('imports a Postman collection as one file per request, with no secret anywhere in the folder', async () => {
    const dataDir = path.join(root, 'data-import');
    const dir = path.join(root, 'team-workspace');
    const file = path.join(root, 'team.postman_collection.json');
    const secrets = Object.fromEntries(
      Array.from({ length: 4 }, (_, index) => [`secret ${index}`, `team-secret-${index}-5f0c2b7e9a41`]),
    );
    writeFileSync(
      file,
      oauthCollection({
        name: 'Team',
        count: 4,
        secret: (index) => secrets[`secret ${index}`]!,
        clientAuthentication: 'body',
      }),
    );
    const result = await tokensmith(['import', file, '--workspace', dir, '--data-dir', dataDir], { env: ENV });
    expect(result.code, result.stderr).toBe(0);

    const requestFiles = readdirSync(path.join(dir, 'requests')).filter((name) => name !== '_order.yaml');
    expect(requestFiles.sort()).toEqual([
      'team-0-token.yaml',
      'team-1-token.yaml',
      'team-2-token.yaml',
      'team-3-token.yaml',
    ]);
    const text = readFileSync(path.join(dir, 'requests', 'team-0-token.yaml'), 'utf8');
    expect(text).toContain('secrets:\n  - clientSecret\n');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|\/tmp\/|tokensmith-workspace-cli/);
    // Not a secret in any encoding, in any file under the folder.
    const contents = filesUnder(dir).map((name) => ({ name, bytes: readFileSync(name) }));
    expect(findCanaries(contents, secrets)).toEqual([]);
    expect(
      workspaceOnDisk(dir)
        .requests.map((request) => request.name)
        .sort(),
    ).toEqual(['Team 0 token', 'Team 1 token', 'Team 2 token', 'Team 3 token']);
  });

  it('grant --saved NAME runs a saved request of the workspace against the provider, and leaves git status clean', async () => {
    const dataDir = path.join(root, 'data-grant');
    const dir = path.join(root, 'grant-workspace');
    const file = path.join(root, 'kaisa.postman_collection.json');
    writeFileSync(
      file,
      oauthCollection({
        name: 'Kaisa',
        tokenUrl: kaisa.tokenUrl,
        count: 1,
        clientId: () => KAISA_CLIENT.clientId,
        secret: () => KAISA_CLIENT.clientSecret,
        clientAuthentication: 'body',
      }),
    );
    expect((await tokensmith(['import', file, '--workspace', dir, '--data-dir', dataDir], { env: ENV })).code).toBe(0);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'the team workspace');

    const before = kaisa.requests.length;
    const grant = await tokensmith(
      ['grant', '--saved', 'Kaisa 0 token', '--workspace', dir, '--data-dir', dataDir, '--json'],
      { env: ENV },
    );
    expect(grant.code, grant.stderr).toBe(0);
    expect(JSON.parse(grant.stdout)).toMatchObject({ tokenType: 'Bearer' });
    expect(kaisa.requests.length).toBe(before + 1);
    expect(git(dir, 'status', '--porcelain')).toBe('');

    // A teammate's clone has the request but not its secret: the grant says which field to set.
    const clone = path.join(root, 'teammate');
    git(root, 'clone', '-q', dir, clone);
    const teammate = await tokensmith(
      ['grant', '--saved', 'Kaisa 0 token', '--workspace', clone, '--data-dir', path.join(root, 'data-teammate')],
      { env: ENV },
    );
    expect(teammate.code).toBe(1);
    expect(teammate.stderr).toMatch(/Client secret/);
    expect(kaisa.requests.length).toBe(before + 1);
  });

  it('two imports into one workspace at once: both are there', async () => {
    const dataDir = path.join(root, 'data-parallel');
    const dir = path.join(root, 'parallel-workspace');
    const files = ['A', 'B'].map((tag) => {
      const file = path.join(root, `${tag}.postman_collection.json`);
      writeFileSync(file, oauthCollection({ name: tag, count: 10, clientAuthentication: 'body' }));
      return file;
    });
    // The first import makes the vault; then the two run at once.
    expect(
      (await tokensmith(['import', files[0]!, '--workspace', dir, '--data-dir', dataDir], { env: ENV })).code,
    ).toBe(0);
    rmSync(dir, { recursive: true, force: true });
    const runs = files.map((file) =>
      start(process.execPath, ['bin/tokensmith.js', 'import', file, '--workspace', dir, '--data-dir', dataDir], {
        env: ENV,
      }),
    );
    for (const result of await Promise.all(runs.map((run) => run.done))) expect(result.code, result.stderr).toBe(0);
    const names = workspaceOnDisk(dir).requests.map((request) => request.name);
    expect(names.filter((name) => name.startsWith('A ')).length).toBe(10);
    expect(names.filter((name) => name.startsWith('B ')).length).toBe(10);
  });
});

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokensmith, type CliResult } from '../support/cli.ts';

/**
 * Files the user names on the command line (--from, import, vault import, --out, --data-dir) that
 * are missing, folders, or in the wrong place: one line saying which file and what to do, never
 * "unexpected error: EISDIR".
 */

let dir: string;
let folder: string;
let plainFile: string;
const ENV = { TOKENSMITH_PASSPHRASE: 'export-passphrase-1', TOKENSMITH_VAULT_PASSPHRASE: 'vault-passphrase-1' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokensmith-file-errors-'));
  folder = join(dir, 'a-folder');
  plainFile = join(dir, 'a-file');
  await mkdir(folder);
  await writeFile(plainFile, 'not a folder');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Exit 1, nothing on stdout, one `tokensmith: …` line with no errno code. */
function failureLine(result: CliResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line).toMatch(/^tokensmith: /);
  expect(line).not.toMatch(/unexpected error|EISDIR|ENOENT|ENOTDIR|EACCES/);
  return line;
}

describe.concurrent('files named on the command line', () => {
  it('grant --from a file that does not exist', async () => {
    const missing = join(dir, 'missing.tokensmith');
    const line = failureLine(await tokensmith(['grant', '--from', missing, '--saved', 'x'], { env: ENV }));
    expect(line).toContain(`Cannot read ${missing}: there is no such file.`);
    expect(line).toMatch(/— Give the file .*vault export/);
  });

  it('grant --from a folder', async () => {
    const line = failureLine(await tokensmith(['grant', '--from', folder, '--saved', 'x'], { env: ENV }));
    expect(line).toContain(`Cannot read ${folder}: it is a folder.`);
  });

  it('vault import of a folder', async () => {
    const line = failureLine(await tokensmith(['vault', 'import', folder, '--data-dir', dir], { env: ENV }));
    expect(line).toContain(`Cannot read ${folder}: it is a folder.`);
  });

  it('vault export --out a folder', async () => {
    const line = failureLine(
      await tokensmith(['vault', 'export', '--without-secrets', '--out', folder, '--data-dir', join(dir, 'data1')]),
    );
    expect(line).toContain(`Cannot write ${folder}: it is a folder.`);
    expect(line).toMatch(/— Give --out a file name/);
  });

  it('vault export --out in a folder that does not exist', async () => {
    const out = join(dir, 'no-such-folder', 'export.tokensmith');
    const line = failureLine(
      await tokensmith(['vault', 'export', '--without-secrets', '--out', out, '--data-dir', join(dir, 'data2')]),
    );
    expect(line).toContain(`Cannot write ${out}: its folder does not exist.`);
  });

  it('--data-dir that is a file', async () => {
    const line = failureLine(
      await tokensmith(['vault', 'export', '--without-secrets', '--out', join(dir, 'o'), '--data-dir', plainFile]),
    );
    expect(line).toContain(`The data folder ${plainFile} cannot be used:`);
    expect(line).toMatch(/— Check --data-dir \(or TOKENSMITH_DATA_DIR\)/);
  });
});

/**
 * `npm start` without Electron's binary: one line that says how to get it, no stack trace. The
 * script runs from a copy in a temporary project, so this machine's own Electron (present or not)
 * plays no part and nothing is downloaded.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/security/sources.ts';

let project: string;

beforeEach(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'tokensmith-start-'));
  await mkdir(path.join(project, 'scripts'));
  await copyFile(path.join(ROOT, 'scripts/start.ts'), path.join(project, 'scripts/start.ts'));
});
afterEach(() => rm(project, { recursive: true, force: true }));

function start(): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  const result = spawnSync(process.execPath, [path.join(project, 'scripts/start.ts')], {
    cwd: project,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm start without the Electron binary', () => {
  it('says in one line how to get it when the download fails', async () => {
    const electron = path.join(project, 'node_modules', 'electron');
    await mkdir(electron, { recursive: true });
    // Electron's installer, failing the way it does offline.
    await writeFile(
      path.join(electron, 'install.js'),
      "console.error('RequestError: getaddrinfo ENOTFOUND');\nprocess.exit(1);\n",
    );
    const { status, stdout, stderr } = start();
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Tokensmith: the Electron binary is missing .*npx install-electron/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says in one line to install first when Electron is not installed at all', () => {
    const { status, stderr } = start();
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('Tokensmith: Electron is not installed; run `npm install` first.');
  });
});

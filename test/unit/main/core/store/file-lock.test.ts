import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../../src/main/core/store/atomic-file.ts';
import { withFileLock } from '../../../../../src/main/core/store/file-lock.ts';

const HOLDER = path.resolve(import.meta.dirname, '../../../../fixtures/store/hold-lock.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-lock-'));
  dirs.push(dir);
  return dir;
}

/** Another process that takes the lock and holds it; resolves once it holds it. */
async function holder(target: string, what: string, ms?: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLDER, target, what, ...(ms === undefined ? [] : [String(ms)])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', () => reject(new Error('the holder exited before it held the lock')));
  });
  return child;
}

describe('the inter-process lock', () => {
  it('runs the work holding the lock, and leaves nothing behind', () => {
    const target = path.join(tempDir(), 'vault.json');
    expect(withFileLock(target, { what: 'a test' }, () => existsSync(`${target}.lock`))).toBe(true);
    expect(existsSync(`${target}.lock`)).toBe(false);
    expect(() =>
      withFileLock(target, { what: 'a test' }, () => {
        throw new Error('failed inside');
      }),
    ).toThrow('failed inside');
    expect(existsSync(`${target}.lock`)).toBe(false);
  });

  it('waits for another process that holds it, then runs', async () => {
    const target = path.join(tempDir(), 'ledger.json');
    await holder(target, 'tokensmith import', 700);
    const started = Date.now();
    const ran = withFileLock(target, { what: 'a test', waitMs: 10_000 }, () => Date.now());
    expect(ran - started).toBeGreaterThan(0);
    expect(existsSync(`${target}.lock`)).toBe(false);
  });

  it('a live holder is waited for only so long; the error names it', async () => {
    const target = path.join(tempDir(), 'vault.json');
    const child = await holder(target, 'tokensmith import');
    expect(() => withFileLock(target, { what: 'a test', waitMs: 300 }, () => 'never')).toThrow(
      expect.objectContaining({
        code: 'STORE_BUSY',
        message: expect.stringContaining(
          `vault.json is being written by tokensmith import (process ${child.pid}`,
        ) as string,
      }),
    );
  });

  it('a lock left by a process killed with SIGKILL is taken over at once', async () => {
    const target = path.join(tempDir(), 'vault.json');
    const child = await holder(target, 'a process about to die');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(`${target}.lock`)).toBe(true);
    expect(withFileLock(target, { what: 'a test', waitMs: 200 }, () => 'ran')).toBe('ran');
  });
});

describe('the atomic write', () => {
  it('replaces the file whole, owner-only, and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'request.yaml');
    writeFileAtomic(file, 'old\n');
    writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['request.yaml']);
  });
});

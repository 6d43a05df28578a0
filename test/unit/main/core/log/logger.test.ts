import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../../src/main/core/log/logger.ts';
import { createRotatingFile } from '../../../../../src/main/core/log/rotating-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokensmith-log-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const lines = async (file: string): Promise<Record<string, unknown>[]> =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('createLogger', () => {
  it('writes one JSON record a line with time, level and message first', async () => {
    const sink = createRotatingFile({ dir: path.join(dir, 'logs') });
    const logger = createLogger({ sink, now: () => new Date('2025-05-06T07:08:09Z') });
    logger.info('app started', { version: '0.1.0' });
    logger.error('ipc failed', { channel: 'grant:run', level: 'forged', msg: 'forged' });
    const records = await lines(sink.path);
    expect(records).toEqual([
      { time: '2025-05-06T07:08:09.000Z', level: 'info', msg: 'app started', version: '0.1.0' },
      { time: '2025-05-06T07:08:09.000Z', level: 'error', msg: 'ipc failed', channel: 'grant:run' },
    ]);
    expect(Object.keys(records[0]!)).toEqual(['time', 'level', 'msg', 'version']);
  });

  it('drops records below its level', async () => {
    const sink = createRotatingFile({ dir });
    const logger = createLogger({ sink, level: 'warn' });
    logger.debug('noise');
    logger.info('noise');
    logger.warn('kept');
    expect((await lines(sink.path)).map((record) => record.msg)).toEqual(['kept']);
  });

  it('creates the folder and file for the owner only', async () => {
    const logs = path.join(dir, 'user-data', 'logs');
    const sink = createRotatingFile({ dir: logs });
    createLogger({ sink }).info('hello');
    expect((await stat(logs)).mode & 0o777).toBe(0o700);
    expect((await stat(sink.path)).mode & 0o777).toBe(0o600);
  });

  it('never writes a credential: a canary in every shape is absent from the file', async () => {
    const canary = 'CANARY-7c1e0f9a2b';
    const sink = createRotatingFile({ dir });
    const logger = createLogger({ sink, level: 'debug' });
    logger.debug(`GET https://user:${canary}@api.example/v1?access_token=${canary}`);
    logger.info('token response', { body: { access_token: canary, refresh_token: canary, expires_in: 300 } });
    logger.warn('request', {
      headers: [
        ['Authorization', `Bearer ${canary}`],
        ['Cookie', `sid=${canary}`],
      ],
      form: `client_id=app&client_secret=${canary}&code_verifier=${canary}`,
    });
    logger.error('unexpected', { error: new Error(`failed with password=${canary}`) });
    logger.info(`header Authorization: Basic ${Buffer.from(`id:${canary}`).toString('base64')}`);
    const text = await readFile(sink.path, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    expect(text).not.toContain(canary);
    expect(text).not.toContain(Buffer.from(`id:${canary}`).toString('base64'));
  });
});

describe('createRotatingFile', () => {
  it('rotates by size and keeps only the newest files', async () => {
    const sink = createRotatingFile({ dir, name: 'main.log', maxBytes: 100, keep: 3 });
    for (let index = 0; index < 12; index++) sink.write(`line ${String(index).padStart(2, '0')} ${'x'.repeat(30)}`);
    expect((await readdir(dir)).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const name of ['main.log', 'main.log.1', 'main.log.2']) {
      expect((await stat(path.join(dir, name))).size).toBeLessThanOrEqual(100);
    }
    const current = await readFile(path.join(dir, 'main.log'), 'utf8');
    const previous = await readFile(path.join(dir, 'main.log.1'), 'utf8');
    const oldest = await readFile(path.join(dir, 'main.log.2'), 'utf8');
    expect(current).toMatch(/line 11/);
    expect(previous).toMatch(/line 0[89]/);
    expect(oldest).toMatch(/line 0[67]/);
    expect(`${oldest}${previous}${current}`).not.toMatch(/line 0[0-5]/);
  });

  it('counts a file left by an earlier run', async () => {
    await writeFile(path.join(dir, 'main.log'), `${'y'.repeat(90)}\n`);
    const sink = createRotatingFile({ dir, maxBytes: 100, keep: 2 });
    sink.write('after restart');
    expect(await readFile(path.join(dir, 'main.log'), 'utf8')).toBe('after restart\n');
    expect(await readFile(path.join(dir, 'main.log.1'), 'utf8')).toMatch(/^y+\n$/);
  });

  it('keeps a line longer than the limit whole, in a file of its own', async () => {
    const sink = createRotatingFile({ dir, maxBytes: 10, keep: 2 });
    sink.write('short');
    sink.write('a line longer than ten bytes');
    expect(await readFile(path.join(dir, 'main.log'), 'utf8')).toBe('a line longer than ten bytes\n');
  });

  it('does not throw when the folder cannot be made', async () => {
    // A folder "inside" a regular file: mkdir fails with ENOTDIR.
    await writeFile(path.join(dir, 'not-a-folder'), '');
    const sink = createRotatingFile({ dir: path.join(dir, 'not-a-folder', 'logs') });
    expect(() => sink.write('lost')).not.toThrow();
    expect(() => sink.write('lost again')).not.toThrow();
  });
});

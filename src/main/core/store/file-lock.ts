import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/domain/errors.ts';

/** Who holds a lock: enough to tell a person, and to tell whether that process is gone. */
export interface LockOwner {
  pid: number;
  host: string;
  /** What it is doing, in words: "tokensmith import", "Tokensmith (app)". */
  what: string;
  since: string;
}

export interface LockOptions {
  /** What this process is, for the message another process shows while it waits. */
  what: string;
  /** How long to wait for a lock another live process holds before giving up. */
  waitMs?: number;
  /** A lock older than this whose owner cannot be checked (another host) is taken over. */
  staleMs?: number;
}

const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_STALE_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps the thread: a lock is held for milliseconds, and the writes it guards are synchronous. */
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function readOwner(dir: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'owner.json'), 'utf8')) as LockOwner;
  } catch {
    // Taken a moment ago and not yet written, or gone: no owner to name.
    return undefined;
  }
}

/** A lock whose owner is gone: killed on this machine, or silent for longer than `staleMs`. */
function isStale(dir: string, staleMs: number): boolean {
  const owner = readOwner(dir);
  if (owner && owner.host === hostname()) return !isAlive(owner.pid);
  try {
    return Date.now() - statSync(dir).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

/**
 * Runs `work` holding an inter-process lock: a directory `<target>.lock` (mkdir is atomic on every
 * file system we run on) with an owner file naming the process. A lock left by a killed process is
 * taken over at once when it was on this machine, after `staleMs` otherwise. A live holder is
 * waited for up to `waitMs`, then the wait ends with an error naming it: never forever.
 */
export function withFileLock<T>(target: string, options: LockOptions, work: () => T): T {
  const dir = `${target}.lock`;
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + waitMs;
  let delay = 2;
  mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    if (isStale(dir, staleMs)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = readOwner(dir);
      const who = owner
        ? `${owner.what} (process ${owner.pid} on ${owner.host}, since ${owner.since})`
        : 'another process';
      throw new AppError(
        'STORE_BUSY',
        `${path.basename(target)} is being written by ${who}; waited ${Math.round(waitMs / 1000)} s.`,
        {
          hint: `Try again when it is done. If no such process runs any more, remove ${dir}.`,
        },
      );
    }
    pause(delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      what: options.what,
      since: new Date().toISOString(),
    };
    writeFileSync(path.join(dir, 'owner.json'), JSON.stringify(owner));
    return work();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

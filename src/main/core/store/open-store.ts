import { closeSync, fstatSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../../shared/domain/errors.ts';
import { storeNoticeText, type StoreNotice } from '../../../shared/domain/store-notice.ts';
import { withFileLock } from './file-lock.ts';
import { assignInPlace, mergeChanges } from './merge.ts';

/** The part of electron-store (and its engine, conf) the core uses: the whole document, read and written. */
export interface StoreFile<T> {
  readonly path: string;
  store: T;
}

/** electron-store in the app, conf in Node (CLI, tests): both take these options. */
export interface StoreFileOptions {
  cwd: string;
  configName: string;
  /** Owner read and write only: the file holds sealed secrets and what they are for. */
  configFileMode: number;
  /** Never let the library clear a file it cannot read: we move it aside ourselves. */
  clearInvalidConfig: false;
}

export type StoreFileFactory = (options: StoreFileOptions) => StoreFile<unknown>;

export interface Migration {
  /** Migrates a document of schema version `from` to `from + 1`. */
  from: number;
  migrate(data: Record<string, unknown>): Record<string, unknown>;
}

/** A record that broke the schema, kept aside with what was wrong with it. */
export interface SetAsideRecord {
  /** Names the record for a person: `saved request "Kaisa prod"`. */
  label: string;
  reason: string;
  record: unknown;
}

/**
 * Keeps what still fits of a document that breaks the schema: the good records, and the bad ones
 * apart. Undefined when the damage is not in records that can be dropped one by one.
 */
export type Salvager = (document: Record<string, unknown>) => { data: unknown; setAside: SetAsideRecord[] } | undefined;

export interface OpenedStore<T> {
  readonly path: string;
  data: T;
  /**
   * Checks the document against the schema, then writes it atomically (a temporary file renamed
   * over the old one). A document that does not fit is never written: STORE_INVALID, and the file
   * keeps what it had. A store opened read-only refuses with STORE_READ_ONLY.
   */
  save(next: T): void;
  /**
   * Takes in what another process wrote since this one last read or wrote the file, if anything;
   * answers whether there was something. The objects in `data` are updated in place.
   */
  refresh(): boolean;
  notice?: StoreNotice;
}

type Reading =
  | { kind: 'read'; data: unknown; migrated: boolean }
  | { kind: 'salvaged'; data: unknown; setAside: SetAsideRecord[] }
  | { kind: 'newer'; version: number }
  | { kind: 'unreadable'; problem: string };

/** One zod issue in words: where, and what is wrong. */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'too_big') {
    const limit = String(issue.maximum);
    if (issue.origin === 'string') return `${where}longer than ${limit} characters`;
    if (issue.origin === 'array') return `${where}more than ${limit} entries`;
  }
  return `${where}${issue.message}`;
}

function readDocument(
  text: string,
  options: { version: number; migrations: readonly Migration[]; schema: z.ZodType; salvage?: Salvager | undefined },
): Reading {
  if (text.trim() === '') return { kind: 'unreadable', problem: 'the file is empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', problem: 'the file is not valid JSON (it may have been cut short)' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { kind: 'unreadable', problem: 'the file is not a Tokensmith store' };
  let document = parsed as Record<string, unknown>;
  const found = document.schemaVersion;
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 1)
    return { kind: 'unreadable', problem: 'the file has no schema version' };
  if (found > options.version) return { kind: 'newer', version: found };
  for (let from = found; from < options.version; from++) {
    const migration = options.migrations.find((candidate) => candidate.from === from);
    if (!migration) return { kind: 'unreadable', problem: `there is no migration from schema version ${from}` };
    try {
      document = { ...migration.migrate(document), schemaVersion: from + 1 };
    } catch (error) {
      // An old file the migration cannot read is kept aside like any other unreadable file.
      return {
        kind: 'unreadable',
        problem: `the migration from schema version ${from} failed (${error instanceof Error ? error.message : String(error)})`,
      };
    }
  }
  const result = options.schema.safeParse(document);
  if (result.success) return { kind: 'read', data: result.data, migrated: found !== options.version };
  const salvaged = options.salvage?.(document);
  if (salvaged && options.schema.safeParse(salvaged.data).success) return { kind: 'salvaged', ...salvaged };
  return {
    kind: 'unreadable',
    problem: `the file does not match the store's schema (${describeIssue(result.error.issues[0])})`,
  };
}

/** What tells this process that another one wrote the file: an atomic write makes a new inode. */
function stampOf(stats: { ino: number; size: number; mtimeMs: number } | undefined): string {
  return stats ? `${stats.ino}:${stats.size}:${stats.mtimeMs}` : 'absent';
}

function fileStamp(file: string): string {
  try {
    return stampOf(statSync(file));
  } catch {
    return 'absent';
  }
}

/**
 * The file's text and the stamp of that very version (read through one descriptor, so a rename
 * over the path between the two cannot pair new text with an old stamp), or no text when there is
 * no file yet. Any other failure (a folder that is a file) is thrown.
 */
function readIfThere(file: string): { text: string | undefined; stamp: string } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      return { text: undefined, stamp: 'absent' };
    throw error;
  }
  try {
    const stamp = stampOf(fstatSync(fd));
    return { text: readFileSync(fd, 'utf8'), stamp };
  } finally {
    closeSync(fd);
  }
}

function timeStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Opens a JSON store file with our own schema versions and migrations (electron-store's are
 * documented as unsupported). Nothing is ever lost quietly:
 * - records that break the schema are kept aside in `<name>.json.set-aside-<time>.json` and the
 *   rest is read (with `salvage`), so one bad saved request never costs the vault;
 * - a file that cannot be read at all (empty, cut short, not JSON) is moved aside whole as
 *   `<name>.json.corrupt-<time>` and the store starts clean;
 * - a file of a newer schema version is left as it is and opened read-only;
 * and each of these comes with a notice. With `readOnly` (a command that only reads) nothing is
 * moved or written: an unreadable file is STORE_UNREADABLE, and set-aside records stay where they are.
 */
export function openJsonStore<T>(options: {
  dir: string;
  name: string;
  version: number;
  schema: z.ZodType<T>;
  empty: () => T;
  migrations?: readonly Migration[];
  salvage?: Salvager;
  readOnly?: boolean;
  /** Names this process to another one that waits for the file's lock: "tokensmith import". */
  owner?: string;
  createFile: StoreFileFactory;
  now?: () => Date;
}): OpenedStore<T> {
  const file = path.join(options.dir, `${options.name}.json`);
  const now = options.now ?? (() => new Date());
  let data: T | undefined;
  let mustWrite = false;
  let notice: StoreNotice | undefined;
  const { text, stamp: readStamp } = readIfThere(file);
  if (text !== undefined) {
    const reading = readDocument(text, {
      version: options.version,
      migrations: options.migrations ?? [],
      schema: options.schema,
      salvage: options.salvage,
    });
    switch (reading.kind) {
      case 'read':
        data = reading.data as T;
        mustWrite = reading.migrated;
        break;
      case 'salvaged': {
        data = reading.data as T;
        const records = reading.setAside.map(({ label, reason }) => ({ label, reason }));
        if (options.readOnly) {
          notice = { kind: 'set-aside', file, movedTo: file, records };
          break;
        }
        // The records are on disk apart before the store is written without them.
        const movedTo = `${file}.set-aside-${timeStamp(now())}.json`;
        const kept = { file, setAsideAt: now().toISOString(), records: reading.setAside };
        writeFileSync(movedTo, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600, flush: true });
        notice = { kind: 'set-aside', file, movedTo, records };
        mustWrite = true;
        break;
      }
      case 'newer':
        notice = { kind: 'newer', file, version: reading.version, supported: options.version };
        break;
      case 'unreadable': {
        if (options.readOnly)
          throw new AppError('STORE_UNREADABLE', `${file} cannot be read: ${reading.problem}. Nothing was changed.`, {
            hint: 'Open Tokensmith, or run `tokensmith import`, to keep the file aside and start clean; or restore it from a backup.',
          });
        const movedTo = `${file}.corrupt-${timeStamp(now())}`;
        renameSync(file, movedTo);
        notice = { kind: 'moved-aside', file, movedTo, reason: reading.problem };
        break;
      }
    }
  }
  const readOnly = options.readOnly === true || notice?.kind === 'newer';
  const backing = readOnly
    ? undefined
    : options.createFile({
        cwd: options.dir,
        configName: options.name,
        configFileMode: 0o600,
        clearInvalidConfig: false,
      });
  if (data === undefined) {
    data = options.empty();
    mustWrite = true;
  }
  const check = (document: unknown): T => {
    const checked = options.schema.safeParse(document);
    if (checked.success) return document as T;
    throw new AppError('STORE_INVALID', `Tokensmith did not save ${file}: ${describeIssue(checked.error.issues[0])}.`, {
      hint: 'Nothing was written; the file keeps what it had.',
    });
  };
  /** What is on disk now, when another process changed it since `synced`; undefined when it did not. */
  const theirs = (): { data: T; stamp: string } | undefined => {
    if (fileStamp(file) === synced.stamp) return undefined;
    const { text, stamp } = readIfThere(file);
    if (text === undefined) return undefined;
    const reading = readDocument(text, {
      version: options.version,
      migrations: options.migrations ?? [],
      schema: options.schema,
      salvage: options.salvage,
    });
    if (reading.kind === 'read' || reading.kind === 'salvaged') return { data: reading.data as T, stamp };
    throw new AppError(
      reading.kind === 'newer' ? 'STORE_READ_ONLY' : 'STORE_UNREADABLE',
      reading.kind === 'newer'
        ? `${file} was written meanwhile by a newer Tokensmith (v${reading.version}); update Tokensmith.`
        : `${file} was changed meanwhile and cannot be read: ${reading.problem}.`,
      { hint: 'Nothing was written; the file keeps what it had.' },
    );
  };
  /** The document as this process last read or wrote it: the base of a three-way merge. */
  let synced = { text: JSON.stringify(data), stamp: readStamp };
  const opened: OpenedStore<T> = {
    path: backing?.path ?? file,
    data,
    save: (next) => {
      if (!backing) {
        throw new AppError(
          'STORE_READ_ONLY',
          notice?.kind === 'newer' ? storeNoticeText(notice) : `${file} is open read-only here.`,
        );
      }
      check(next);
      withFileLock(file, { what: options.owner ?? 'Tokensmith' }, () => {
        // Another process may have written since: its changes are kept, and this one's applied on top.
        const onDisk = theirs();
        const document = onDisk === undefined ? next : check(mergeChanges(JSON.parse(synced.text), next, onDisk.data));
        backing.store = document;
        synced = { text: JSON.stringify(document), stamp: fileStamp(file) };
        if (document !== next) assignInPlace(next as Record<string, unknown>, document as Record<string, unknown>);
        opened.data = next;
      });
    },
    refresh: () => {
      const onDisk = theirs();
      if (onDisk === undefined) return false;
      const merged = mergeChanges(JSON.parse(synced.text), opened.data, onDisk.data);
      assignInPlace(opened.data as Record<string, unknown>, merged as Record<string, unknown>);
      synced = { text: JSON.stringify(onDisk.data), stamp: onDisk.stamp };
      return true;
    },
  };
  if (backing && mustWrite) opened.save(data);
  if (notice) opened.notice = notice;
  return opened;
}

import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

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

/** Tells the user that a store file could not be read and where it went. */
export interface CorruptionNotice {
  file: string;
  movedTo: string;
  reason: string;
}

export interface Migration {
  /** Migrates a document of schema version `from` to `from + 1`. */
  from: number;
  migrate(data: Record<string, unknown>): Record<string, unknown>;
}

export interface OpenedStore<T> {
  readonly path: string;
  data: T;
  /** Writes the document (atomically: a temporary file renamed over the old one). */
  save(next: T): void;
  notice?: CorruptionNotice;
}

function problemWith(
  text: string,
  version: number,
  migrations: readonly Migration[],
  schema: z.ZodType,
): { problem: string } | { data: unknown; migrated: boolean } {
  if (text.trim() === '') return { problem: 'the file is empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'the file is not valid JSON (it may have been cut short)' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: 'the file is not a Tokensmith store' };
  let document = parsed as Record<string, unknown>;
  const found = document.schemaVersion;
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 1)
    return { problem: 'the file has no schema version' };
  if (found > version)
    return {
      problem: `the file was written by a newer Tokensmith (schema version ${found}; this one reads up to ${version})`,
    };
  for (let from = found; from < version; from++) {
    const migration = migrations.find((candidate) => candidate.from === from);
    if (!migration) return { problem: `there is no migration from schema version ${from}` };
    try {
      document = { ...migration.migrate(document), schemaVersion: from + 1 };
    } catch (error) {
      // An old file the migration cannot read is kept aside like any other unreadable file.
      return {
        problem: `the migration from schema version ${from} failed (${error instanceof Error ? error.message : String(error)})`,
      };
    }
  }
  const result = schema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    return {
      problem: `the file does not match the store's schema (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`,
    };
  }
  return { data: result.data, migrated: found !== version };
}

/**
 * Opens a JSON store file with our own schema versions and migrations (electron-store's are
 * documented as unsupported). A file that is empty, cut short, not JSON, of a newer version or not
 * of the schema is never overwritten: it is moved aside as `<name>.corrupt-<timestamp>`, the store
 * starts clean, and the notice says where the old file is.
 */
export function openJsonStore<T>(options: {
  dir: string;
  name: string;
  version: number;
  schema: z.ZodType<T>;
  empty: () => T;
  migrations?: readonly Migration[];
  createFile: StoreFileFactory;
  now?: () => Date;
}): OpenedStore<T> {
  const file = path.join(options.dir, `${options.name}.json`);
  let data: T | undefined;
  let mustWrite = false;
  let notice: CorruptionNotice | undefined;
  if (existsSync(file)) {
    const outcome = problemWith(readFileSync(file, 'utf8'), options.version, options.migrations ?? [], options.schema);
    if ('problem' in outcome) {
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      const movedTo = `${file}.corrupt-${stamp}`;
      renameSync(file, movedTo);
      notice = { file, movedTo, reason: outcome.problem };
    } else {
      data = outcome.data as T;
      mustWrite = outcome.migrated;
    }
  }
  const backing = options.createFile({
    cwd: options.dir,
    configName: options.name,
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
  if (data === undefined) {
    data = options.empty();
    mustWrite = true;
  }
  if (mustWrite) backing.store = data;
  const opened: OpenedStore<T> = {
    path: backing.path,
    data,
    save: (next) => {
      opened.data = next;
      backing.store = next;
    },
  };
  if (notice) opened.notice = notice;
  return opened;
}

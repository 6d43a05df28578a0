import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/domain/errors.ts';
import type { StoreNotice } from '../../../shared/domain/store-notice.ts';
import { withFileLock } from './file-lock.ts';
import { keepFitting, LOCAL_FILES, salvageSettings, salvageVault, type LocalStores } from './local-stores.ts';
import { openJsonStore, type OpenedStore, type SetAsideRecord, type StoreFileFactory } from './open-store.ts';
import {
  defaultSettings,
  LEDGER_FILE_VERSION,
  SETTINGS_FILE_VERSION,
  SINGLE_FILE_VERSION,
  singleFileSchema,
  storedLedgerEntrySchema,
  VAULT_FILE_VERSION,
  type SingleFileData,
} from './store-schema.ts';

/** The file every Tokensmith before the split kept everything in. */
export const SINGLE_FILE = 'tokensmith';

/** Keeps what fits of a single-file store: the same record-by-record rules as the three files. */
function salvageSingleFile(
  document: Record<string, unknown>,
): { data: unknown; setAside: SetAsideRecord[] } | undefined {
  const vault = salvageVault(document.vault);
  if (!vault) return undefined;
  const setAside = [...vault.setAside];
  const ledger = keepFitting(document.ledger, storedLedgerEntrySchema, 'token', setAside);
  const settings = salvageSettings(document.settings);
  setAside.push(...settings.setAside);
  if (setAside.length === 0) return undefined;
  return {
    data: { schemaVersion: document.schemaVersion, vault: vault.data, ledger, settings: settings.data },
    setAside,
  };
}

function readSingleFile(options: {
  dataDir: string;
  createFile: StoreFileFactory;
  now?: (() => Date) | undefined;
}): OpenedStore<SingleFileData> {
  const { schemaVersion: _version, ...settings } = defaultSettings();
  return openJsonStore({
    dir: options.dataDir,
    name: SINGLE_FILE,
    version: SINGLE_FILE_VERSION,
    schema: singleFileSchema,
    empty: () => ({
      schemaVersion: SINGLE_FILE_VERSION,
      vault: { protection: null, secrets: {} },
      ledger: [],
      settings,
    }),
    salvage: salvageSingleFile,
    // The saved requests and environments of version 1 are in the workspace folder by now (storage.ts moved them).
    migrations: [{ from: 1, migrate: ({ savedRequests: _requests, environments: _environments, ...rest }) => rest }],
    // Only read here: the three new files are written, and the old one renamed, by the caller.
    readOnly: true,
    createFile: options.createFile,
    ...(options.now ? { now: options.now } : {}),
  });
}

function versionOf(file: string): number {
  try {
    const { schemaVersion } = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion?: unknown };
    return typeof schemaVersion === 'number' ? schemaVersion : 0;
  } catch {
    return 0;
  }
}

function sameJson(file: string, expected: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) === JSON.stringify(expected);
  } catch {
    return false;
  }
}

/**
 * Moves a single-file store (`tokensmith.json`, versions 1 and 2) into `vault.json`, `ledger.json`
 * and `settings.json`, written through the same electron-store (conf) files the app uses. The old
 * file is renamed to `tokensmith.json.v<N>` only once all three are written and read back; a crash
 * before that leaves it in place, and the next start moves it again (nothing else can have written
 * the new files: every process moves the old file first, under its lock). A file that cannot be
 * read at all is kept aside whole, as any store file; one of a newer Tokensmith is left alone.
 * Answers what to tell the user, if anything.
 */
export function migrateSingleFile(options: {
  dataDir: string;
  createFile: StoreFileFactory;
  owner: string;
  now?: () => Date;
}): StoreNotice | undefined {
  const file = path.join(options.dataDir, `${SINGLE_FILE}.json`);
  if (!existsSync(file)) return undefined;
  return withFileLock(file, { what: options.owner }, () => {
    if (!existsSync(file)) return undefined; // Another process moved it while this one waited.
    const version = versionOf(file);
    let old: OpenedStore<SingleFileData>;
    try {
      old = readSingleFile(options);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'STORE_UNREADABLE')) throw error;
      const movedTo = `${file}.corrupt-${(options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, movedTo);
      const reason = /cannot be read: (.*)\. Nothing was changed\./.exec(error.message)?.[1] ?? error.message;
      return { kind: 'moved-aside', file, movedTo, reason };
    }
    if (old.notice?.kind === 'newer') return old.notice;
    const kept = `${file}.v${version}`;
    const { vault, ledger, settings } = old.data;
    const written = {
      [LOCAL_FILES.ledger]: { schemaVersion: LEDGER_FILE_VERSION, entries: ledger },
      [LOCAL_FILES.settings]: { ...settings, schemaVersion: SETTINGS_FILE_VERSION },
      // The vault last: its file is what tells a later start that the move happened.
      [LOCAL_FILES.vault]: { ...vault, schemaVersion: VAULT_FILE_VERSION },
    };
    try {
      for (const [name, document] of Object.entries(written)) {
        const target = options.createFile({
          cwd: options.dataDir,
          configName: name,
          configFileMode: 0o600,
          clearInvalidConfig: false,
        });
        target.store = document;
        if (!sameJson(target.path, document)) throw new Error(`${name}.json did not read back as written`);
      }
      renameSync(file, kept);
    } catch (error) {
      throw new AppError(
        'STORE_UNREADABLE',
        `Tokensmith could not move ${file} into vault.json, ledger.json and settings.json (${error instanceof Error ? error.message : String(error)}); ${file} is left as it was.`,
        { hint: 'Check that the user-data folder can be written to, then start again.' },
      );
    }
    // Records set aside on reading stay in the kept file, which is where the notice sends the user.
    return old.notice?.kind === 'set-aside' ? { ...old.notice, movedTo: kept } : undefined;
  });
}

/**
 * A single-file store as a command that only reads sees it, before any process has moved it:
 * the three parts, in memory, refusing to be written.
 */
export function readSingleFileInPlace(options: {
  dataDir: string;
  createFile: StoreFileFactory;
}): { stores: LocalStores; notice?: StoreNotice } | undefined {
  const file = path.join(options.dataDir, `${SINGLE_FILE}.json`);
  if (!existsSync(file)) return undefined;
  const old = readSingleFile(options);
  const { vault, ledger, settings } = old.data;
  const frozen = <T>(name: string, data: T): OpenedStore<T> => ({
    path: file,
    data,
    save: () => {
      throw new AppError('STORE_READ_ONLY', `${name} is open read-only here: this command only reads.`);
    },
    refresh: () => false,
  });
  return {
    stores: {
      vault: frozen('The vault', { ...vault, schemaVersion: VAULT_FILE_VERSION }),
      ledger: frozen('The ledger', { schemaVersion: LEDGER_FILE_VERSION, entries: ledger }),
      settings: frozen('The settings', { ...settings, schemaVersion: SETTINGS_FILE_VERSION }),
    },
    ...(old.notice ? { notice: old.notice } : {}),
  };
}

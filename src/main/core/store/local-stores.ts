import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { StoreNotice } from '../../../shared/domain/store-notice.ts';
import {
  describeIssue,
  openJsonStore,
  type OpenedStore,
  type SetAsideRecord,
  type StoreFileFactory,
} from './open-store.ts';
import {
  defaultSettings,
  emptyLedger,
  emptyVault,
  LEDGER_FILE_VERSION,
  ledgerFileSchema,
  SETTINGS_FILE_VERSION,
  settingsFileSchema,
  settingsSchema,
  storedLedgerEntrySchema,
  VAULT_FILE_VERSION,
  vaultDataSchema,
  vaultFileSchema,
  type LedgerFile,
  type SettingsFile,
  type VaultFile,
} from './store-schema.ts';

/**
 * What stays on this machine, in the user-data folder, one file each: the vault (`vault.json`),
 * the token ledger (`ledger.json`) and the settings (`settings.json`). Each is written on its own,
 * under its own lock, so a grant writes the ledger and nothing else.
 */
export interface LocalStores {
  vault: OpenedStore<VaultFile>;
  ledger: OpenedStore<LedgerFile>;
  settings: OpenedStore<SettingsFile>;
}

/** The file names (without `.json`) in the user-data folder. */
export const LOCAL_FILES = { vault: 'vault', ledger: 'ledger', settings: 'settings' } as const;

function nameOf(record: unknown): string {
  if (typeof record !== 'object' || record === null) return '';
  const { name, id } = record as { name?: unknown; id?: unknown };
  return typeof name === 'string' ? ` "${name.slice(0, 80)}"` : typeof id === 'string' ? ` ${id.slice(0, 80)}` : '';
}

/** The records of a list that fit their schema; the others go to `setAside`. */
export function keepFitting(list: unknown, schema: z.ZodType, kind: string, setAside: SetAsideRecord[]): unknown[] {
  if (!Array.isArray(list)) {
    setAside.push({ label: `the ${kind} list`, reason: 'not a list', record: list });
    return [];
  }
  return list.filter((record) => {
    const result = schema.safeParse(record);
    if (!result.success)
      setAside.push({ label: `${kind}${nameOf(record)}`, reason: describeIssue(result.error.issues[0]), record });
    return result.success;
  });
}

/**
 * The vault with a sealed secret that breaks the schema set aside alone. Its protection data is
 * never guessed at: when that is damaged the vault is not salvaged (the whole file is kept aside).
 */
export function salvageVault(vault: unknown): { data: unknown; setAside: SetAsideRecord[] } | undefined {
  if (typeof vault !== 'object' || vault === null) return undefined;
  const setAside: SetAsideRecord[] = [];
  const { secrets, ...protection } = vault as Record<string, unknown>;
  const goodSecrets: Record<string, string> = {};
  if (typeof secrets === 'object' && secrets !== null && !Array.isArray(secrets)) {
    for (const [ref, sealed] of Object.entries(secrets)) {
      if (typeof sealed === 'string') goodSecrets[ref] = sealed;
      else setAside.push({ label: `secret ${ref.slice(0, 120)}`, reason: 'not a sealed value', record: sealed });
    }
  } else {
    setAside.push({ label: "the vault's secrets", reason: 'not a map of sealed values', record: secrets });
  }
  const checked = vaultDataSchema.safeParse({ ...protection, secrets: goodSecrets });
  if (!checked.success) return undefined;
  return { data: { ...protection, ...checked.data }, setAside };
}

/** Settings that break the schema fall back to the defaults, and are kept aside. */
export function salvageSettings(settings: unknown): { data: unknown; setAside: SetAsideRecord[] } {
  const checked = settingsSchema.safeParse(settings);
  if (checked.success) return { data: checked.data, setAside: [] };
  const { schemaVersion: _version, ...defaults } = defaultSettings();
  return {
    data: defaults,
    setAside: [{ label: 'the settings', reason: describeIssue(checked.error.issues[0]), record: settings }],
  };
}

const salvaged = (result: { data: unknown; setAside: SetAsideRecord[] } | undefined, version: number) =>
  result && result.setAside.length > 0
    ? { data: { ...(result.data as object), schemaVersion: version }, setAside: result.setAside }
    : undefined;

/** Whether one of the three files was written by a newer Tokensmith (it says so by its schema version). */
function anyNewer(dir: string): boolean {
  const supported = { vault: VAULT_FILE_VERSION, ledger: LEDGER_FILE_VERSION, settings: SETTINGS_FILE_VERSION };
  return Object.entries(LOCAL_FILES).some(([kind, name]) => {
    try {
      const { schemaVersion } = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as {
        schemaVersion?: unknown;
      };
      return Number.isInteger(schemaVersion) && (schemaVersion as number) > supported[kind as keyof typeof supported];
    } catch {
      return false; // Absent or unreadable: opening it says so.
    }
  });
}

/**
 * Opens the three files; with `readOnly` (a command that only reads) nothing is moved or written.
 * When one of them is of a newer Tokensmith all three are opened read-only: this one writes nothing
 * beside the newer data.
 */
export function openLocalStores(options: {
  dir: string;
  createFile: StoreFileFactory;
  readOnly?: boolean;
  /** Names this process to another that waits for a file's lock. */
  owner?: string;
  now?: () => Date;
}): LocalStores {
  const common = {
    dir: options.dir,
    createFile: options.createFile,
    ...(options.readOnly || anyNewer(options.dir) ? { readOnly: true } : {}),
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  return {
    vault: openJsonStore({
      ...common,
      name: LOCAL_FILES.vault,
      version: VAULT_FILE_VERSION,
      schema: vaultFileSchema,
      empty: emptyVault,
      salvage: (document) => salvaged(salvageVault(document), VAULT_FILE_VERSION),
    }),
    ledger: openJsonStore({
      ...common,
      name: LOCAL_FILES.ledger,
      version: LEDGER_FILE_VERSION,
      schema: ledgerFileSchema,
      empty: emptyLedger,
      salvage: (document) => {
        const setAside: SetAsideRecord[] = [];
        const entries = keepFitting(document.entries, storedLedgerEntrySchema, 'token', setAside);
        return setAside.length > 0 ? { data: { schemaVersion: LEDGER_FILE_VERSION, entries }, setAside } : undefined;
      },
    }),
    settings: openJsonStore({
      ...common,
      name: LOCAL_FILES.settings,
      version: SETTINGS_FILE_VERSION,
      schema: settingsFileSchema,
      empty: defaultSettings,
      salvage: ({ schemaVersion: _version, ...settings }) => salvaged(salvageSettings(settings), SETTINGS_FILE_VERSION),
    }),
  };
}

/** What happened to the files when they were opened (kept aside, set aside, newer), to tell the user. */
export function localStoreNotices(stores: LocalStores): StoreNotice[] {
  return [stores.vault.notice, stores.ledger.notice, stores.settings.notice].filter(
    (notice): notice is StoreNotice => notice !== undefined,
  );
}

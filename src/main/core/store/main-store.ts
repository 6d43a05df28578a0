import type { z } from 'zod';
import {
  describeIssue,
  openJsonStore,
  type OpenedStore,
  type SetAsideRecord,
  type StoreFileFactory,
} from './open-store.ts';
import {
  emptyStore,
  settingsSchema,
  STORE_VERSION,
  storeDataSchema,
  storedLedgerEntrySchema,
  vaultDataSchema,
  type StoreData,
} from './store-schema.ts';

function nameOf(record: unknown): string {
  if (typeof record !== 'object' || record === null) return '';
  const { name, id } = record as { name?: unknown; id?: unknown };
  return typeof name === 'string' ? ` "${name.slice(0, 80)}"` : typeof id === 'string' ? ` ${id.slice(0, 80)}` : '';
}

/** The records of a list that fit their schema; the others go to `setAside`. */
function keepFitting(list: unknown, schema: z.ZodType, kind: string, setAside: SetAsideRecord[]): unknown[] {
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
 * Keeps a store whose damage is in single records: a ledger entry or a sealed secret that breaks
 * the schema is set aside alone, and bad settings fall back
 * to the defaults. The vault's own protection data is never guessed at: when that is damaged the
 * store is not salvaged (and the whole file is kept aside instead).
 */
export function salvageMainStore(
  document: Record<string, unknown>,
): { data: unknown; setAside: SetAsideRecord[] } | undefined {
  const setAside: SetAsideRecord[] = [];
  const vault = document.vault;
  if (typeof vault !== 'object' || vault === null) return undefined;
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
  const checkedVault = vaultDataSchema.safeParse({ ...protection, secrets: goodSecrets });
  if (!checkedVault.success) return undefined;
  const settings = settingsSchema.safeParse(document.settings);
  if (!settings.success)
    setAside.push({
      label: 'the settings',
      reason: describeIssue(settings.error.issues[0]),
      record: document.settings,
    });
  const data = {
    schemaVersion: document.schemaVersion,
    vault: checkedVault.data,
    ledger: keepFitting(document.ledger, storedLedgerEntrySchema, 'token', setAside),
    settings: settings.success ? settings.data : emptyStore().settings,
  };
  return setAside.length > 0 ? { data, setAside } : undefined;
}

/** The app's main store, what stays on this machine: the vault, the ledger and the settings. */
export function openMainStore(options: {
  dir: string;
  createFile: StoreFileFactory;
  /** For commands that only read: nothing is moved aside or written (see openJsonStore). */
  readOnly?: boolean;
  /** Names this process to another that waits for the store's lock. */
  owner?: string;
  now?: () => Date;
}): OpenedStore<StoreData> {
  return openJsonStore({
    dir: options.dir,
    name: 'tokensmith',
    version: STORE_VERSION,
    schema: storeDataSchema,
    empty: emptyStore,
    salvage: salvageMainStore,
    migrations: [
      // The saved requests and environments are in the workspace folder by now (storage.ts moved them).
      { from: 1, migrate: ({ savedRequests: _requests, environments: _environments, ...rest }) => rest },
    ],
    createFile: options.createFile,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

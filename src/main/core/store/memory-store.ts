import type { LocalStores } from './local-stores.ts';
import type { OpenedStore } from './open-store.ts';
import { defaultSettings, emptyLedger, emptyVault } from './store-schema.ts';

function memoryStore<T>(data: T): OpenedStore<T> {
  const store: OpenedStore<T> = {
    path: ':memory:',
    data,
    save: (next) => {
      store.data = next;
    },
    refresh: () => false,
  };
  return store;
}

/** The vault, ledger and settings only in memory: the CLI's grant and tests that do not care about persistence. */
export function memoryStores(): LocalStores {
  return {
    vault: memoryStore(emptyVault()),
    ledger: memoryStore(emptyLedger()),
    settings: memoryStore(defaultSettings()),
  };
}

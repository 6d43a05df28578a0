import type { OpenedStore } from './open-store.ts';
import { emptyStore, type StoreData } from './store-schema.ts';

/** A store that lives only in memory: the CLI's grant and tests that do not care about persistence. */
export function memoryStore(): OpenedStore<StoreData> {
  const store: OpenedStore<StoreData> = {
    path: ':memory:',
    data: emptyStore(),
    save: (next) => {
      store.data = next;
    },
    refresh: () => false,
  };
  return store;
}

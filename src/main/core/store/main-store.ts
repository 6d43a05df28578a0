import { openJsonStore, type OpenedStore, type StoreFileFactory } from './open-store.ts';
import { emptyStore, STORE_VERSION, storeDataSchema, type StoreData } from './store-schema.ts';
import { defaultEnvironments } from '../workspace/default-environments.ts';

/** The app's main store: vault, saved requests, environments, ledger and settings. */
export function openMainStore(options: {
  dir: string;
  createFile: StoreFileFactory;
  now?: () => Date;
}): OpenedStore<StoreData> {
  return openJsonStore({
    dir: options.dir,
    name: 'tokensmith',
    version: STORE_VERSION,
    schema: storeDataSchema,
    empty: () => ({ ...emptyStore(), environments: defaultEnvironments() }),
    createFile: options.createFile,
    ...(options.now ? { now: options.now } : {}),
  });
}

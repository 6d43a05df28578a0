import { app } from 'electron';
import ElectronStore from 'electron-store';
import { History } from '../core/history/history.ts';
import { openMainStore } from '../core/store/main-store.ts';
import type { StoreFile, StoreFileOptions } from '../core/store/open-store.ts';

/** electron-store files in the user-data folder; the core checks and migrates what they hold. */
function createFile(options: StoreFileOptions): StoreFile<unknown> {
  return new ElectronStore<Record<string, unknown>>(options);
}

export function openStores() {
  const dir = app.getPath('userData');
  return { store: openMainStore({ dir, createFile }), history: new History({ dir, createFile }) };
}

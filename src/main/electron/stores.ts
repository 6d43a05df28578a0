import { app } from 'electron';
import ElectronStore from 'electron-store';
import { History } from '../core/history/history.ts';
import type { StoreFile, StoreFileOptions } from '../core/store/open-store.ts';
import { openStorage } from '../core/store/storage.ts';

/** electron-store files in the user-data folder; the core checks and migrates what they hold. */
function createFile(options: StoreFileOptions): StoreFile<unknown> {
  return new ElectronStore<Record<string, unknown>>(options);
}

/** The vault, ledger and settings, the workspace folder and the history of the app. */
export function openStores() {
  const dir = app.getPath('userData');
  const storage = openStorage({ dataDir: dir, createFile, owner: 'Tokensmith (app)' });
  return { ...storage, history: new History({ dir, createFile }) };
}

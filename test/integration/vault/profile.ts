import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoreOptions } from '../../../src/main/core/app-core.ts';
import { History } from '../../../src/main/core/history/history.ts';
import { createDispatch } from '../../../src/main/core/ipc/dispatch.ts';
import type { FileDialogs } from '../../../src/main/core/services.ts';
import { openStorage } from '../../../src/main/core/store/storage.ts';
import type { LedgerFile, SettingsFile, VaultFile } from '../../../src/main/core/store/store-schema.ts';
import type { Channel, ChannelInput, ChannelOutput } from '../../../src/shared/contract.ts';
import type { AppErrorData, Result } from '../../../src/shared/domain/errors.ts';
import { CHEAP_KDF, confFile } from '../../support/conf-store.ts';
import { workspaceOnDisk } from '../../support/workspace.ts';
import { startCore, TEST_ORIGIN } from '../../support/core.ts';

/** The app's file dialogs, answering with paths the test chose. */
export class FakeDialogs implements FileDialogs {
  /** Where a save goes; by default the suggested name inside `exportDir`. */
  savePath: string | undefined;
  openPath: string | undefined;
  readonly suggested: string[] = [];
  readonly exportDir: string;

  constructor(exportDir: string) {
    this.exportDir = exportDir;
  }

  chooseSavePath(defaultName: string): Promise<string | undefined> {
    this.suggested.push(defaultName);
    mkdirSync(this.exportDir, { recursive: true });
    return Promise.resolve(this.savePath ?? path.join(this.exportDir, defaultName));
  }

  chooseOpenPath(): Promise<string | undefined> {
    return Promise.resolve(this.openPath);
  }

  /** The folder a workspace dialog answers with. */
  folderPath: string | undefined;

  chooseFolder(): Promise<string | undefined> {
    return Promise.resolve(this.folderPath);
  }
}

const tempDirs: string[] = [];

/** A fresh, empty user-data folder, removed by removeTempDirs. */
export function newUserDataDir(prefix = 'tokensmith-profile-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const appFrame = { url: `${TEST_ORIGIN}/index.html`, isMainFrame: true, isAppWindow: true };

/**
 * One run of the app on a user-data folder, as src/main/electron/stores.ts builds it: the vault,
 * ledger, settings and history as conf files there, the given keychain, file dialogs into `<dir>/exports`.
 * `kdf: 'default'` keeps the real Argon2id cost for new passphrases.
 */
export async function startApp(
  dir: string,
  options: Omit<Partial<CoreOptions>, 'kdf'> & { kdf?: CoreOptions['kdf'] | 'default' } = {},
) {
  const { kdf = CHEAP_KDF, ...rest } = options;
  const { stores, workspace, notices } = openStorage({
    dataDir: dir,
    createFile: confFile,
    owner: 'Tokensmith (test app)',
  });
  const history = new History({ dir, createFile: confFile });
  const dialogs = new FakeDialogs(path.join(dir, 'exports'));
  const app = await startCore({
    stores,
    notices,
    workspace,
    history,
    dialogs,
    autoRenew: false,
    ...(kdf === 'default' ? {} : { kdf }),
    ...rest,
  });
  const dispatch = createDispatch({ handlers: app.core.handlers, appOrigin: TEST_ORIGIN });
  const files = {
    vault: path.join(dir, 'vault.json'),
    ledger: path.join(dir, 'ledger.json'),
    settings: path.join(dir, 'settings.json'),
  };
  const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
  const text = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

  /** Calls a channel as the renderer would and gives back the result, failures included. */
  async function attempt<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
    return (await dispatch(channel, input, appFrame)) as Result<ChannelOutput<C>>;
  }

  /** The error of a call that must fail. */
  async function refused<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<AppErrorData> {
    const result = await attempt(channel, input);
    if (result.ok) throw new Error(`${channel} succeeded where it should have failed`);
    return result.error;
  }

  return {
    ...app,
    dir,
    stores,
    workspace,
    history,
    dialogs,
    /** The vault, ledger and settings files in the user-data folder. */
    files,
    attempt,
    refused,
    /** The vault, ledger and settings as they are on disk now. */
    onDisk: () => ({
      vault: read(files.vault) as VaultFile,
      ledger: read(files.ledger) as LedgerFile,
      settings: read(files.settings) as SettingsFile,
    }),
    /** The vault, ledger and settings as this process holds them. */
    inMemory: () => ({ vault: stores.vault.data, ledger: stores.ledger.data, settings: stores.settings.data }),
    /** The three files' bytes, to check that something wrote nothing. */
    localBytes: (): string => Object.values(files).map(text).join('\n'),
    /** The workspace folder: the default one in the user-data folder. */
    workspaceDir: path.join(dir, 'workspace'),
    workspaceOnDisk: () => workspaceOnDisk(path.join(dir, 'workspace')),
  };
}

export type App = Awaited<ReturnType<typeof startApp>>;

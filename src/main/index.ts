import { fileURLToPath } from 'node:url';
import { app, clipboard, dialog, session, type BrowserWindow } from 'electron';
import { storeNoticeText } from '../shared/domain/store-notice.ts';
import { createCore, type Emit } from './core/app-core.ts';
import { createDispatch } from './core/ipc/dispatch.ts';
import { rendererSource } from './core/window/renderer-source.ts';
import { WindowStateFile } from './core/window/window-state.ts';
import { registerAppSchemePrivileges, serveRenderer } from './electron/app-protocol.ts';
import { electronConfirm } from './electron/confirm-dialog.ts';
import { electronDialogs } from './electron/file-dialogs.ts';
import { createMainLogger } from './electron/logging.ts';
import { createMenuActions } from './electron/menu-actions.ts';
import { installMenu } from './electron/menu.ts';
import { openExternal } from './electron/open-external.ts';
import { electronKeychain } from './electron/os-keychain.ts';
import { lockVaultOnSleep } from './electron/power-lock.ts';
import { openStores } from './electron/stores.ts';
import { denyPermissions, hardenAllWebContents } from './electron/web-contents.ts';
import { restoreWindowPlacement, trackWindowState } from './electron/window-state.ts';
import { createMainWindow, WINDOW_SIZES } from './electron/window.ts';
import { registerIpc } from './ipc.ts';

registerAppSchemePrivileges();
hardenAllWebContents();

const renderer = rendererSource({ isPackaged: app.isPackaged, env: process.env });
const { logger, file: logFile } = createMainLogger();
const windows = new Set<BrowserWindow>();

async function start(): Promise<void> {
  await app.whenReady();
  // Only now may safeStorage be asked whether there is a keychain (createCore → Vault.open), and
  // only now do screen and protocol.handle work.
  denyPermissions(session.defaultSession);
  if (!renderer.devServer) serveRenderer(fileURLToPath(new URL('../renderer', import.meta.url)));

  const { stores, workspace, notices, history } = openStores();
  for (const notice of [...notices, ...(history.notice ? [history.notice] : [])]) {
    logger.warn(storeNoticeText(notice));
  }
  let refreshMenu = (): void => undefined;
  const emit: Emit = (event, payload) => {
    for (const window of windows) window.webContents.send(event, payload);
    // The lock item follows the vault; Open Recent follows the workspaces opened.
    if (event === 'vault:changed' || event === 'workspace:changed') refreshMenu();
  };
  const core = await createCore({
    clipboard: {
      writeText: (text) => clipboard.writeText(text),
      readText: () => Promise.resolve(clipboard.readText()),
    },
    opener: openExternal,
    stores,
    notices,
    workspace,
    history,
    keychain: electronKeychain,
    dialogs: electronDialogs,
    confirm: electronConfirm,
    emit,
    // Built beside this file from src/main/core/interop/import-worker.ts.
    importWorker: new URL('./import-worker.js', import.meta.url),
    // A token `tokensmith token` gets in a terminal shows in the ledger view at once.
    watchLedger: true,
  });
  lockVaultOnSleep(core.vault);
  const { protection, description, keychainUsable, locked, message } = core.vault.state();
  logger.info('vault opened', { protection, description, keychainUsable, locked, message });
  registerIpc(
    createDispatch({
      handlers: core.handlers,
      appOrigin: renderer.appOrigin,
      onUnexpectedError: (channel, error) => logger.error('a call from the window failed', { channel, error }),
    }),
  );

  const actions = createMenuActions({ core, logger, logFile, emit });
  refreshMenu = () => {
    const vault = core.vault.state();
    installMenu({
      platform: process.platform,
      appName: app.getName(),
      canLock: vault.protection === 'passphrase' && !vault.locked,
      devTools: renderer.devTools,
      recentWorkspaces: core.workspaces.current().recent,
      actions,
    });
  };
  refreshMenu();

  const windowState = new WindowStateFile(app.getPath('userData'));
  const openWindow = (): void => {
    const window = createMainWindow({
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      url: renderer.url,
      appOrigin: renderer.appOrigin,
      devTools: renderer.devTools,
      placement: restoreWindowPlacement(windowState, WINDOW_SIZES),
      onBlocked: (what, url) => logger.warn(`blocked a ${what}`, { url }),
    });
    trackWindowState(window, windowState);
    windows.add(window);
    window.on('closed', () => windows.delete(window));
  };
  openWindow();
  app.on('activate', () => {
    if (windows.size === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    logger.info('quitting');
    void core.close();
  });
}

// One Tokensmith at a time: two processes writing the same store and vault would lose data.
if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    const [window] = windows;
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('render-process-gone', (_event, _contents, details) => {
    logger.error('the window’s renderer process ended', { reason: details.reason, exitCode: details.exitCode });
  });
  logger.info('starting', {
    version: app.getVersion(),
    electron: process.versions.electron,
    platform: process.platform,
  });
  start().catch((error: unknown) => {
    logger.error('start-up failed', { error });
    dialog.showErrorBox(
      'Tokensmith could not start',
      `${error instanceof Error ? error.message : String(error)}\n\nLog: ${logFile}`,
    );
    app.exit(1);
  });
} else {
  app.quit();
}

import { fileURLToPath } from 'node:url';
import { app, clipboard, session, type BrowserWindow } from 'electron';
import { createCore } from './core/app-core.ts';
import { createDispatch } from './core/ipc/dispatch.ts';
import { APP_ORIGIN, registerAppSchemePrivileges, serveRenderer } from './electron/app-protocol.ts';
import { electronDialogs } from './electron/file-dialogs.ts';
import { openExternal } from './electron/open-external.ts';
import { electronKeychain } from './electron/os-keychain.ts';
import { openStores } from './electron/stores.ts';
import { createMainWindow } from './electron/window.ts';
import { registerIpc } from './ipc.ts';

registerAppSchemePrivileges();

const devUrl = process.env.ELECTRON_RENDERER_URL;
const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (!devUrl) serveRenderer(fileURLToPath(new URL('../renderer', import.meta.url)));

  const windows = new Set<BrowserWindow>();
  const { store, history } = openStores();
  const core = await createCore({
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    opener: openExternal,
    store,
    history,
    keychain: electronKeychain,
    dialogs: electronDialogs,
    emit: (event, payload) => {
      for (const window of windows) window.webContents.send(event, payload);
    },
  });
  registerIpc(createDispatch({ handlers: core.handlers, appOrigin }));
  const openWindow = (): void => {
    const window = createMainWindow({
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      url: devUrl ?? `${APP_ORIGIN}/index.html`,
      appOrigin,
    });
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
  app.on('will-quit', () => void core.close());
}

void start();

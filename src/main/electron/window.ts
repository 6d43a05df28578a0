import { BrowserWindow, shell } from 'electron';
import { originOf } from '../core/ipc/dispatch.ts';
import { isSafeExternalUrl } from '../core/safe-url.ts';

export interface WindowOptions {
  preload: string;
  url: string;
  appOrigin: string;
}

/** The one place windows are made, with the security settings of the Electron checklist. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Tokensmith',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const blockForeign = (event: Electron.Event, url: string): void => {
    if (originOf(url) !== options.appOrigin) event.preventDefault();
  };
  window.webContents.on('will-navigate', blockForeign);
  window.webContents.on('will-redirect', blockForeign);
  void window.loadURL(options.url);
  return window;
}

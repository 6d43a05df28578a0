import { BrowserWindow } from 'electron';
import { originOf } from '../core/ipc/dispatch.ts';
import { openExternal } from './open-external.ts';

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
    // Links the user clicks (provider docs) open in the browser; the app never opens windows.
    openExternal(url).catch(() => undefined);
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

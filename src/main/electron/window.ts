import { BrowserWindow } from 'electron';
import { originOf } from '../core/ipc/dispatch.ts';
import type { WindowPlacement, WindowSizes } from '../core/window/window-state.ts';
import { openExternal } from './open-external.ts';

export const WINDOW_SIZES: WindowSizes = { width: 1280, height: 820, minWidth: 900, minHeight: 600 };

export interface WindowOptions {
  preload: string;
  url: string;
  appOrigin: string;
  /** False in the packaged app (rendererSource decides). */
  devTools: boolean;
  /** Where the window was last time (see window-state.ts); the default size, centred, otherwise. */
  placement?: WindowPlacement;
  /** Tells main about refused links and navigations (the log). */
  onBlocked?: (what: 'navigation' | 'window', url: string) => void;
}

/** The one place windows are made, with the security settings of the Electron checklist. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...(options.placement?.bounds ?? { width: WINDOW_SIZES.width, height: WINDOW_SIZES.height }),
    minWidth: WINDOW_SIZES.minWidth,
    minHeight: WINDOW_SIZES.minHeight,
    show: false,
    title: 'Tokensmith',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => {
    if (options.placement?.maximized) window.maximize();
    if (options.placement?.fullScreen) window.setFullScreen(true);
    window.show();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links the user clicks (provider docs) open in the browser; the app never opens windows.
    options.onBlocked?.('window', url);
    openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
  const blockForeign = (event: Electron.Event, url: string): void => {
    if (originOf(url) === options.appOrigin) return;
    event.preventDefault();
    options.onBlocked?.('navigation', url);
  };
  window.webContents.on('will-navigate', blockForeign);
  window.webContents.on('will-redirect', blockForeign);
  void window.loadURL(options.url);
  return window;
}

import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { aboutDetail } from '../core/about.ts';

/** What the menu can do besides the standard roles; main carries these out itself. */
export interface MenuActions {
  /** Saves the requests and environments (no secrets) where the user chooses. */
  exportRequests: () => void;
  /** Saves the requests as a Postman Collection v2.1, secrets as `{{variables}}`. */
  exportPostman: () => void;
  /** Locks a passphrase-protected vault now. */
  lockVault: () => void;
  /** Shows the log file in the file manager. */
  showLog: () => void;
  about: () => void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Lock is offered only when there is something to lock: an open passphrase vault. */
  canLock: boolean;
  /** Developer tools only in development: in the packaged app they would be a way around the UI. */
  devTools: boolean;
  actions: MenuActions;
}

/**
 * The application menu: macOS's app menu, File with the app's own actions, the standard Edit,
 * View and Window menus (their roles give the platform's shortcuts), and Help with About.
 *
 * Vault export and import with secrets stay in the window: they need a passphrase typed there;
 * so does Import…, whose summary and newly opened request are the window's.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: `About ${options.appName}`, click: options.actions.about };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'Export Requests…', click: options.actions.exportRequests },
        { label: 'Export to Postman…', click: options.actions.exportPostman },
        { label: 'Lock Vault', accelerator: 'CmdOrCtrl+L', enabled: options.canLock, click: options.actions.lockVault },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Show Log File', click: options.actions.showLog },
        ...(mac ? [] : [{ type: 'separator' } as const, about]),
      ],
    },
  );
  return template;
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}

/** The About box: the app's version and the Electron, Chromium, Node.js and V8 it runs on. */
export async function showAbout(): Promise<void> {
  const options = {
    type: 'info' as const,
    title: `About ${app.getName()}`,
    message: `${app.getName()} ${app.getVersion()}`,
    detail: aboutDetail({
      app: app.getVersion(),
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      node: process.versions.node,
      v8: process.versions.v8,
    }),
    buttons: ['OK'],
  };
  const window = BrowserWindow.getFocusedWindow();
  await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

/** Tells the user the outcome of a menu action in a small native box. */
export async function showMessage(kind: 'info' | 'warning' | 'error', message: string, detail?: string): Promise<void> {
  const options = { type: kind, message, buttons: ['OK'], ...(detail ? { detail } : {}) };
  const window = BrowserWindow.getFocusedWindow();
  await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

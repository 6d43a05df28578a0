import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract.ts';
import { aboutDetail } from '../core/about.ts';

/** What the menu can do besides the standard roles; main carries these out itself. */
export interface MenuActions {
  /** Asks for a folder and makes a workspace there (`create`), or opens one; or opens a recent one. */
  openWorkspace: (options: { create?: boolean; recent?: string }) => void;
  /** Saves the requests and environments (no secrets) where the user chooses. */
  exportRequests: () => void;
  /** Saves the requests as a Postman Collection v2.1, secrets as `{{variables}}`. */
  exportPostman: () => void;
  /** Locks a passphrase-protected vault now. */
  lockVault: () => void;
  /** Shows the log file in the file manager. */
  showLog: () => void;
  about: () => void;
  /** Asks the window to open one of its dialogs (import, vault export and import, palette, shortcuts). */
  inWindow: (command: MenuCommand) => void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Lock is offered only when there is something to lock: an open passphrase vault. */
  canLock: boolean;
  /** Developer tools only in development: in the packaged app they would be a way around the UI. */
  devTools: boolean;
  /** The workspace folders opened lately, newest first, for File › Open Recent. */
  recentWorkspaces: readonly string[];
  actions: MenuActions;
}

/**
 * The application menu: macOS's app menu, File with the app's own actions, the standard Edit,
 * View and Window menus (their roles give the platform's shortcuts), and Help with About.
 *
 * Import…, vault export and import (they need a passphrase typed there), the command palette and
 * the shortcuts sheet open in the window. Their shortcuts are shown but left to the window
 * (registerAccelerator: false), which knows when a dialog has the keyboard.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: `About ${options.appName}`, click: options.actions.about };
  const inWindow = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => options.actions.inWindow(command),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
  });
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
        { label: 'New Workspace…', click: () => options.actions.openWorkspace({ create: true }) },
        { label: 'Open Workspace…', click: () => options.actions.openWorkspace({}) },
        {
          label: 'Open Recent',
          enabled: options.recentWorkspaces.length > 0,
          submenu: options.recentWorkspaces.map((dir) => ({
            label: dir,
            click: () => options.actions.openWorkspace({ recent: dir }),
          })),
        },
        { type: 'separator' },
        inWindow('Import…', 'import', 'CmdOrCtrl+O'),
        { type: 'separator' },
        inWindow('Export Vault…', 'export-vault'),
        inWindow('Import Vault…', 'import-vault'),
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
        inWindow('Command Palette…', 'palette', 'CmdOrCtrl+K'),
        { type: 'separator' },
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
        inWindow('Keyboard Shortcuts', 'shortcuts', 'CmdOrCtrl+/'),
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

/** The application menu, the About box and the menu's own actions, with a fake Electron. */
import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../../src/main/core/app-core.ts';
import type { Logger } from '../../../../src/main/core/log/logger.ts';
import { AppError } from '../../../../src/shared/domain/errors.ts';

const fake = vi.hoisted(() => ({
  app: { getName: () => 'Tokensmith', getVersion: () => '0.1.0' },
  dialog: {
    showMessageBox: vi.fn<(...args: unknown[]) => Promise<{ response: number }>>(() =>
      Promise.resolve({ response: 0 }),
    ),
  },
  BrowserWindow: { getFocusedWindow: () => null },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => template) },
  shell: { showItemInFolder: vi.fn() },
}));
vi.mock('electron', () => fake);

const { menuTemplate, showAbout } = await import('../../../../src/main/electron/menu.ts');
const { createMenuActions } = await import('../../../../src/main/electron/menu-actions.ts');

const actions = {
  openWorkspace: vi.fn(),
  exportRequests: vi.fn(),
  exportPostman: vi.fn(),
  lockVault: vi.fn(),
  showLog: vi.fn(),
  about: vi.fn(),
  inWindow: vi.fn(),
};
const options = { appName: 'Tokensmith', canLock: true, devTools: false, recentWorkspaces: ['/home/me/team'], actions };

type Item = MenuItemConstructorOptions;
const labels = (items: Item[]): string[] => items.map((item) => item.label ?? item.role ?? item.type ?? '?');
const submenu = (item: Item | undefined): Item[] => (Array.isArray(item?.submenu) ? item.submenu : []);
const find = (items: Item[], label: string): Item | undefined =>
  items.find((item) => item.label === label || item.role === label);

beforeEach(() => {
  vi.clearAllMocks();
});

describe('menuTemplate', () => {
  it('has File, Edit, View, Window and Help on Windows and Linux, About under Help', () => {
    const template = menuTemplate({ ...options, platform: 'linux' });
    expect(labels(template)).toEqual(['&File', 'editMenu', '&View', 'windowMenu', 'help']);
    expect(labels(submenu(find(template, '&File')))).toEqual([
      'New Workspace…',
      'Open Workspace…',
      'Open Recent',
      'separator',
      'Import…',
      'separator',
      'Export Vault…',
      'Import Vault…',
      'Export Requests…',
      'Export to Postman…',
      'Lock Vault',
      'separator',
      'quit',
    ]);
    expect(find(submenu(find(template, '&File')), 'Export to Postman…')?.click).toBe(actions.exportPostman);
    expect(labels(submenu(find(template, 'help')))).toEqual([
      'Keyboard Shortcuts',
      'Show Log File',
      'separator',
      'About Tokensmith',
    ]);
    expect(submenu(find(template, 'help'))[3]?.click).toBe(actions.about);
  });

  it('has the app menu with About and Quit on macOS', () => {
    const template = menuTemplate({ ...options, platform: 'darwin' });
    expect(labels(template)).toEqual(['Tokensmith', '&File', 'editMenu', '&View', 'windowMenu', 'help']);
    expect(labels(submenu(template[0]))).toEqual([
      'About Tokensmith',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(labels(submenu(find(template, '&File'))).at(-1)).toBe('close');
  });

  it('opens the window’s own dialogs from File, View and Help, leaving their shortcuts to the window', () => {
    const template = menuTemplate({ ...options, platform: 'linux' });
    const items = [
      ...submenu(find(template, '&File')),
      ...submenu(find(template, '&View')),
      ...submenu(find(template, 'help')),
    ];
    const expected = [
      ['Import…', 'import', 'CmdOrCtrl+O'],
      ['Export Vault…', 'export-vault', undefined],
      ['Import Vault…', 'import-vault', undefined],
      ['Command Palette…', 'palette', 'CmdOrCtrl+K'],
      ['Keyboard Shortcuts', 'shortcuts', 'CmdOrCtrl+/'],
    ] as const;
    for (const [label, command, accelerator] of expected) {
      const item = find(items, label);
      expect(item?.accelerator).toBe(accelerator);
      // Shown in the menu, not registered: the window knows when one of its dialogs has the keyboard.
      expect(item?.registerAccelerator).toBe(accelerator ? false : undefined);
      actions.inWindow.mockClear();
      (item?.click as () => void)();
      expect(actions.inWindow).toHaveBeenCalledExactlyOnceWith(command);
    }
  });

  it('offers Lock Vault only when there is an open passphrase vault', () => {
    const lock = (canLock: boolean) =>
      find(submenu(menuTemplate({ ...options, canLock, platform: 'linux' })[0]), 'Lock Vault');
    expect(lock(true)?.enabled).toBe(true);
    expect(lock(false)?.enabled).toBe(false);
  });

  it('opens, makes and reopens workspaces from File; Open Recent lists them, and is off with none', () => {
    const file = (recentWorkspaces: string[]) =>
      submenu(find(menuTemplate({ ...options, recentWorkspaces, platform: 'linux' }), '&File'));
    find(file([]), 'New Workspace…')?.click?.({} as never, undefined, {});
    find(file([]), 'Open Workspace…')?.click?.({} as never, undefined, {});
    const recent = find(file(['/home/me/team', '/home/me/other']), 'Open Recent');
    expect(labels(submenu(recent))).toEqual(['/home/me/team', '/home/me/other']);
    submenu(recent)[1]?.click?.({} as never, undefined, {});
    expect(actions.openWorkspace.mock.calls).toEqual([[{ create: true }], [{}], [{ recent: '/home/me/other' }]]);
    expect(find(file([]), 'Open Recent')?.enabled).toBe(false);
  });

  it('has developer tools in development only', () => {
    const view = (devTools: boolean) =>
      labels(submenu(find(menuTemplate({ ...options, devTools, platform: 'linux' }), '&View')));
    expect(view(false)).not.toContain('toggleDevTools');
    expect(view(true)).toContain('toggleDevTools');
    expect(view(false)).toEqual(
      expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']),
    );
  });
});

describe('showAbout', () => {
  it('shows the app’s version and the runtime’s', async () => {
    await showAbout();
    const [box] = fake.dialog.showMessageBox.mock.calls[0] as [{ message: string; detail: string }];
    expect(box.message).toBe('Tokensmith 0.1.0');
    expect(box.detail).toMatch(/^Tokensmith 0\.1\.0\n/);
    expect(box.detail).toContain(`Node.js ${process.versions.node}`);
  });
});

describe('createMenuActions', () => {
  const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const core = (handlers: Record<string, (input: unknown) => unknown>) => ({ handlers }) as unknown as Core;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('opens a workspace through the same handler the window uses', async () => {
    const open = vi.fn(() => Promise.resolve({ dir: '/home/me/team' }));
    const menu = createMenuActions({
      core: core({ 'workspace:open': open }),
      logger,
      logFile: '/logs/main.log',
      emit: vi.fn(),
    });
    menu.openWorkspace({ create: true });
    menu.openWorkspace({ recent: '/home/me/team' });
    await settle();
    expect(open.mock.calls).toEqual([[{ create: true }], [{ recent: '/home/me/team' }]]);
  });

  it('exports requests without secrets through the same handler the window uses', async () => {
    const exportVault = vi.fn(() => Promise.resolve({ path: '/home/ada/requests.json' }));
    createMenuActions({
      core: core({ 'vault:export': exportVault }),
      logger,
      logFile: '/logs/main.log',
      emit: vi.fn(),
    }).exportRequests();
    await settle();
    expect(exportVault).toHaveBeenCalledExactlyOnceWith({ withSecrets: false });
    expect(fake.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({ detail: '/home/ada/requests.json' }),
    );
  });

  it('exports to Postman through the same handler the window uses, and lists its warnings', async () => {
    const exportPostman = vi.fn(() =>
      Promise.resolve({ path: '/home/ada/tokensmith.postman_collection.json', warnings: ['"Old" was left out.'] }),
    );
    createMenuActions({
      core: core({ 'export:postman': exportPostman }),
      logger,
      logFile: '/logs/main.log',
      emit: vi.fn(),
    }).exportPostman();
    await settle();
    expect(exportPostman).toHaveBeenCalledExactlyOnceWith({});
    expect(fake.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'warning',
        detail: '/home/ada/tokensmith.postman_collection.json\n\n• "Old" was left out.',
      }),
    );
  });

  it('says nothing when the Postman export is cancelled', async () => {
    createMenuActions({
      core: core({ 'export:postman': () => Promise.resolve({ path: null, warnings: [] }) }),
      logger,
      logFile: '/logs/main.log',
      emit: vi.fn(),
    }).exportPostman();
    await settle();
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('shows an AppError as it is, and logs an unexpected error without showing its details', async () => {
    const failing = createMenuActions({
      core: core({
        'vault:lock': () => Promise.reject(new AppError('NOT_SUPPORTED', 'This vault has no passphrase.')),
        'vault:export': () => Promise.reject(new Error('EACCES /secret/path')),
      }),
      logger,
      logFile: '/logs/main.log',
      emit: vi.fn(),
    });
    failing.lockVault();
    failing.exportRequests();
    await settle();
    const shown = fake.dialog.showMessageBox.mock.calls.map(([box]) => (box as { message: string }).message);
    expect(shown).toEqual(['This vault has no passphrase.', 'Export Requests failed.']);
    expect(JSON.stringify(fake.dialog.showMessageBox.mock.calls)).not.toContain('/secret/path');
    const [message, fields] = vi.mocked(logger.error).mock.calls[0]!;
    expect(message).toBe('menu action failed: Export Requests');
    expect(fields?.error).toBeInstanceOf(Error);
  });

  it('asks the window to open a dialog with the menu:command event', () => {
    const emit = vi.fn();
    createMenuActions({ core: core({}), logger, logFile: '/logs/main.log', emit }).inWindow('export-vault');
    expect(emit).toHaveBeenCalledExactlyOnceWith('menu:command', { command: 'export-vault' });
  });

  it('shows the log file in the file manager', () => {
    createMenuActions({ core: core({}), logger, logFile: '/logs/main.log', emit: vi.fn() }).showLog();
    expect(fake.shell.showItemInFolder).toHaveBeenCalledWith('/logs/main.log');
  });
});

/** createMainWindow with a fake BrowserWindow: what its handlers do, not only that they exist. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (event: { preventDefault: () => void }, url: string) => void;

const fake = vi.hoisted(() => {
  const state = {
    options: undefined as unknown,
    openHandler: undefined as undefined | ((details: { url: string }) => { action: string }),
    listeners: new Map<string, Listener>(),
    loaded: [] as string[],
  };
  class BrowserWindow {
    webContents = {
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
        state.openHandler = handler;
      },
      on: (event: string, listener: Listener) => {
        state.listeners.set(event, listener);
      },
    };
    constructor(options: unknown) {
      state.options = options;
    }
    once(): void {}
    loadURL(url: string): Promise<void> {
      state.loaded.push(url);
      return Promise.resolve();
    }
  }
  const shell = { openExternal: vi.fn<(url: string) => Promise<void>>(() => Promise.resolve()) };
  return { state, BrowserWindow, shell };
});
vi.mock('electron', () => ({ BrowserWindow: fake.BrowserWindow, shell: fake.shell }));

const { createMainWindow } = await import('../../../../src/main/electron/window.ts');

const onBlocked = vi.fn();
beforeEach(() => {
  fake.shell.openExternal.mockClear();
  onBlocked.mockClear();
  createMainWindow({
    preload: '/app/preload.cjs',
    url: 'app://tokensmith/index.html',
    appOrigin: 'app://tokensmith',
    devTools: false,
    onBlocked,
  });
});

function navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
  const preventDefault = vi.fn();
  fake.state.listeners.get(event)?.({ preventDefault }, url);
  return preventDefault.mock.calls.length > 0;
}

describe('createMainWindow', () => {
  it('loads the app from app://, with the preload and the hardened preferences', () => {
    expect(fake.state.loaded.at(-1)).toBe('app://tokensmith/index.html');
    expect(fake.state.options).toMatchObject({
      webPreferences: {
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        devTools: false,
      },
    });
  });

  it('denies every new window; a safe link goes to the browser, an unsafe one nowhere', async () => {
    expect(fake.state.openHandler?.({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(fake.state.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.shell.openExternal.mock.calls).toEqual([['https://docs.example/']]);
    expect(onBlocked).toHaveBeenCalledWith('window', 'file:///etc/passwd');
  });

  it.each(['will-navigate', 'will-redirect'] as const)('%s: stays in the app, goes nowhere else', (event) => {
    expect(navigate(event, 'app://tokensmith/index.html#x')).toBe(false);
    for (const url of ['https://evil.example/', 'app://tokensmith.evil/', 'file:///etc/passwd', 'about:blank']) {
      expect(navigate(event, url)).toBe(true);
    }
    expect(onBlocked).toHaveBeenCalledWith('navigation', 'https://evil.example/');
  });
});

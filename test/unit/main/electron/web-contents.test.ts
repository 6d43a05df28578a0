/** The floor under every web contents, and the permission handlers, with fake Electron objects. */
import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  return {
    appListeners,
    app: { on: (event: string, listener: (...args: unknown[]) => void) => appListeners.set(event, listener) },
  };
});
vi.mock('electron', () => ({ app: fake.app }));

const { denyPermissions, hardenAllWebContents } = await import('../../../../src/main/electron/web-contents.ts');

describe('denyPermissions', () => {
  it('answers every permission request and check with no', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    denyPermissions({
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
      setDevicePermissionHandler: (handler: typeof device) => (device = handler),
    } as unknown as Electron.Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    expect(check?.()).toBe(false);
    expect(device?.()).toBe(false);
  });
});

describe('hardenAllWebContents', () => {
  it('refuses webviews and new windows for any web contents the app gets', () => {
    hardenAllWebContents();
    const listeners = new Map<string, (event: { preventDefault: () => void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    fake.appListeners.get('web-contents-created')?.(
      {},
      {
        on: (event: string, listener: (event: { preventDefault: () => void }) => void) =>
          listeners.set(event, listener),
        setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
      },
    );
    const preventDefault = vi.fn();
    listeners.get('will-attach-webview')?.({ preventDefault });
    expect(preventDefault).toHaveBeenCalledOnce();
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });
});

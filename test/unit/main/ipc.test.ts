/** src/main/ipc.ts with a fake ipcMain: every channel goes to dispatch, with the sender as Electron describes it. */
import { describe, expect, it, vi } from 'vitest';
import type { Sender } from '../../../src/main/core/ipc/dispatch.ts';
import { CHANNELS } from '../../../src/shared/contract.ts';

type Handler = (event: unknown, input: unknown) => Promise<unknown>;

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const appContents = { mainFrame: { url: 'app://tokensmith/index.html' } };
  return {
    handlers,
    appContents,
    ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
    BrowserWindow: { fromWebContents: (contents: unknown) => (contents === appContents ? {} : null) },
  };
});
vi.mock('electron', () => ({ ipcMain: fake.ipcMain, BrowserWindow: fake.BrowserWindow }));

const { registerIpc } = await import('../../../src/main/ipc.ts');

const dispatch = vi.fn((_channel: string, _input: unknown, sender: Sender) =>
  Promise.resolve({ ok: true as const, value: sender }),
);
registerIpc(dispatch);

async function call(event: unknown): Promise<Sender> {
  const handler = fake.handlers.get('ledger:list');
  if (!handler) throw new Error('ledger:list is not registered');
  return ((await handler(event, { any: 'input' })) as { value: Sender }).value;
}

describe('registerIpc', () => {
  it('registers exactly the contract’s channels', () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('hands the channel, the input and the app’s top frame to dispatch', async () => {
    const event = { sender: fake.appContents, senderFrame: fake.appContents.mainFrame };
    expect(await call(event)).toEqual({ url: 'app://tokensmith/index.html', isMainFrame: true, isAppWindow: true });
    expect(dispatch).toHaveBeenLastCalledWith('ledger:list', { any: 'input' }, expect.anything());
  });

  it('describes an iframe as not the main frame', async () => {
    const frame = { url: 'app://tokensmith/index.html' };
    expect(await call({ sender: fake.appContents, senderFrame: frame })).toMatchObject({ isMainFrame: false });
  });

  it('describes a frame that is gone (navigated or destroyed) as no frame at all', async () => {
    expect(await call({ sender: fake.appContents, senderFrame: null })).toEqual({
      url: '',
      isMainFrame: false,
      isAppWindow: true,
    });
  });

  it('describes web contents that are not one of the app’s windows as such', async () => {
    const other = { mainFrame: { url: 'app://tokensmith/index.html' } };
    expect(await call({ sender: other, senderFrame: other.mainFrame })).toMatchObject({ isAppWindow: false });
  });
});

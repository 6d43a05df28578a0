import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../shared/contract.ts';
import type { Dispatch, Sender } from './core/ipc/dispatch.ts';

function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  return {
    url: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    isAppWindow: BrowserWindow.fromWebContents(event.sender) !== null,
  };
}

/** Registers every contract channel with ipcMain, all through the one dispatch wrapper. */
export function registerIpc(dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => dispatch(channel, input, senderOf(event)));
  }
}

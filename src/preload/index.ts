import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_NAMES, type Api } from '../shared/contract.ts';

const calls = Object.fromEntries(
  CHANNELS.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
);

const api = {
  ...calls,
  on(event: string, listener: (payload: unknown) => void) {
    if (!(EVENT_NAMES as string[]).includes(event)) throw new Error(`Unknown event ${event}`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
} as unknown as Api;

// The only thing the renderer gets: one function per contract channel and `on` for its events.
contextBridge.exposeInMainWorld('api', api);

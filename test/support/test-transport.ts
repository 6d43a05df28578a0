import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type CoreOptions, type Emit } from '../../src/main/core/app-core.ts';
import { createDispatch } from '../../src/main/core/ipc/dispatch.ts';
import { createRendererFiles } from '../../src/main/core/protocol/renderer-files.ts';
import { CHANNELS, EVENT_NAMES } from '../../src/shared/contract.ts';
import { FakeKeychain } from './fake-keychain.ts';
import { recordingClipboard, recordingOpener } from './recorders.ts';

const IPC_PREFIX = '/__tokensmith/ipc/';
const EVENTS_PATH = '/__tokensmith/events';

export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');

export interface TestTransport {
  origin: string;
  /** Everything the app put on the clipboard, oldest first. */
  clipboard: string[];
  /** Pages the app asked the system browser to open, unless the test gave its own opener. */
  opened: string[];
  /** The script that gives the page its `window.api`, in place of the preload script. */
  bridgeScript: string;
  /** Sends an event to the page as main does (the application menu's `menu:command`). */
  emit: Emit;
  close(): Promise<void>;
}

/**
 * The test-only stand-in for Electron: serves the built renderer over http on 127.0.0.1 and
 * carries `window.api` calls to the same dispatch wrapper and core handlers that ipcMain uses.
 * Calls are accepted from the page's own origin only (the Origin header plays senderFrame).
 * It serves out/renderer unless given another build (the benchmarks build one of their own, so that
 * a build made meanwhile in the same checkout cannot change the files under them).
 */
export async function startTestTransport({
  rendererDir = RENDERER_DIR,
  ...options
}: Partial<CoreOptions> & { rendererDir?: string } = {}): Promise<TestTransport> {
  const rendererFiles = createRendererFiles({ root: rendererDir, host: 'renderer' });
  const { clipboard: recording, written: clipboard } = recordingClipboard();
  const { opener, opened } = recordingOpener();
  const streams = new Set<ServerResponse>();
  const emit: Emit = (event, payload) => {
    for (const stream of streams) stream.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  const core = await createCore({
    // A desktop with a real keyring, unless the test says otherwise.
    keychain: new FakeKeychain(),
    opener,
    clipboard: recording,
    emit,
    // The worker as the app runs it: the built file next to the built main (npm test builds first).
    importWorker: pathToFileURL(path.join(RENDERER_DIR, '../main/import-worker.js')),
    ...options,
  });

  async function readBody(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith(IPC_PREFIX) && request.method === 'POST') {
      const channel = decodeURIComponent(url.pathname.slice(IPC_PREFIX.length));
      const sender = { url: request.headers.origin ?? '', isMainFrame: true, isAppWindow: true };
      const result = await dispatch(channel, await readBody(request), sender);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === EVENTS_PATH) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    // The app's own app:// handler serves the files, so the tests load them exactly as the app does;
    // only its production CSP header goes, as it forbids the connections this transport is made of.
    const served = await rendererFiles(
      new Request(`http://renderer${url.pathname}`, { method: request.method ?? 'GET' }),
    );
    const headers = Object.fromEntries([...served.headers].filter(([name]) => name !== 'content-security-policy'));
    response.writeHead(served.status, headers);
    response.end(Buffer.from(await served.arrayBuffer()));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Requests cannot arrive before this line runs: it is in the same tick as `listen` resolving.
  const dispatch = createDispatch({ handlers: core.handlers, appOrigin: origin });

  const bridgeScript = `(() => {
    const channels = ${JSON.stringify(CHANNELS)};
    const eventNames = ${JSON.stringify(EVENT_NAMES)};
    const api = {};
    for (const channel of channels) {
      api[channel] = (input) =>
        fetch(${JSON.stringify(IPC_PREFIX)} + encodeURIComponent(channel), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: input === undefined ? '' : JSON.stringify(input),
        }).then((response) => response.json());
    }
    const source = new EventSource(${JSON.stringify(EVENTS_PATH)});
    api.on = (event, listener) => {
      if (!eventNames.includes(event)) throw new Error('Unknown event ' + event);
      const wrapped = (message) => listener(JSON.parse(message.data));
      source.addEventListener(event, wrapped);
      return () => source.removeEventListener(event, wrapped);
    };
    Object.defineProperty(window, 'api', { value: Object.freeze(api) });
  })();`;

  return {
    origin,
    clipboard,
    opened,
    bridgeScript,
    emit,
    close: async () => {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}

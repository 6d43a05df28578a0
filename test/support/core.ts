import { createCore, type CoreOptions } from '../../src/main/core/app-core.ts';
import { createDispatch, type Sender } from '../../src/main/core/ipc/dispatch.ts';
import type { Channel, ChannelInput, ChannelOutput, EventName } from '../../src/shared/contract.ts';
import { formatErrorLine } from '../../src/shared/domain/errors.ts';
import { recordingClipboard, recordingOpener } from './recorders.ts';

export const TEST_ORIGIN = 'http://127.0.0.1';
const appFrame: Sender = { url: `${TEST_ORIGIN}/index.html`, isMainFrame: true, isAppWindow: true };

/**
 * The real core behind the real dispatch wrapper, as the app's main process builds it, with a
 * clipboard and an event sink the test can read.
 */
export async function startCore(options: Partial<CoreOptions> = {}) {
  const { clipboard: recording, written: clipboard } = recordingClipboard();
  /** Pages the app asked the system browser to open. */
  const { opener, opened } = recordingOpener();
  const events: { event: EventName; payload: unknown }[] = [];
  const core = await createCore({
    opener,
    clipboard: recording,
    emit: (event, payload) => events.push({ event, payload }),
    ...options,
  });
  const dispatch = createDispatch({ handlers: core.handlers, appOrigin: TEST_ORIGIN });

  /** Calls a channel as the renderer would; a failed call throws with its code in the message. */
  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await dispatch(channel, input, appFrame);
    if (!result.ok) throw new Error(`${result.error.code}: ${formatErrorLine(result.error)}`);
    return result.value as ChannelOutput<C>;
  }

  return { call, clipboard, events, opened, core, close: () => core.close() };
}

import type { Clipboard } from '../../src/main/core/app-core.ts';
import type { Opener } from '../../src/main/core/flow/flow-context.ts';

/** A clipboard that keeps everything the app wrote to it, oldest first. */
export function recordingClipboard(): { clipboard: Clipboard; written: string[] } {
  const written: string[] = [];
  return {
    written,
    clipboard: {
      writeText: (text) => {
        written.push(text);
        return Promise.resolve();
      },
      readText: () => Promise.resolve(written.at(-1) ?? ''),
    },
  };
}

/** A "system browser" that only notes the pages the app asked it to open. */
export function recordingOpener(): { opener: Opener; opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    opener: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  };
}

/**
 * A "system browser" whose pages go to the handler the running test set with `expect`; a page
 * opened when no test expects one fails the run rather than passing unnoticed.
 */
export function expectingOpener(): { opener: Opener; expect(handler: ((url: string) => void) | undefined): void } {
  let handler: ((url: string) => void) | undefined;
  return {
    opener: (url) => {
      if (!handler) throw new Error(`unexpected browser page: ${url}`);
      handler(url);
      return Promise.resolve();
    },
    expect: (next) => {
      handler = next;
    },
  };
}

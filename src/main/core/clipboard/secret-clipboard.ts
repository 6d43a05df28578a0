import type { Clipboard } from '../services.ts';

/** What a copy tells the user: when the clipboard will be cleared, if it will. */
export interface CopyOutcome {
  clearsInSeconds?: number;
}

/**
 * The clipboard as the handlers use it. A token or a secret is cleared a while after it was copied
 * (a setting, 30 s by default), as Bitwarden and 1Password do, so it does not wait there for the
 * next paste or clipboard manager; but only if the clipboard still holds it: what the user copied
 * since is theirs. Other copies (links) stay.
 */
export class SecretClipboard {
  readonly #clipboard: Clipboard;
  readonly #clearAfterSeconds: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { clipboard: Clipboard; clearAfterSeconds: () => number }) {
    this.#clipboard = options.clipboard;
    this.#clearAfterSeconds = options.clearAfterSeconds;
  }

  async writeText(text: string): Promise<CopyOutcome> {
    await this.#clipboard.writeText(text);
    return {};
  }

  async writeSecret(text: string): Promise<CopyOutcome> {
    await this.#clipboard.writeText(text);
    clearTimeout(this.#timer);
    const seconds = this.#clearAfterSeconds();
    if (seconds <= 0) return {};
    this.#timer = setTimeout(() => void this.#clearIfStill(text), seconds * 1000);
    // A pending clear must not keep the CLI or a test process alive.
    this.#timer.unref();
    return { clearsInSeconds: seconds };
  }

  async #clearIfStill(text: string): Promise<void> {
    try {
      if ((await this.#clipboard.readText()) === text) await this.#clipboard.writeText('');
    } catch {
      // The clipboard is the OS's: if it cannot be read now, there is nothing safe to do.
    }
  }

  close(): void {
    clearTimeout(this.#timer);
  }
}

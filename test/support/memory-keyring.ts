import type { OsKeyring } from '../../src/main/core/vault/os-keyring.ts';
import { AppError } from '../../src/shared/domain/errors.ts';

/**
 * An OS keyring in memory, for the vault's and the window's side of the command line's slot; the
 * real one (@napi-rs/keyring on a Secret Service) is tested in test/integration/cli-keyring.test.ts.
 * `unreachable` makes every call fail as a keyring with no D-Bus session does.
 */
export class MemoryKeyring implements OsKeyring {
  readonly entries = new Map<string, string>();
  unreachable = false;

  #check(): void {
    if (this.unreachable)
      throw new AppError('KEYRING_UNAVAILABLE', 'The OS keyring cannot be reached (no D-Bus session).', {
        hint: 'On Linux it needs a D-Bus session with a Secret Service.',
      });
  }

  get(service: string, account: string): Promise<string | undefined> {
    return Promise.resolve().then(() => {
      this.#check();
      return this.entries.get(`${service}/${account}`);
    });
  }

  set(service: string, account: string, secret: string): Promise<void> {
    return Promise.resolve().then(() => {
      this.#check();
      this.entries.set(`${service}/${account}`, secret);
    });
  }

  delete(service: string, account: string): Promise<void> {
    return Promise.resolve().then(() => {
      this.#check();
      this.entries.delete(`${service}/${account}`);
    });
  }
}

import type { AsyncEntry } from '@napi-rs/keyring';
import { AppError } from '../../../shared/domain/errors.ts';

/** Where the command-line slot keeps the vault's key: one entry per vault, by service and account. */
export interface OsKeyring {
  /** The entry's text; undefined when there is none. */
  get(service: string, account: string): Promise<string | undefined>;
  set(service: string, account: string, secret: string): Promise<void>;
  delete(service: string, account: string): Promise<void>;
}

export const KEYRING_SERVICE = 'tokensmith';

type AsyncEntryClass = typeof AsyncEntry;

/**
 * The OS keyring through `@napi-rs/keyring`: the macOS Keychain, the Windows Credential Manager,
 * and on Linux the Secret Service (GNOME Keyring, KWallet, KeePassXC) over D-Bus. It is loaded on
 * first use, so only what needs it pays for the native module. Linux is pinned to the Secret
 * Service: the default falls back to the kernel keyring, which forgets everything at logout and
 * would make "allowed" silently mean "until the next login".
 * @see https://specifications.freedesktop.org/secret-service-spec/latest/
 */
export function createOsKeyring(): OsKeyring {
  let loaded: Promise<AsyncEntryClass> | undefined;
  const entry = async (service: string, account: string) => {
    loaded ??= import('@napi-rs/keyring').then((module) => module.AsyncEntry);
    const Entry = await loaded.catch((error: unknown) => {
      throw unavailable(error);
    });
    return new Entry(service, account, { linux: { store: 'secret-service' } });
  };
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw error instanceof AppError ? error : unavailable(error);
    }
  };
  return {
    get: (service, account) => call(async () => (await (await entry(service, account)).getPassword()) ?? undefined),
    set: (service, account, secret) => call(async () => (await entry(service, account)).setPassword(secret)),
    delete: (service, account) =>
      call(async () => {
        await (await entry(service, account)).deletePassword();
      }),
  };
}

/** One line, whatever the platform said (D-Bus errors come over several). */
function unavailable(error: unknown): AppError {
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return new AppError('KEYRING_UNAVAILABLE', `The OS keyring cannot be reached (${detail}).`, {
    hint: 'On Linux it needs a D-Bus session with a Secret Service (GNOME Keyring, KWallet or KeePassXC), unlocked.',
    cause: error,
  });
}

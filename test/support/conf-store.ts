import Conf from 'conf';
import type { StoreFile, StoreFileFactory } from '../../src/main/core/store/open-store.ts';
import type { KdfParams } from '../../src/main/core/vault/passphrase-cipher.ts';

/** What electron-store does in the app, with its engine: conf. */
export const confFile: StoreFileFactory = (options): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);

/** Argon2id at the smallest cost an export may ask for (KDF_LIMITS): fast enough for tests. */
export const CHEAP_KDF: KdfParams = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

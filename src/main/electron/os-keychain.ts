import { safeStorage } from 'electron';
import type { OsKeychain } from '../core/vault/keychain-cipher.ts';

/** Electron safeStorage, as the vault sees it. Call only after the app is ready. */
export const electronKeychain: OsKeychain = {
  isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
  backend: () =>
    process.platform === 'linux'
      ? safeStorage.getSelectedStorageBackend()
      : process.platform === 'darwin'
        ? 'keychain'
        : 'dpapi',
  encrypt: (plaintext) => safeStorage.encryptStringAsync(plaintext),
  decrypt: async (ciphertext) => (await safeStorage.decryptStringAsync(ciphertext)).result,
};

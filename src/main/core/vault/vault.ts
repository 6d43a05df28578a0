import { AppError } from '../../../shared/domain/errors.ts';
import { maskSecret } from '../../../shared/domain/secrets.ts';
import type { VaultState } from '../../../shared/domain/vault-state.ts';
import type { VaultData } from '../store/store-schema.ts';
import { envelopeOwner } from './envelope.ts';
import { createKeychainCipher, describeBackend, isWeakBackend, type OsKeychain } from './keychain-cipher.ts';
import {
  createPassphraseCipher,
  DEFAULT_KDF,
  deriveKey,
  newSalt,
  openAesGcm,
  sealAesGcm,
  type KdfParams,
} from './passphrase-cipher.ts';
import type { SecretCipher } from './secret-cipher.ts';

const CHECK_PLAINTEXT = 'tokensmith vault passphrase check';
export const MIN_PASSPHRASE_LENGTH = 10;

export interface VaultOptions {
  /** The vault section of the store; the vault mutates it and calls `save` after each change. */
  data: VaultData;
  save: () => void;
  /** Electron's safeStorage, when running in the app; absent in the CLI and where there is none. */
  keychain?: OsKeychain | undefined;
  /** Lock a passphrase vault after this long without use; 0 never. */
  autoLockMs?: number;
  kdf?: KdfParams;
  /** Called when the state changes (locked, unlocked, protection changed) for the renderer. */
  onChange?: () => void;
}

/**
 * The offline credential vault: every secret value is sealed before it reaches the store, by the
 * operating system's keychain (Electron safeStorage) when it is really there, or else by a key
 * derived from the user's passphrase. It never falls back silently to something weaker, never
 * wipes what it cannot open (such entries are "locked" until entered again), and keeps clear
 * values in memory only while it is unlocked.
 */
export class Vault {
  readonly #options: VaultOptions;
  #cipher: SecretCipher | undefined;
  /** The keychain, when it is available and not basic_text. */
  #keychain: OsKeychain | undefined;
  #keychainIssue: string | undefined;
  #idleTimer: NodeJS.Timeout | undefined;

  private constructor(options: VaultOptions) {
    this.#options = options;
  }

  /** Opens the vault with the policy of the design: the keychain only when it is really there. */
  static async open(options: VaultOptions): Promise<Vault> {
    const vault = new Vault(options);
    const keychain = options.keychain;
    if (keychain) {
      const available = await keychain.isAvailable().catch(() => false);
      const backend = keychain.backend();
      if (!available) vault.#keychainIssue = 'The operating system keychain is not available.';
      else if (isWeakBackend(backend))
        vault.#keychainIssue = `The keychain backend is ${describeBackend(backend)}, which does not protect secrets.`;
      else vault.#keychain = keychain;
    } else {
      vault.#keychainIssue = 'There is no operating system keychain here.';
    }
    const { data } = options;
    if (data.protection === 'keychain' && vault.#keychain) vault.#cipher = createKeychainCipher(vault.#keychain);
    else if (data.protection === null && vault.#keychain) {
      data.protection = 'keychain';
      data.keychainBackend = vault.#keychain.backend();
      vault.#cipher = createKeychainCipher(vault.#keychain);
      options.save();
    }
    return vault;
  }

  get unlocked(): boolean {
    return this.#cipher !== undefined;
  }

  state(): VaultState {
    const { data } = this.#options;
    const owner = this.#cipher?.owner;
    // Without a cipher, a keychain vault can open nothing; a locked passphrase vault only waits for the passphrase.
    const lockedRefs =
      owner || data.protection === 'keychain'
        ? Object.entries(data.secrets)
            .filter(([, sealed]) => ownerOf(sealed) !== owner)
            .map(([ref]) => ref)
        : [];
    const state: VaultState = {
      protection: data.protection,
      description:
        data.protection === 'keychain'
          ? describeBackend(data.keychainBackend ?? 'unknown')
          : data.protection === 'passphrase'
            ? 'your passphrase (Argon2id, AES-256-GCM)'
            : 'not set up yet',
      locked: !this.unlocked,
      secretCount: Object.keys(data.secrets).length,
      lockedEntries: lockedRefs,
      keychainUsable: this.#keychain !== undefined,
      autoLockMinutes: Math.round((this.#options.autoLockMs ?? 0) / 60_000),
    };
    const message = this.#message(lockedRefs);
    if (message) state.message = message;
    return state;
  }

  /** What the user must know: why the vault needs a passphrase, or why entries are locked. */
  #message(lockedRefs: string[]): string | undefined {
    const { data } = this.#options;
    if (data.protection === null) {
      return `${this.#keychainIssue ?? 'No keychain.'} Choose a passphrase to protect your secrets; Tokensmith will not store them less safely.`;
    }
    if (data.protection === 'keychain' && !this.#keychain) {
      return `Your secrets were encrypted with ${describeBackend(data.keychainBackend ?? 'unknown')}, but ${this.#keychainIssue?.toLowerCase() ?? 'it is not available'} They are kept, locked; switch to a passphrase and enter them again, or start Tokensmith where that keychain is available.`;
    }
    if (data.protection === 'keychain' && this.#keychain && data.keychainBackend !== this.#keychain.backend()) {
      return `Your secrets were encrypted with ${describeBackend(data.keychainBackend ?? 'unknown')}, but this session uses ${describeBackend(this.#keychain.backend())}. ${lockedRefs.length} secret(s) are locked: enter them again.`;
    }
    if (lockedRefs.length > 0)
      return `${lockedRefs.length} secret(s) cannot be opened with ${this.#cipher?.description ?? 'this protection'}: enter them again.`;
    return undefined;
  }

  #cipherOrThrow(): SecretCipher {
    if (this.#cipher) {
      this.#touch();
      return this.#cipher;
    }
    if (this.#options.data.protection === 'passphrase') {
      throw new AppError('VAULT_LOCKED', 'The vault is locked.', { hint: 'Unlock it with your passphrase.' });
    }
    throw new AppError('VAULT_NEEDS_SETUP', this.#message([]) ?? 'The vault is not set up.', {
      hint: 'Choose a passphrase in the vault settings.',
    });
  }

  #touch(): void {
    const autoLockMs = this.#options.autoLockMs ?? 0;
    if (this.#options.data.protection !== 'passphrase' || autoLockMs <= 0) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.lock(), autoLockMs);
    this.#idleTimer.unref();
  }

  /** Protects the vault with a passphrase: first run without a keychain, or on request (re-encrypts everything). */
  async usePassphrase(passphrase: string): Promise<void> {
    checkPassphraseStrength(passphrase);
    const { data } = this.#options;
    const current = this.#cipher;
    if (data.protection === 'passphrase' && !current) {
      // A new salt and check would leave every secret sealed under a key no passphrase can give again.
      throw new AppError('VAULT_LOCKED', 'The vault is locked, so its passphrase cannot be changed.', {
        hint: 'Unlock it with your current passphrase first.',
      });
    }
    const openable = current
      ? await Promise.all(
          Object.entries(data.secrets).map(async ([ref, sealed]): Promise<[string, string | undefined]> => [
            ref,
            // What the keychain cannot decrypt any more stays as it is, locked, like another backend's entries.
            ownerOf(sealed) === current.owner ? await current.decrypt(sealed).catch(keepLocked) : undefined,
          ]),
        )
      : [];
    const params = this.#options.kdf ?? DEFAULT_KDF;
    const salt = newSalt();
    const key = await deriveKey(passphrase, salt, params);
    const cipher = createPassphraseCipher(key);
    const secrets: Record<string, string> = { ...data.secrets };
    for (const [ref, plaintext] of openable)
      if (plaintext !== undefined) secrets[ref] = await cipher.encrypt(plaintext);
    data.protection = 'passphrase';
    delete data.keychainBackend;
    data.passphrase = {
      salt: salt.toString('base64url'),
      ...params,
      check: sealAesGcm(key, Buffer.from(CHECK_PLAINTEXT)).toString('base64url'),
    };
    data.secrets = secrets;
    this.#cipher = cipher;
    this.#options.save();
    this.#touch();
    this.#options.onChange?.();
  }

  async unlock(passphrase: string): Promise<void> {
    const settings = this.#options.data.passphrase;
    if (this.#options.data.protection !== 'passphrase' || !settings) {
      throw new AppError('NOT_SUPPORTED', 'This vault is protected by the keychain, not a passphrase.');
    }
    const key = await deriveKey(passphrase, Buffer.from(settings.salt, 'base64url'), settings);
    try {
      openAesGcm(key, Buffer.from(settings.check, 'base64url'));
    } catch {
      throw new AppError('WRONG_PASSPHRASE', 'That passphrase does not unlock the vault.', {
        hint: 'Type it again; the case matters.',
      });
    }
    this.#cipher = createPassphraseCipher(key);
    this.#touch();
    this.#options.onChange?.();
  }

  /** Forgets the key (passphrase vaults only: the keychain unlocks with the user's login). */
  lock(): void {
    if (this.#options.data.protection !== 'passphrase' || !this.#cipher) return;
    this.#cipher = undefined;
    clearTimeout(this.#idleTimer);
    this.#options.onChange?.();
  }

  async put(ref: string, value: string): Promise<void> {
    const cipher = this.#cipherOrThrow();
    const sealed = await cipher.encrypt(value);
    const { data } = this.#options;
    data.secrets[ref] = sealed;
    // Once every secret of an old keychain backend was entered again, the vault belongs to the new one.
    if (
      data.protection === 'keychain' &&
      this.#keychain &&
      Object.values(data.secrets).every((other) => ownerOf(other) === cipher.owner)
    ) {
      data.keychainBackend = this.#keychain.backend();
    }
    this.#options.save();
  }

  has(ref: string): boolean {
    return Object.hasOwn(this.#options.data.secrets, ref);
  }

  /** The clear value, for main's own use (a grant) or an explicit reveal. */
  async get(ref: string, label = 'This secret'): Promise<string> {
    const sealed = this.#options.data.secrets[ref];
    if (sealed === undefined)
      throw new AppError('VAULT_ENTRY_LOCKED', `${label} is not in the vault.`, { hint: 'Enter it again.' });
    const cipher = this.#cipherOrThrow();
    if (ownerOf(sealed) !== cipher.owner) {
      throw new AppError(
        'VAULT_ENTRY_LOCKED',
        `${label} was encrypted with ${describeOwner(sealed)}, which this session cannot use.`,
        { hint: `Enter ${label} again.` },
      );
    }
    return cipher.decrypt(sealed);
  }

  async masked(ref: string): Promise<string> {
    return maskSecret(await this.get(ref));
  }

  delete(ref: string): void {
    if (!this.has(ref)) return;
    this.#options.data.secrets = Object.fromEntries(
      Object.entries(this.#options.data.secrets).filter(([key]) => key !== ref),
    );
    this.#options.save();
  }

  /** Seals any value with the vault's protection (ledger entries). */
  seal(plaintext: string): Promise<string> {
    return this.#cipherOrThrow().encrypt(plaintext);
  }

  open(sealed: string): Promise<string> {
    const cipher = this.#cipherOrThrow();
    if (ownerOf(sealed) !== cipher.owner)
      throw new AppError('VAULT_ENTRY_LOCKED', `This entry was encrypted with ${describeOwner(sealed)}.`);
    return cipher.decrypt(sealed);
  }

  close(): void {
    clearTimeout(this.#idleTimer);
  }
}

function keepLocked(error: unknown): undefined {
  if (error instanceof AppError && error.code === 'VAULT_ENTRY_LOCKED') return undefined;
  throw error;
}

function ownerOf(sealed: string): string {
  try {
    return envelopeOwner(sealed);
  } catch {
    return 'unknown';
  }
}

function describeOwner(sealed: string): string {
  const owner = ownerOf(sealed);
  return owner.startsWith('os:')
    ? describeBackend(owner.slice(3))
    : owner === 'pw'
      ? 'a passphrase'
      : 'an unknown protection';
}

export function checkPassphraseStrength(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('WEAK_PASSPHRASE', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`, {
      hint: 'Use a few unrelated words.',
    });
  }
}

import { AppError } from '../../../shared/domain/errors.ts';
import { maskSecret } from '../../../shared/domain/secrets.ts';
import { MIN_PASSPHRASE_LENGTH, type VaultState } from '../../../shared/domain/vault-state.ts';
import type { KeySlots, VaultData } from '../store/store-schema.ts';
import {
  createDataKeyCipher,
  keyCheck,
  newDataKey,
  unwrapWithKeychain,
  unwrapWithPassphraseKey,
  verifiedKey,
  wrapWithKeychain,
  wrapWithPassphraseKey,
  type DataKey,
} from './data-key.ts';
import { envelopeOwner, isUnboundEnvelope } from './envelope.ts';
import { createKeychainCipher, describeBackend, isWeakBackend, type OsKeychain } from './keychain-cipher.ts';
import { listKeySlots, type KeySlotInfo } from './key-slots.ts';
import { KEYRING_SERVICE, type OsKeyring } from './os-keyring.ts';
import {
  createPassphraseCipher,
  DEFAULT_KDF,
  deriveKey,
  kdfOutOfBounds,
  newSalt,
  openAesGcm,
  sealAesGcm,
  type KdfParams,
} from './passphrase-cipher.ts';
import type { SecretCipher } from './secret-cipher.ts';

const CHECK_PLAINTEXT = 'tokensmith vault passphrase check';
/** A secret's last use is kept to the minute: finer would write the store on every grant. */
const USED_AT_RESOLUTION_MS = 60_000;

/** An entry taken out of the vault, still sealed, for an undo. */
export interface RemovedSecret {
  ref: string;
  sealed: string;
  origins?: string[];
  meta?: { setAt?: string; usedAt?: string };
}
export { MIN_PASSPHRASE_LENGTH };
export type { KeySlotInfo };

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
 * The offline credential vault: every secret value is sealed before it reaches the store, with one
 * random data key (data-key.ts). Key slots unwrap that key: the operating system's keychain
 * (Electron safeStorage) when it is really there, or else a key derived from the user's passphrase,
 * and, once the user allows it, the OS keyring for the command line. It never falls back silently
 * to something weaker, never wipes what it cannot open (such entries are "locked" until entered
 * again), and keeps clear values and the data key in memory only while it is unlocked.
 */
export class Vault {
  readonly #options: VaultOptions;
  /** The data key's cipher, while the vault is open. */
  #cipher: SecretCipher | undefined;
  #dataKey: DataKey | undefined;
  /**
   * What sealed the secrets before the data key (the keychain, or the passphrase key itself), when
   * the vault was opened that way: it still opens what is left of that, such as a ledger entry
   * not yet sealed again, or written by an older Tokensmith running beside this one.
   */
  #legacy: SecretCipher | undefined;
  /** The app's slot is for this keychain, but the keychain could not unwrap it (its key changed). */
  #appSlotFailed = false;
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
    if (data.protection === 'keychain' && vault.#keychain) await vault.#openWithApp(vault.#keychain);
    else if (data.protection === null && vault.#keychain) {
      data.protection = 'keychain';
      data.keychainBackend = vault.#keychain.backend();
      await vault.#openWithApp(vault.#keychain);
    }
    return vault;
  }

  /** Opens a keychain vault with the app's slot, making the data key first where there is none. */
  async #openWithApp(keychain: OsKeychain): Promise<void> {
    const { data } = this.#options;
    const stored = data.dataKey;
    const slot = stored?.slots.app;
    const dataKey =
      stored && slot?.backend === keychain.backend()
        ? await unwrapWithKeychain(keychain, stored, slot.wrapped)
        : undefined;
    const legacy = createKeychainCipher(keychain);
    const description = describeBackend(keychain.backend());
    if (dataKey) return this.#start({ dataKey, legacy, description, save: false });
    if (stored) {
      // This keychain cannot unwrap the key the secrets and tokens are sealed with (another
      // backend, a new login keyring): they stay, locked, and open again where it can. What is
      // entered meanwhile is sealed by this keychain itself, as before the data key, until every
      // secret is: the vault then belongs to this keychain and gets a key of its own (put).
      this.#appSlotFailed = slot?.backend === keychain.backend();
      this.#cipher = legacy;
      return;
    }
    // A vault of an older Tokensmith, or a new one: its key, and its secrets moved to it at once.
    await this.#newKeyForApp(keychain);
  }

  /** A new data key in the app's slot, and every secret this keychain seals moved to it, in one write. */
  async #newKeyForApp(keychain: OsKeychain): Promise<void> {
    const { data } = this.#options;
    const legacy = createKeychainCipher(keychain);
    const fresh = newDataKey();
    data.dataKey = {
      id: fresh.id,
      check: keyCheck(fresh),
      slots: { app: { backend: keychain.backend(), wrapped: await wrapWithKeychain(keychain, fresh), addedAt: now() } },
    };
    this.#appSlotFailed = false;
    await this.#start({ dataKey: fresh, legacy, description: describeBackend(keychain.backend()), save: true });
  }

  /**
   * Takes the data key into use, and moves to it, in one write, every secret the old protection
   * sealed (a vault of an older Tokensmith on its first open): the store never holds half of each.
   */
  async #start(options: {
    dataKey: DataKey;
    legacy: SecretCipher | undefined;
    /** The slot that opened it, for people: "your passphrase", "the GNOME keyring (gnome_libsecret)". */
    description: string;
    save: boolean;
  }): Promise<void> {
    const { dataKey, legacy } = options;
    const cipher = createDataKeyCipher(dataKey, options.description);
    this.#dataKey = dataKey;
    this.#cipher = cipher;
    this.#legacy = legacy;
    let changed = options.save;
    const { data } = this.#options;
    if (legacy) {
      for (const [ref, sealed] of Object.entries(data.secrets)) {
        if (ownerOf(sealed) !== legacy.owner || !this.#acceptsFormat(sealed)) continue;
        const plaintext = await legacy.decrypt(sealed, ref).catch(keepLocked);
        if (plaintext === undefined) continue;
        data.secrets[ref] = await cipher.encrypt(plaintext, ref);
        changed = true;
      }
    }
    if (this.#markBound() || changed) this.#options.save();
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
      cliAllowed: this.cliAllowed,
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

  /**
   * Protects the vault with a passphrase: first run without a keychain, or on request. The data
   * key stays and is wrapped under the new passphrase (the app's slot goes: the keychain no longer
   * opens the vault), so no secret is sealed again. Changing an existing passphrase needs the
   * current one, even while unlocked, so a moment at an unlocked screen is not enough to take the
   * vault over.
   */
  async usePassphrase(passphrase: string, current?: string): Promise<void> {
    checkPassphraseStrength(passphrase);
    const { data } = this.#options;
    if (data.protection === 'passphrase') {
      if (current === undefined) {
        // A new salt and check would leave every secret sealed under a key no passphrase can give again.
        if (!this.#cipher)
          throw new AppError('VAULT_LOCKED', 'The vault is locked, so its passphrase cannot be changed.', {
            hint: 'Unlock it with your current passphrase first.',
          });
        throw new AppError('WRONG_PASSPHRASE', 'Type your current passphrase to change it.', {
          hint: 'The current passphrase is the one that unlocks the vault now.',
        });
      }
      const currentKey = await this.#checkedKey(current);
      if (!this.#dataKey) await this.#openWithPassphraseKey(currentKey);
    }
    // A keychain vault this session cannot open (the keychain is gone) starts a new key: its old
    // secrets stay, locked, as they would with any other protection. What a keychain that could
    // not unwrap the old key sealed itself meanwhile moves to the new key.
    const legacy = this.#legacy ?? (this.#dataKey ? undefined : this.#cipher);
    const dataKey = this.#dataKey ?? newDataKey();
    const params = this.#options.kdf ?? DEFAULT_KDF;
    const salt = newSalt();
    const key = await deriveKey(passphrase, salt, params);
    const kept = this.#dataKey && data.dataKey?.id === dataKey.id ? data.dataKey.slots : {};
    data.protection = 'passphrase';
    delete data.keychainBackend;
    data.passphrase = {
      salt: salt.toString('base64url'),
      ...params,
      check: sealAesGcm(key, Buffer.from(CHECK_PLAINTEXT)).toString('base64url'),
    };
    data.dataKey = {
      id: dataKey.id,
      check: keyCheck(dataKey),
      slots: {
        ...(kept.keyring ? { keyring: kept.keyring } : {}),
        passphrase: { wrapped: wrapWithPassphraseKey(key, dataKey), addedAt: now() },
      },
    };
    // The cipher now says "your passphrase" in its messages, whatever opened it.
    await this.#start({ dataKey, legacy, description: 'your passphrase', save: false });
    this.#markBound();
    this.#options.save();
    this.#touch();
    this.#options.onChange?.();
  }

  /** Opens a passphrase vault with its slot, or, in a vault of an older Tokensmith, makes the data key and moves to it. */
  async #openWithPassphraseKey(passphraseKey: Buffer): Promise<void> {
    const { data } = this.#options;
    const stored = data.dataKey;
    const legacy = createPassphraseCipher(passphraseKey);
    if (stored) {
      const slot = stored.slots.passphrase;
      if (!slot)
        throw new AppError('VAULT_CORRUPTED', 'The vault is protected by a passphrase, but has no passphrase slot.', {
          hint: 'The store file was altered or damaged; restore it from a backup.',
        });
      const dataKey = unwrapWithPassphraseKey(passphraseKey, stored, slot.wrapped);
      await this.#start({ dataKey, legacy, description: 'your passphrase', save: false });
      return;
    }
    const dataKey = newDataKey();
    data.dataKey = {
      id: dataKey.id,
      check: keyCheck(dataKey),
      slots: { passphrase: { wrapped: wrapWithPassphraseKey(passphraseKey, dataKey), addedAt: now() } },
    };
    await this.#start({ dataKey, legacy, description: 'your passphrase', save: true });
  }

  /** The passphrase key, once the stored parameters are within bounds and the passphrase is right. */
  async #checkedKey(passphrase: string): Promise<Buffer> {
    const settings = this.#options.data.passphrase;
    if (this.#options.data.protection !== 'passphrase' || !settings) {
      throw new AppError('NOT_SUPPORTED', 'This vault is protected by the keychain, not a passphrase.');
    }
    // Before Argon2id allocates anything: a tampered store could ask for gigabytes or hours.
    const outOfBounds = kdfOutOfBounds(settings);
    if (outOfBounds) {
      throw new AppError(
        'VAULT_KDF_REJECTED',
        `The vault's stored key derivation asks for ${outOfBounds}, so Tokensmith will not run it.`,
        {
          hint: 'The store file was altered or written by something else; restore it from a backup, or set the vault up again.',
        },
      );
    }
    const key = await deriveKey(passphrase, Buffer.from(settings.salt, 'base64url'), settings);
    try {
      openAesGcm(key, Buffer.from(settings.check, 'base64url'));
    } catch {
      throw new AppError('WRONG_PASSPHRASE', 'That passphrase does not unlock the vault.', {
        hint: 'Type it again; the case matters.',
      });
    }
    return key;
  }

  /** Marks the vault bound once no value is left of format version 1; answers whether it did now. */
  #markBound(): boolean {
    const { data } = this.#options;
    if (data.format === 2 || Object.values(data.secrets).some(isUnboundEnvelope)) return false;
    data.format = 2;
    return true;
  }

  /** A vault whose entries are all bound refuses an unbound one: it may be another entry's, moved. */
  #acceptsFormat(sealed: string): boolean {
    return this.#options.data.format !== 2 || !isUnboundEnvelope(sealed);
  }

  async unlock(passphrase: string): Promise<void> {
    await this.#openWithPassphraseKey(await this.#checkedKey(passphrase));
    this.#touch();
    this.#options.onChange?.();
  }

  /** Locks after this long without use from now on; 0 never. The idle time so far counts from now. */
  setAutoLock(ms: number): void {
    this.#options.autoLockMs = ms;
    clearTimeout(this.#idleTimer);
    if (this.unlocked) this.#touch();
    this.#options.onChange?.();
  }

  /**
   * Opens the vault with the command line's slot: the data key from the OS keyring. False when the
   * vault has no such slot (the user did not allow it); KEYRING_UNAVAILABLE when the keyring cannot
   * be reached; VAULT_CLI_NOT_ALLOWED when the slot is there but its key is gone from the keyring.
   */
  async unlockWithKeyring(keyring: OsKeyring): Promise<boolean> {
    const stored = this.#options.data.dataKey;
    const slot = stored?.slots.keyring;
    if (!stored || !slot) return false;
    const text = await keyring.get(slot.service, slot.account);
    if (text === undefined)
      throw new AppError('VAULT_CLI_NOT_ALLOWED', "The vault's key is not in the OS keyring any more.", {
        hint: "Allow the command line again: `tokensmith vault allow-cli`, or in the app's vault settings.",
      });
    const dataKey = verifiedKey(Buffer.from(text, 'base64url'), stored);
    if (!dataKey)
      throw new AppError('VAULT_CORRUPTED', `The key in the OS keyring (${slot.account}) does not open this vault.`, {
        hint: "Allow the command line again, so the keyring gets this vault's key.",
      });
    await this.#start({ dataKey, legacy: undefined, description: 'the key in the OS keyring', save: false });
    this.#touch();
    return true;
  }

  /**
   * Adds the command line's slot: the data key into the OS keyring, where any program the user
   * runs can read it (that is the point: scripts open the vault without a passphrase). It needs
   * the open vault, and seals no secret again.
   */
  async allowCli(keyring: OsKeyring): Promise<void> {
    const dataKey = this.#openKey();
    const stored = this.#options.data.dataKey;
    if (!stored) throw new AppError('VAULT_NEEDS_SETUP', 'The vault has no key yet.');
    const account = `vault-${dataKey.id}`;
    await keyring.set(KEYRING_SERVICE, account, dataKey.key.toString('base64url'));
    this.#setSlots({ ...stored.slots, keyring: { service: KEYRING_SERVICE, account, addedAt: now() } });
  }

  /** Removes the command line's slot, and its key from the keyring first: a slot left there would still open the vault. */
  async denyCli(keyring: OsKeyring): Promise<void> {
    this.#openKey();
    const stored = this.#options.data.dataKey;
    const slot = stored?.slots.keyring;
    if (!stored || !slot) return;
    await keyring.delete(slot.service, slot.account);
    const { keyring: _removed, ...rest } = stored.slots;
    this.#setSlots(rest);
  }

  /** The key slots, for `tokensmith vault slots`: kinds and dates, never key material. */
  slots(): KeySlotInfo[] {
    return listKeySlots(this.#options.data);
  }

  /** Whether the command line's slot is there. */
  get cliAllowed(): boolean {
    return this.#options.data.dataKey?.slots.keyring !== undefined;
  }

  /** The data key of the open vault: a slot is added or removed only by someone who could open it. */
  #openKey(): DataKey {
    this.#cipherOrThrow();
    if (!this.#dataKey)
      throw new AppError(
        'VAULT_ENTRY_LOCKED',
        "This keychain cannot unwrap the vault's key, so no slot can be added.",
        {
          hint: 'Enter the locked secrets again, then restart Tokensmith: the vault then gets a key this keychain opens.',
        },
      );
    return this.#dataKey;
  }

  #setSlots(slots: KeySlots): void {
    const { data } = this.#options;
    if (!data.dataKey) return;
    // A new object, so a merge with another process's write sees the change (store/merge.ts).
    data.dataKey = { ...data.dataKey, slots };
    this.#options.save();
    this.#options.onChange?.();
  }

  /** True when a value is sealed the way this vault seals now: a ledger entry that is not is sealed again. */
  isCurrent(sealed: string): boolean {
    return this.#cipher !== undefined && ownerOf(sealed) === this.#cipher.owner;
  }

  /** Forgets the key (passphrase vaults only: the keychain unlocks with the user's login). */
  lock(): void {
    if (this.#options.data.protection !== 'passphrase' || !this.#cipher) return;
    this.#cipher = undefined;
    this.#dataKey = undefined;
    this.#legacy = undefined;
    clearTimeout(this.#idleTimer);
    this.#options.onChange?.();
  }

  async put(ref: string, value: string): Promise<void> {
    const cipher = this.#cipherOrThrow();
    const sealed = await cipher.encrypt(value, ref);
    const { data } = this.#options;
    data.secrets[ref] = sealed;
    // A new value starts without the origins the old one was allowed to go to.
    this.#forgetOrigins(ref);
    data.meta = { ...data.meta, [ref]: { setAt: new Date().toISOString() } };
    // Once every secret of an old keychain backend was entered again, the vault belongs to the new one.
    if (
      data.protection === 'keychain' &&
      this.#keychain &&
      Object.values(data.secrets).every((other) => ownerOf(other) === cipher.owner)
    ) {
      data.keychainBackend = this.#keychain.backend();
      // Sealed by the keychain itself until now (its old key was another keychain's): a key of its own, in this write.
      if (!this.#dataKey) return this.#newKeyForApp(this.#keychain);
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
    const cipher = this.#cipherFor(sealed);
    if (!cipher) {
      throw new AppError(
        'VAULT_ENTRY_LOCKED',
        `${label} was encrypted with ${this.#describeOwner(sealed)}, which this session cannot use.`,
        { hint: `Enter ${label} again.` },
      );
    }
    try {
      if (!this.#acceptsFormat(sealed))
        throw new AppError('VAULT_CORRUPTED', 'It was sealed by an older Tokensmith after this vault was upgraded.');
      return await cipher.decrypt(sealed, ref);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VAULT_CORRUPTED') throw error;
      throw new AppError(
        'VAULT_CORRUPTED',
        `${label} (${ref}) in the store file does not belong to this entry: it was moved from another entry or damaged.`,
        { hint: `Enter ${label} again; the other secrets are not affected.`, cause: error },
      );
    }
  }

  async masked(ref: string): Promise<string> {
    return maskSecret(await this.get(ref));
  }

  /** Adds values sealed by {@link seal} under their references, in one write (an import's). */
  adopt(sealed: Record<string, string>): void {
    if (Object.keys(sealed).length === 0) return;
    const { data } = this.#options;
    Object.assign(data.secrets, sealed);
    const setAt = new Date().toISOString();
    data.meta = { ...data.meta, ...Object.fromEntries(Object.keys(sealed).map((ref) => [ref, { setAt }])) };
    this.#options.save();
  }

  delete(ref: string): void {
    this.remove([ref]);
  }

  /** Every reference the vault holds a sealed value for. */
  refs(): string[] {
    return Object.keys(this.#options.data.secrets);
  }

  /** What sealed one entry, read from its envelope (the vault may hold another keychain's entries). */
  protectionOf(ref: string): 'keychain' | 'passphrase' | 'unknown' {
    const sealed = this.#options.data.secrets[ref];
    if (sealed === undefined) return 'unknown';
    const owner = ownerOf(sealed);
    // Under the data key, a secret is protected by whatever protects the vault: its slots.
    if (owner.startsWith('dk:')) return this.#options.data.protection ?? 'unknown';
    return owner === 'pw' ? 'passphrase' : owner.startsWith('os:') ? 'keychain' : 'unknown';
  }

  /** When a secret was set and last sent, as far as the vault knows. */
  metaOf(ref: string): { setAt?: string; usedAt?: string } {
    return this.#options.data.meta?.[ref] ?? {};
  }

  /**
   * Records that secrets were sent now. A grant sends its secrets every time; the store is written
   * only when a use is more than a minute newer than the last one recorded.
   */
  markUsed(refs: readonly string[], now = new Date()): void {
    const { data } = this.#options;
    const stale = refs.filter((ref) => {
      const usedAt = data.meta?.[ref]?.usedAt;
      return this.has(ref) && (usedAt === undefined || now.getTime() - Date.parse(usedAt) > USED_AT_RESOLUTION_MS);
    });
    if (stale.length === 0) return;
    const usedAt = now.toISOString();
    data.meta = {
      ...data.meta,
      ...Object.fromEntries(stale.map((ref) => [ref, { ...data.meta?.[ref], usedAt }])),
    };
    this.#options.save();
  }

  /**
   * Takes entries out of the vault, in one write: their sealed values leave the store file. The
   * sealed values are answered (never opened) so that an undo can put them back as they were.
   */
  remove(refs: readonly string[]): RemovedSecret[] {
    const { data } = this.#options;
    const removed: RemovedSecret[] = refs.flatMap((ref) => {
      const sealed = data.secrets[ref];
      if (sealed === undefined) return [];
      const origins = data.origins?.[ref];
      const meta = data.meta?.[ref];
      return [{ ref, sealed, ...(origins ? { origins } : {}), ...(meta ? { meta } : {}) }];
    });
    if (removed.length === 0) return [];
    const gone = new Set(removed.map(({ ref }) => ref));
    const keep = <T>(record: Record<string, T>): Record<string, T> =>
      Object.fromEntries(Object.entries(record).filter(([key]) => !gone.has(key)));
    data.secrets = keep(data.secrets);
    if (data.origins) data.origins = keep(data.origins);
    if (data.meta) data.meta = keep(data.meta);
    this.#options.save();
    return removed;
  }

  /** Puts back what {@link remove} took, sealed as it was; an entry set again since is left alone. */
  restore(removed: readonly RemovedSecret[]): void {
    const { data } = this.#options;
    const back = removed.filter(({ ref }) => !this.has(ref));
    if (back.length === 0) return;
    for (const { ref, sealed, origins, meta } of back) {
      data.secrets[ref] = sealed;
      if (origins) data.origins = { ...data.origins, [ref]: origins };
      if (meta) data.meta = { ...data.meta, [ref]: meta };
    }
    this.#options.save();
  }

  /** Seals any value with the vault's protection (ledger entries), bound to the reference it is kept under. */
  seal(plaintext: string, ref: string): Promise<string> {
    return this.#cipherOrThrow().encrypt(plaintext, ref);
  }

  /** Opens what seal() sealed for `ref`; a value of format version 1 opens too (the caller seals it again). */
  open(sealed: string, ref: string): Promise<string> {
    const cipher = this.#cipherFor(sealed);
    if (!cipher)
      throw new AppError('VAULT_ENTRY_LOCKED', `This entry was encrypted with ${this.#describeOwner(sealed)}.`);
    return cipher.decrypt(sealed, ref);
  }

  /** The data key's cipher, or the old protection's for what it sealed; undefined when neither opens it. */
  #cipherFor(sealed: string): SecretCipher | undefined {
    const cipher = this.#cipherOrThrow();
    const owner = ownerOf(sealed);
    if (owner === cipher.owner) return cipher;
    if (owner === this.#legacy?.owner) return this.#legacy;
    const keyId = this.#options.data.dataKey?.id;
    if (this.#appSlotFailed && owner === `dk:${keyId}`) {
      const backend = describeBackend(this.#keychain?.backend() ?? 'unknown');
      throw new AppError('VAULT_ENTRY_LOCKED', `The keychain (${backend}) could not decrypt this secret.`, {
        hint: 'The keychain key changed (a new login keyring or another user profile). Enter the secret again.',
      });
    }
    return undefined;
  }

  /** What sealed a value, for people: the vault's own key is named by the slot that opens it. */
  #describeOwner(sealed: string): string {
    const owner = ownerOf(sealed);
    const stored = this.#options.data.dataKey;
    if (stored && owner === `dk:${stored.id}`) {
      if (stored.slots.app) return describeBackend(stored.slots.app.backend);
      if (stored.slots.passphrase) return 'a passphrase';
    }
    return describeOwner(owner);
  }

  /** The origins (scheme://host:port) a stored secret may be sent to without asking; empty before its first use. */
  originsOf(ref: string): readonly string[] {
    return this.#options.data.origins?.[ref] ?? [];
  }

  #forgetOrigins(ref: string): void {
    const { data } = this.#options;
    if (data.origins?.[ref])
      data.origins = Object.fromEntries(Object.entries(data.origins).filter(([key]) => key !== ref));
  }

  /** Records an origin a stored secret may go to (its first use, or one the user approved). */
  allowOrigin(ref: string, origin: string): void {
    if (!this.has(ref) || this.originsOf(ref).includes(origin)) return;
    const { data } = this.#options;
    data.origins = { ...data.origins, [ref]: [...this.originsOf(ref), origin] };
    this.#options.save();
  }

  /** True when this exact reference text was approved on this machine (or typed by the user). */
  isRefApproved(text: string): boolean {
    return Object.hasOwn(this.#options.data.approvedRefs ?? {}, text);
  }

  /** Records that the user approved (or typed) a reference; kept unsealed, as it holds no value. */
  approveRef(text: string, at: Date = new Date()): void {
    if (this.isRefApproved(text)) return;
    const { data } = this.#options;
    data.approvedRefs = { ...data.approvedRefs, [text]: at.toISOString() };
    this.#options.save();
  }

  close(): void {
    clearTimeout(this.#idleTimer);
  }
}

function keepLocked(error: unknown): undefined {
  if (error instanceof AppError && (error.code === 'VAULT_ENTRY_LOCKED' || error.code === 'VAULT_CORRUPTED'))
    return undefined;
  throw error;
}

function ownerOf(sealed: string): string {
  try {
    return envelopeOwner(sealed);
  } catch {
    return 'unknown';
  }
}

function describeOwner(owner: string): string {
  return owner.startsWith('os:')
    ? describeBackend(owner.slice(3))
    : owner === 'pw'
      ? 'a passphrase'
      : owner.startsWith('dk:')
        ? 'another vault key'
        : 'an unknown protection';
}

function now(): string {
  return new Date().toISOString();
}

export function checkPassphraseStrength(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('WEAK_PASSPHRASE', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`, {
      hint: 'Use a few unrelated words.',
    });
  }
}

import { AppError } from '../../../shared/domain/errors.ts';
import { maskSecret } from '../../../shared/domain/secrets.ts';
import { MIN_PASSPHRASE_LENGTH, type VaultState } from '../../../shared/domain/vault-state.ts';
import type { VaultData } from '../store/store-schema.ts';
import { envelopeOwner, isUnboundEnvelope } from './envelope.ts';
import { createKeychainCipher, describeBackend, isWeakBackend, type OsKeychain } from './keychain-cipher.ts';
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
      vault.#markBound();
      options.save();
    }
    await vault.#bindOldEntries();
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

  /**
   * Protects the vault with a passphrase: first run without a keychain, or on request (re-encrypts
   * everything). Changing an existing passphrase needs the current one, even while unlocked, so a
   * moment at an unlocked screen is not enough to take the vault over.
   */
  async usePassphrase(passphrase: string, current?: string): Promise<void> {
    checkPassphraseStrength(passphrase);
    const { data } = this.#options;
    let cipher = this.#cipher;
    if (data.protection === 'passphrase') {
      if (current === undefined) {
        // A new salt and check would leave every secret sealed under a key no passphrase can give again.
        if (!cipher)
          throw new AppError('VAULT_LOCKED', 'The vault is locked, so its passphrase cannot be changed.', {
            hint: 'Unlock it with your current passphrase first.',
          });
        throw new AppError('WRONG_PASSPHRASE', 'Type your current passphrase to change it.', {
          hint: 'The current passphrase is the one that unlocks the vault now.',
        });
      }
      cipher = createPassphraseCipher(await this.#checkedKey(current));
    }
    const openable = cipher ? await this.#openAll(cipher) : [];
    const params = this.#options.kdf ?? DEFAULT_KDF;
    const salt = newSalt();
    const key = await deriveKey(passphrase, salt, params);
    const next = createPassphraseCipher(key);
    const secrets: Record<string, string> = { ...data.secrets };
    for (const [ref, plaintext] of openable) secrets[ref] = await next.encrypt(plaintext, ref);
    data.protection = 'passphrase';
    delete data.keychainBackend;
    data.passphrase = {
      salt: salt.toString('base64url'),
      ...params,
      check: sealAesGcm(key, Buffer.from(CHECK_PLAINTEXT)).toString('base64url'),
    };
    data.secrets = secrets;
    this.#markBound();
    this.#cipher = next;
    this.#options.save();
    this.#touch();
    this.#options.onChange?.();
  }

  /**
   * Every entry a cipher opens, in clear. What it cannot open (another keychain's, or an entry
   * moved or damaged in the file) is left out, to stay in the store as it is, locked.
   */
  async #openAll(cipher: SecretCipher): Promise<[string, string][]> {
    const opened: [string, string][] = [];
    for (const [ref, sealed] of Object.entries(this.#options.data.secrets)) {
      if (ownerOf(sealed) !== cipher.owner || !this.#acceptsFormat(sealed)) continue;
      const plaintext = await cipher.decrypt(sealed, ref).catch(keepLocked);
      if (plaintext !== undefined) opened.push([ref, plaintext]);
    }
    return opened;
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

  /**
   * Seals again, bound to their reference, the entries an older Tokensmith sealed without it
   * (format version 1), then marks the vault so such values are refused from then on: one moved
   * from another entry would otherwise open. Entries this cipher cannot open stay as they are.
   */
  async #bindOldEntries(): Promise<void> {
    const cipher = this.#cipher;
    const { data } = this.#options;
    if (!cipher || data.format === 2) return;
    let changed = false;
    for (const [ref, sealed] of Object.entries(data.secrets)) {
      if (!isUnboundEnvelope(sealed) || ownerOf(sealed) !== cipher.owner) continue;
      const plaintext = await cipher.decrypt(sealed, ref).catch(keepLocked);
      if (plaintext === undefined) continue;
      data.secrets[ref] = await cipher.encrypt(plaintext, ref);
      changed = true;
    }
    if (this.#markBound() || changed) this.#options.save();
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
    this.#cipher = createPassphraseCipher(await this.#checkedKey(passphrase));
    await this.#bindOldEntries();
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

  /** Forgets the key (passphrase vaults only: the keychain unlocks with the user's login). */
  lock(): void {
    if (this.#options.data.protection !== 'passphrase' || !this.#cipher) return;
    this.#cipher = undefined;
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
    const owner = ownerOf(this.#options.data.secrets[ref] ?? '');
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
    const cipher = this.#cipherOrThrow();
    if (ownerOf(sealed) !== cipher.owner)
      throw new AppError('VAULT_ENTRY_LOCKED', `This entry was encrypted with ${describeOwner(sealed)}.`);
    return cipher.decrypt(sealed, ref);
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

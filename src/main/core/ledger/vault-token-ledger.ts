import type { OpenedStore } from '../store/open-store.ts';
import { ledgerSecretsSchema, type LedgerFile, type StoredLedgerEntry } from '../store/store-schema.ts';
import { isUnboundEnvelope } from '../vault/envelope.ts';
import type { Vault } from '../vault/vault.ts';
import { MemoryTokenLedger, type LedgerEntry, type NewLedgerEntry, type TokenLedger } from './token-ledger.ts';

/** What an entry's sealed value is bound to, so two entries swapped in the file do not open. */
function ledgerRef(id: string): string {
  return `ledger:${id}`;
}

/**
 * The token ledger, kept in memory and sealed into the store by the vault after every change.
 * Entries the vault cannot open (locked, or another keychain backend) stay in the store untouched
 * and come back when it can.
 */
export class VaultTokenLedger implements TokenLedger {
  readonly #memory = new MemoryTokenLedger();
  readonly #store: OpenedStore<LedgerFile>;
  readonly #vault: Vault;
  /** Entries in the store this session could not open: kept as they are on every write. */
  #unopened: StoredLedgerEntry[] = [];
  #writing: Promise<void> = Promise.resolve();
  /** A write is queued and has not started: it will take any change made now. */
  #queued = false;
  /** Set when the last write failed (locked vault): the tokens are only in memory. */
  lastWriteError: Error | undefined;

  constructor(store: OpenedStore<LedgerFile>, vault: Vault) {
    this.#store = store;
    this.#vault = vault;
    // Until load() opens them (it cannot while the vault is locked), every stored entry is kept as it is.
    this.#unopened = [...store.data.entries];
  }

  /** Reads the sealed entries (at start, and again after the vault is unlocked). */
  async load(): Promise<void> {
    const unopened: StoredLedgerEntry[] = [];
    let unbound = false;
    for (const stored of this.#store.data.entries) {
      const held = this.#memory.get(stored.id);
      // Another process (the command line) renewed or revoked a held token since: the stored one is newer.
      const newer = held && (stored.obtainedAt > held.obtainedAt || (stored.revoked && !held.revoked));
      if (held && !newer) continue;
      // A token got for the same key while the vault was locked is newer: it replaces this one.
      if (!held && this.#memory.list().some((entry) => entry.key === stored.key)) continue;
      try {
        const { sealed, ...meta } = stored;
        const opened = await this.#vault.open(sealed, ledgerRef(stored.id));
        this.#memory.restore({ ...meta, ...ledgerSecretsSchema.parse(JSON.parse(opened)) });
        // Sealed by an older Tokensmith without its id, or before the vault's data key: seal it again.
        unbound ||= isUnboundEnvelope(sealed) || !this.#vault.isCurrent(sealed);
      } catch {
        // A held token stays as it is; only one never opened waits in the store for a later load.
        if (!held) unopened.push(stored);
      }
    }
    this.#unopened = unopened;
    // Tokens got while the vault was locked are only in memory, and entries of an older Tokensmith
    // are sealed without their id or the data key: write them now that the vault can seal them.
    if (this.lastWriteError || unbound) {
      this.#persist();
      await this.#writing;
    }
  }

  /**
   * Forgets the clear tokens when the vault locks: they are sealed in the store and come back with
   * load() after unlocking. Tokens that could not be sealed yet stay, rather than being lost.
   */
  async unload(): Promise<void> {
    await this.#writing;
    if (this.lastWriteError) return;
    this.#memory.clear();
    this.#unopened = [...this.#store.data.entries];
  }

  list(): LedgerEntry[] {
    return this.#memory.list();
  }

  /** How many stored tokens this session cannot open (sealed by another keychain backend). */
  get unopenedCount(): number {
    return this.#unopened.length;
  }

  get(id: string): LedgerEntry | undefined {
    return this.#memory.get(id);
  }

  put(entry: NewLedgerEntry): LedgerEntry {
    const stored = this.#memory.put(entry);
    // A new token for the same key replaces one this session could not open, as load() would.
    this.#unopened = this.#unopened.filter((unopened) => unopened.key !== stored.key);
    this.#persist();
    return stored;
  }

  update(id: string, change: Parameters<TokenLedger['update']>[1]): LedgerEntry | undefined {
    const updated = this.#memory.update(id, change);
    this.#persist();
    return updated;
  }

  delete(id: string): boolean {
    const deleted = this.#memory.delete(id);
    this.#unopened = this.#unopened.filter((entry) => entry.id !== id);
    this.#persist();
    return deleted;
  }

  /** Resolves when every change so far is in the store. */
  flushed(): Promise<void> {
    return this.#writing;
  }

  /**
   * Seals every entry again after the vault changed its protection, where that changed the key:
   * a new slot for the same data key (a passphrase instead of the keychain) seals nothing again.
   */
  reseal(): Promise<void> {
    const unopened = new Set(this.#unopened.map((entry) => entry.id));
    const stale = this.#store.data.entries.some(
      (entry) => !unopened.has(entry.id) && !this.#vault.isCurrent(entry.sealed),
    );
    if (stale) this.#persist();
    return this.#writing;
  }

  /**
   * Writes are chained so two changes can never interleave and lose one another, and a change made
   * while a write is still queued joins it: importing a thousand tokens seals and writes the ledger
   * once, not a thousand times (each write seals every entry and writes the whole store).
   */
  #persist(): void {
    if (this.#queued) return;
    this.#queued = true;
    this.#writing = this.#writing.then(async () => {
      // From here on a change queues the next write: the entries are read just below, before any await.
      this.#queued = false;
      try {
        const sealed = await Promise.all(
          this.#memory.list().map(async (entry): Promise<StoredLedgerEntry> => ({
            id: entry.id,
            key: entry.key,
            profileId: entry.profileId,
            environment: entry.environment,
            clientId: entry.clientId,
            scope: entry.scope,
            obtainedAt: entry.obtainedAt,
            revoked: entry.revoked,
            ...(entry.replacedSecret ? { replacedSecret: true } : {}),
            sealed: await this.#vault.seal(
              JSON.stringify({
                token: entry.token,
                values: entry.values,
                vars: entry.vars,
                ...(entry.dpopKey ? { dpopKey: entry.dpopKey } : {}),
              }),
              ledgerRef(entry.id),
            ),
          })),
        );
        this.#store.data.entries = [...sealed, ...this.#unopened];
        this.#store.save(this.#store.data);
        this.lastWriteError = undefined;
      } catch (error) {
        this.lastWriteError = error instanceof Error ? error : new Error(String(error));
      }
    });
  }
}

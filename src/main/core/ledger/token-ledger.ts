import { randomUUID } from 'node:crypto';
import type { FieldValues } from '../../../shared/domain/profile.ts';
import type { TokenSet } from '../../../shared/domain/token.ts';
import type { TemplateVar } from '../../../shared/flow/template.ts';
import type { DpopKey } from '../oauth/dpop.ts';

/** A token and what is needed to renew or revoke it. Held in clear in main only. */
export interface LedgerEntry {
  id: string;
  /** profile + environment + client + scope: one token per key, the newest wins. */
  key: string;
  profileId: string;
  environment: string;
  clientId: string;
  scope: string;
  token: TokenSet;
  obtainedAt: string;
  /** The field values the token was got with, to renew it the same way. */
  values: FieldValues;
  /** What the flow discovered (endpoints), for refresh and revocation. */
  vars: [string, TemplateVar][];
  /** RFC 9449: the entry's own key pair, when its token is DPoP-bound; sealed with the token. */
  dpopKey?: DpopKey;
  revoked: boolean;
  /** Got with a secret that was replaced since (Vault › Replace): kept until it expires, marked. */
  replacedSecret?: boolean;
}

export type NewLedgerEntry = Omit<LedgerEntry, 'id' | 'key' | 'revoked'>;

/** Where tokens are kept. In memory here; the vault stores the same entries encrypted. */
export interface TokenLedger {
  list(): LedgerEntry[];
  get(id: string): LedgerEntry | undefined;
  /** Adds the entry, or replaces the one with the same key (keeping its id). */
  put(entry: NewLedgerEntry): LedgerEntry;
  update(
    id: string,
    change: Partial<Pick<LedgerEntry, 'token' | 'obtainedAt' | 'revoked' | 'vars' | 'dpopKey' | 'replacedSecret'>>,
  ): LedgerEntry | undefined;
  delete(id: string): boolean;
}

export function ledgerKey(entry: Pick<LedgerEntry, 'profileId' | 'environment' | 'clientId' | 'scope'>): string {
  return JSON.stringify([entry.profileId, entry.environment, entry.clientId, entry.scope]);
}

export class MemoryTokenLedger implements TokenLedger {
  readonly #entries = new Map<string, LedgerEntry>();

  list(): LedgerEntry[] {
    return [...this.#entries.values()];
  }

  get(id: string): LedgerEntry | undefined {
    return this.#entries.get(id);
  }

  put(entry: NewLedgerEntry): LedgerEntry {
    const key = ledgerKey(entry);
    const existing = this.list().find((candidate) => candidate.key === key);
    const stored: LedgerEntry = { ...entry, id: existing?.id ?? randomUUID(), key, revoked: false };
    this.#entries.set(stored.id, stored);
    return stored;
  }

  update(
    id: string,
    change: Partial<Pick<LedgerEntry, 'token' | 'obtainedAt' | 'revoked' | 'vars' | 'dpopKey' | 'replacedSecret'>>,
  ): LedgerEntry | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    const updated = { ...entry, ...change };
    this.#entries.set(id, updated);
    return updated;
  }

  delete(id: string): boolean {
    return this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Puts back an entry read from the store, id and all. */
  restore(entry: LedgerEntry): void {
    this.#entries.set(entry.id, entry);
  }
}

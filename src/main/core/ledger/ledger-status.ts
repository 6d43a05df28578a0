import type { LedgerStatus } from '../../../shared/domain/ledger.ts';
import type { LedgerEntry } from './token-ledger.ts';

// What a ledger entry's own data says about it, without the flow engine: the ledger service and
// `tokensmith tokens` (which lists the ledger and must start fast) read them alike.

/** Renewal starts this long before expiry: a tenth of the lifetime, between 5 s and a minute. */
export function renewLeadMs(entry: LedgerEntry): number {
  const lifetime = (entry.token.expiresIn ?? 600) * 1000;
  return Math.min(60_000, Math.max(5_000, lifetime / 10));
}

export function ledgerStatus(entry: LedgerEntry, now: Date): LedgerStatus {
  if (entry.revoked) return 'revoked';
  if (!entry.token.expiresAt) return 'no-expiry';
  const left = Date.parse(entry.token.expiresAt) - now.getTime();
  if (left <= 0) return 'expired';
  return left <= renewLeadMs(entry) ? 'expiring' : 'valid';
}

/**
 * Whether a token was got with a saved request's settings: the same provider, and each value the
 * request saves the same as the one the token was got with (secrets are not saved in a request).
 */
export function gotWithRequest(
  entry: LedgerEntry,
  request: { profileId: string; values: Record<string, string> },
): boolean {
  if (entry.profileId !== request.profileId) return false;
  return Object.entries(request.values).every(([name, value]) => value === '' || entry.values[name] === value);
}

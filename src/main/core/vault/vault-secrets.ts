import { AppError } from '../../../shared/domain/errors.ts';
import type { TokenLedger } from '../ledger/token-ledger.ts';
import { parseSecretRef } from './vault-inventory.ts';
import type { Vault } from './vault.ts';

/**
 * Replaces (rotates) a stored secret with a new value. Tokens in the ledger that were got with the
 * old value stay until they expire, marked as obtained with a replaced secret; the old value is
 * compared in main and never leaves it. Answers how many tokens were marked.
 */
export async function replaceSecret(
  deps: { vault: Vault; ledger: TokenLedger },
  change: { ref: string; value: string },
): Promise<{ marked: number }> {
  const { vault, ledger } = deps;
  const { ref, value } = change;
  if (value === '') throw new AppError('INVALID_INPUT', 'Type the new value.', { hint: 'A secret cannot be empty.' });
  const field = parseSecretRef(ref)?.field;
  // The old value only matters to find the tokens got with it; one this session cannot open has none here.
  const old = vault.has(ref) ? await vault.get(ref).catch(() => undefined) : undefined;
  await vault.put(ref, value);
  let marked = 0;
  if (old === undefined || field === undefined || old === value) return { marked };
  for (const entry of ledger.list()) {
    if (entry.values[field] !== old || entry.replacedSecret) continue;
    ledger.update(entry.id, { replacedSecret: true });
    marked += 1;
  }
  return { marked };
}

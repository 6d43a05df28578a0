import { AppError } from '../../shared/domain/errors.ts';
import type { LedgerStatus } from '../../shared/domain/ledger.ts';
import { findProfile, PROFILES } from '../../shared/providers/index.ts';
import type { FlowDeps } from '../../main/core/flow/flow-context.ts';
import { redactError, runSecrets } from '../../main/core/flow/report.ts';
import { gotWithRequest, ledgerStatus } from '../../main/core/ledger/ledger-status.ts';
import type { Command } from '../command.ts';
import { openStorageForCommand, type CommandPlace } from '../store.ts';
import { terminalJson, terminalText } from '../terminal-text.ts';
import { openVault } from './vault.ts';

/** A ledger token as `tokensmith tokens` shows it: what it is for and its state, never the token. */
export interface TokenListing {
  id: string;
  provider: string;
  environment: string;
  client: string;
  scope: string;
  /** The saved requests whose settings got the token. */
  requests: string[];
  expiresAt?: string;
  state: 'valid' | 'expired' | 'revoked';
}

function stateOf(status: LedgerStatus): TokenListing['state'] {
  switch (status) {
    case 'expired':
    case 'revoked':
      return status;
    case 'valid':
    case 'expiring':
    case 'no-expiry':
      return 'valid';
  }
}

/**
 * `tokensmith tokens`: the tokens the app's ledger holds. It only reads, from the entries' own data:
 * neither the flow engine nor an HTTP client is loaded.
 */
export async function tokensCommand(options: { place: CommandPlace }): Promise<TokenListing[]> {
  const { workspace, vault, ledger } = await openVault(options.place, { create: false, what: 'tokens' });
  try {
    const requests = workspace.requests();
    const now = new Date();
    return ledger.list().map((entry) => ({
      id: entry.id,
      provider: findProfile(entry.profileId)?.name ?? entry.profileId,
      environment: entry.environment,
      client: entry.clientId,
      scope: entry.scope,
      requests: requests.filter((request) => gotWithRequest(entry, request)).map((request) => request.name),
      ...(entry.token.expiresAt ? { expiresAt: entry.token.expiresAt } : {}),
      state: stateOf(ledgerStatus(entry, now)),
    }));
  } finally {
    vault.close();
  }
}

/** The listing as a table, one token a line; every cell made safe for the terminal. */
export function formatTokens(listings: readonly TokenListing[]): string {
  if (listings.length === 0) return 'The ledger holds no tokens.';
  const header = ['ID', 'PROVIDER', 'ENVIRONMENT', 'CLIENT', 'SCOPE', 'REQUEST', 'EXPIRES', 'STATE'];
  const rows = listings.map((listing) =>
    [
      listing.id,
      listing.provider,
      listing.environment,
      listing.client,
      listing.scope || '-',
      listing.requests.join(', ') || '-',
      listing.expiresAt ?? 'never',
      listing.state,
    ].map(terminalText),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Whether `revoke ID` names a ledger entry. The ids are in the store in clear, so the old forms
 * (`revoke TOKEN`) need no vault passphrase to be told apart from it.
 */
export function isLedgerId(place: CommandPlace, id: string): boolean {
  const { stores } = openStorageForCommand(place, { readOnly: true, what: 'revoke' });
  return stores.ledger.data.entries.some((entry) => entry.id === id);
}

/**
 * `tokensmith revoke ID`: revokes a ledger token where its provider can (RFC 7009), as the app's
 * ledger does, and marks it revoked so no command hands it out again.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function revokeLedgerCommand(options: { place: CommandPlace; id: string; deps: FlowDeps }): Promise<void> {
  const { vault, ledger: tokens } = await openVault(options.place, { create: false, writes: true, what: 'revoke' });
  const { LedgerService } = await import('../../main/core/ledger/ledger-service.ts');
  const ledger = new LedgerService({ ledger: tokens, profiles: PROFILES, deps: options.deps, autoRenew: false });
  try {
    const run = await ledger.revoke(options.id);
    await tokens.flushed();
    if (run.error) {
      const data = redactError(run.error, runSecrets(run));
      throw new AppError(data.code, data.message, data.hint ? { hint: data.hint } : {});
    }
    if (tokens.lastWriteError) {
      throw new AppError(
        'STORE_INVALID',
        `The token was revoked, but the ledger could not be updated: ${tokens.lastWriteError.message}`,
      );
    }
  } finally {
    ledger.close();
    vault.close();
  }
}

/** `tokensmith tokens [--json]`: the ledger, never a token. */
export const run: Command = async ({ flags, place }) => {
  const listings = await tokensCommand({ place });
  console.log(flags.json ? terminalJson(listings) : formatTokens(listings));
  return 0;
};

import { z } from 'zod';
import { AppError } from '../../../shared/domain/errors.ts';
import { environmentSchema, savedRequestSchema, type SavedRequest } from '../../../shared/domain/workspace.ts';
import type { LedgerEntry, TokenLedger } from '../ledger/token-ledger.ts';
import type { VaultTokenLedger } from '../ledger/vault-token-ledger.ts';
import type { OpenedStore } from '../store/open-store.ts';
import { ledgerSecretsSchema, storedLedgerEntrySchema, type VaultFile } from '../store/store-schema.ts';
import type { WorkspaceStorage } from '../workspace/workspace-storage.ts';
import { scopePrefix } from '../workspace/secret-refs.ts';
import { openExport, sealExport } from './export-file.ts';
import type { KdfParams } from './passphrase-cipher.ts';
import { checkPassphraseStrength, type Vault } from './vault.ts';

/** A ledger entry as an export carries it: its metadata and, inside the encryption, its secrets. */
const ledgerEntrySchema = storedLedgerEntrySchema.omit({ sealed: true }).extend(ledgerSecretsSchema.shape);

/** What an encrypted export holds, in clear inside the encryption. */
export const vaultPayloadSchema = z.object({
  kind: z.literal('tokensmith-vault'),
  version: z.literal(1),
  exportedAt: z.string(),
  savedRequests: z.array(savedRequestSchema),
  environments: z.array(environmentSchema),
  /** Secret values by vault reference. */
  secrets: z.record(z.string(), z.string()),
  /**
   * When each secret was set and last used, by reference, for the Vault view. Optional: exports of
   * an older Tokensmith have none (their secrets count as set at the import), and an older one
   * reading this file leaves it out.
   */
  secretTimes: z
    .record(z.string(), z.object({ setAt: z.string().optional(), usedAt: z.string().optional() }))
    .optional(),
  ledger: z.array(ledgerEntrySchema),
});
export type VaultPayload = z.infer<typeof vaultPayloadSchema>;

/** The shareable export: requests and environments, secrets left out (their fields stay, empty). */
export const requestsPayloadSchema = z.object({
  kind: z.literal('tokensmith-requests'),
  version: z.literal(1),
  exportedAt: z.string(),
  savedRequests: z.array(savedRequestSchema),
  environments: z.array(environmentSchema),
});

export interface ImportSummary {
  requests: number;
  environments: number;
  secrets: number;
  tokens: number;
}

interface TransferDeps {
  /** The vault's file: its sealed secrets and their origins. */
  vaultFile: OpenedStore<VaultFile>;
  /** Where the saved requests and environments are. */
  files: WorkspaceStorage;
  vault: Vault;
  ledger: VaultTokenLedger;
  now?: () => Date;
}

function chosen(files: WorkspaceStorage, requestIds: readonly string[] | undefined): SavedRequest[] {
  const all = files.requests();
  if (!requestIds) return all;
  const missing = requestIds.find((id) => !all.some((request) => request.id === id));
  if (missing) throw new AppError('UNKNOWN_SAVED_REQUEST', 'One of the chosen saved requests no longer exists.');
  return all.filter((request) => requestIds.includes(request.id));
}

/**
 * The whole vault (or chosen saved requests with their secrets) as one encrypted file. Every secret
 * is opened first, so an export never silently leaves out one the vault cannot read. Tokens it
 * cannot open (sealed by another keychain backend) cannot be exported; how many were left out is
 * part of the answer, for the user to be told.
 */
export async function exportVault(
  deps: TransferDeps,
  options: { passphrase: string; requestIds?: readonly string[]; kdf?: KdfParams },
): Promise<{ file: Buffer; tokensLeftOut: number }> {
  checkPassphraseStrength(options.passphrase);
  const requests = chosen(deps.files, options.requestIds);
  const prefixes = options.requestIds
    ? requests.map((request) => scopePrefix({ kind: 'request', id: request.id }))
    : undefined;
  const secrets: Record<string, string> = {};
  const secretTimes: NonNullable<VaultPayload['secretTimes']> = {};
  for (const ref of Object.keys(deps.vaultFile.data.secrets)) {
    if (prefixes && !prefixes.some((prefix) => ref.startsWith(prefix))) continue;
    secrets[ref] = await deps.vault.get(ref, `The secret ${ref}`);
    const times = deps.vault.metaOf(ref);
    if (times.setAt !== undefined || times.usedAt !== undefined) secretTimes[ref] = times;
  }
  const payload: VaultPayload = {
    kind: 'tokensmith-vault',
    version: 1,
    exportedAt: (deps.now?.() ?? new Date()).toISOString(),
    savedRequests: requests,
    environments: deps.files.environments(),
    secrets,
    secretTimes,
    ledger: options.requestIds ? [] : deps.ledger.list(),
  };
  return {
    file: await sealExport(payload, options.passphrase, options.kdf),
    tokensLeftOut: options.requestIds ? 0 : deps.ledger.unopenedCount,
  };
}

/** Saved requests and environments without a single secret, for sharing. */
export function exportRequests(deps: Pick<TransferDeps, 'files' | 'now'>, requestIds?: readonly string[]): Buffer {
  const payload: z.infer<typeof requestsPayloadSchema> = {
    kind: 'tokensmith-requests',
    version: 1,
    exportedAt: (deps.now?.() ?? new Date()).toISOString(),
    savedRequests: chosen(deps.files, requestIds).map((request) => ({ ...request, secretFields: [] })),
    environments: deps.files.environments(),
  };
  return Buffer.from(`${JSON.stringify(payload, null, 2)}\n`, 'utf8');
}

/** Reads and checks an export file completely; nothing in the store changes here. */
export async function readVaultExport(file: Buffer, passphrase: string): Promise<VaultPayload> {
  const parsed = vaultPayloadSchema.safeParse(await openExport(file, passphrase));
  if (!parsed.success)
    throw new AppError('EXPORT_CORRUPTED', 'The export file decrypts, but its contents are not a Tokensmith vault.', {
      hint: 'Export again with this version of Tokensmith.',
    });
  return parsed.data;
}

/**
 * Brings a checked export into the store: saved requests and environments by id (the file wins),
 * every secret sealed by this vault, every token into the ledger. Secrets are sealed before anything
 * is written, so a failure changes nothing.
 */
export async function applyVaultImport(deps: TransferDeps, payload: VaultPayload): Promise<ImportSummary> {
  const sealed: Record<string, string> = {};
  for (const [ref, value] of Object.entries(payload.secrets)) sealed[ref] = await deps.vault.seal(value, ref);
  const data = deps.vaultFile.data;
  Object.assign(data.secrets, sealed);
  // An imported secret is a new value: it starts without the origins the one it replaces could go to.
  if (data.origins) data.origins = Object.fromEntries(Object.entries(data.origins).filter(([ref]) => !(ref in sealed)));
  // It was set when the export says (the Vault view shows it), or else now; its last use goes with it.
  const importedAt = (deps.now?.() ?? new Date()).toISOString();
  data.meta = {
    ...data.meta,
    ...Object.fromEntries(
      Object.keys(sealed).map((ref) => {
        const times = payload.secretTimes?.[ref];
        const usedAt = instant(times?.usedAt);
        return [ref, { setAt: instant(times?.setAt) ?? importedAt, ...(usedAt !== undefined ? { usedAt } : {}) }];
      }),
    ),
  };
  deps.vaultFile.save(data);
  deps.files.saveBatch({ requests: payload.savedRequests, environments: payload.environments });
  for (const entry of payload.ledger) importLedgerEntry(deps.ledger, entry);
  return {
    requests: payload.savedRequests.length,
    environments: payload.environments.length,
    secrets: Object.keys(sealed).length,
    tokens: payload.ledger.length,
  };
}

/**
 * A time the export carries, when it is one. Anything else is left out: a "last used" that is not
 * a time would never be brought up to date again (Vault.markUsed compares with it).
 */
function instant(at: string | undefined): string | undefined {
  const time = at === undefined ? Number.NaN : Date.parse(at);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

function importLedgerEntry(ledger: TokenLedger, entry: LedgerEntry): void {
  const stored = ledger.put({
    profileId: entry.profileId,
    environment: entry.environment,
    clientId: entry.clientId,
    scope: entry.scope,
    token: entry.token,
    obtainedAt: entry.obtainedAt,
    values: entry.values,
    vars: entry.vars,
  });
  // Got with a secret replaced since, it stays that way here: no renewal sends the old secret again.
  if (entry.revoked || entry.replacedSecret)
    ledger.update(stored.id, {
      ...(entry.revoked ? { revoked: true } : {}),
      ...(entry.replacedSecret ? { replacedSecret: true } : {}),
    });
}

import { AppError } from '../../shared/domain/errors.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import type { CompiledRequest } from '../../shared/flow/compile.ts';
import { leftOutNote } from '../../shared/domain/vault-state.ts';
import { VaultTokenLedger } from '../../main/core/ledger/vault-token-ledger.ts';
import type { VaultPayload } from '../../main/core/vault/vault-transfer.ts';
import { createOsKeyring, type OsKeyring } from '../../main/core/vault/os-keyring.ts';
import { recordSecretUse, type VaultSecret } from '../../main/core/vault/secret-use.ts';
import { Vault } from '../../main/core/vault/vault.ts';
import { scopePrefix, secretRef } from '../../main/core/workspace/secret-refs.ts';
import { findProfile } from '../../shared/providers/index.ts';
import { UsageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { onFile } from '../file-errors.ts';
import { openStorageForCommand, type CommandPlace } from '../store.ts';
import { promptSecret } from '../prompt.ts';
import type { RefApprovals } from '../secret-refs.ts';

const EXPORT_FILE_HINT = 'Give the file that `tokensmith vault export` or the app (Vault › Export) wrote.';
const OUT_HINT = 'Give --out a file name in a folder that exists and that you can write to.';

// node:fs/promises is loaded by the export and import alone: the commands that only open the
// vault (token, tokens, grant) start without it.
/** The export and import formats (and their schemas), loaded by the commands that read or write one. */
function vaultTransfer() {
  return import('../../main/core/vault/vault-transfer.ts');
}

async function readExportFile(file: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return onFile(readFile(file), { file, action: 'read', hint: EXPORT_FILE_HINT });
}

async function writeOut(out: string, data: string | Uint8Array): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  return onFile(writeFile(out, data, { mode: 0o600 }), { file: out, action: 'write', hint: OUT_HINT });
}

/** A passphrase from its environment variable, or typed at a prompt. */
export async function passphrase(variable: string, question: string): Promise<string> {
  const value = process.env[variable] ?? (await promptSecret(question));
  if (!value) throw new UsageError(`Give the passphrase in ${variable}, or run in a terminal to type it.`);
  return value;
}

/** How a command opens the vault: what it is for, and whether it may write. */
export interface OpenVaultOptions {
  /** Set a passphrase vault up on an empty store (an import). */
  create: boolean;
  /** For messages and the store's lock: `vault export`, `grant` … */
  what: string;
  /** The command writes to the store (a slot, a token); without it, and without `create`, it only reads. */
  writes?: boolean;
  /** The OS keyring; tests and other platforms may pass their own. */
  keyring?: OsKeyring;
}

/**
 * Opens the app's vault from the command line: the one way every command does it. It tries the
 * command line's key slot (the data key in the OS keyring, there once the user allowed it), then
 * the passphrase (TOKENSMITH_VAULT_PASSPHRASE, or a prompt on a terminal); when it can do neither
 * it says, in one line, what to turn on. The app's own slot is Electron's safeStorage, which only
 * the app can use. `create` sets a passphrase vault up on an empty store.
 */
export async function openVault(place: CommandPlace, options: OpenVaultOptions) {
  // Only a command that creates the vault, or changes the vault or the ledger, writes; an export only reads.
  const readOnly = !options.create && !options.writes;
  const { stores, workspace } = openStorageForCommand(place, { readOnly, what: options.what });
  // A command that only reads writes nothing: the vault's own upkeep (moving an older vault to its
  // data key) is kept in memory and left to a command that writes, or the app.
  const vault = await Vault.open({
    data: stores.vault.data,
    save: () => {
      if (!readOnly) stores.vault.save(stores.vault.data);
    },
  });
  const keyring = options.keyring ?? createOsKeyring();
  let keyringError: AppError | undefined;
  if (vault.cliAllowed) {
    try {
      await vault.unlockWithKeyring(keyring);
    } catch (error) {
      // The passphrase may still open it; this is said only when it cannot.
      if (!(error instanceof AppError)) throw error;
      keyringError = error;
    }
  }
  if (!vault.unlocked)
    await unlockWithoutKeyring(vault, {
      protection: stores.vault.data.protection,
      create: options.create,
      keyringError,
    });
  const ledger = new VaultTokenLedger(stores.ledger, vault);
  await ledger.load();
  return { stores, workspace, vault, ledger };
}

async function unlockWithoutKeyring(
  vault: Vault,
  options: { protection: 'keychain' | 'passphrase' | null; create: boolean; keyringError: AppError | undefined },
): Promise<void> {
  const { protection, keyringError } = options;
  if (protection === 'keychain') {
    if (keyringError) throw keyringError;
    throw new AppError(
      'VAULT_CLI_NOT_ALLOWED',
      'This vault is protected by the operating system keychain, which only the app can use.',
      {
        hint: 'Turn on "Let the command line open the vault" in the app\'s vault settings, or export the vault from the app (Vault › Export).',
      },
    );
  }
  if (protection === null && !options.create)
    throw new AppError('VAULT_NEEDS_SETUP', 'There is no vault in this folder yet.', {
      hint: 'Check --data-dir, or import a vault first.',
    });
  const vaultPassphrase = process.env.TOKENSMITH_VAULT_PASSPHRASE ?? (await promptSecret('Vault passphrase: ')) ?? '';
  if (!vaultPassphrase) {
    if (keyringError) throw keyringError;
    if (protection === null)
      throw new UsageError(
        'Give the new vault a passphrase in TOKENSMITH_VAULT_PASSPHRASE, or run in a terminal to type it.',
      );
    throw new AppError('VAULT_CLI_NOT_ALLOWED', 'The command line cannot open the vault: it has no passphrase.', {
      hint: 'Run `tokensmith vault allow-cli` once in your session, or set TOKENSMITH_VAULT_PASSPHRASE.',
    });
  }
  if (protection === 'passphrase') await vault.unlock(vaultPassphrase);
  else await vault.usePassphrase(vaultPassphrase);
}

export async function vaultExportCommand(options: {
  place: CommandPlace;
  out: string;
  withSecrets: boolean;
}): Promise<string> {
  if (!options.withSecrets) {
    const { workspace } = openStorageForCommand(options.place, { readOnly: true, what: 'vault export' });
    await writeOut(options.out, (await vaultTransfer()).exportRequests({ files: workspace }));
    return `Wrote the saved requests and environments, without secrets, to ${options.out}.`;
  }
  const { stores, workspace, vault, ledger } = await openVault(options.place, { create: false, what: 'vault export' });
  const { file, tokensLeftOut } = await (
    await vaultTransfer()
  ).exportVault(
    { vaultFile: stores.vault, files: workspace, vault, ledger },
    { passphrase: await passphrase('TOKENSMITH_PASSPHRASE', 'Passphrase for the export file: ') },
  );
  await writeOut(options.out, file);
  return `Wrote the encrypted vault to ${options.out}.${leftOutNote(tokensLeftOut)}`;
}

export async function vaultImportCommand(options: { place: CommandPlace; file: string }): Promise<string> {
  const file = await readExportFile(options.file);
  const payload = await (
    await vaultTransfer()
  ).readVaultExport(file, await passphrase('TOKENSMITH_PASSPHRASE', 'Passphrase of the export file: '));
  const { stores, workspace, vault, ledger } = await openVault(options.place, { create: true, what: 'vault import' });
  const summary = await (
    await vaultTransfer()
  ).applyVaultImport({ vaultFile: stores.vault, files: workspace, vault, ledger }, payload);
  await ledger.flushed();
  return `Imported ${summary.requests} saved request(s), ${summary.environments} environment(s), ${summary.secrets} secret(s) and ${summary.tokens} token(s).`;
}

/** A saved request of an export file, with its environment and secrets, ready to run. */
export async function savedRequestFromExport(
  file: string,
  name: string,
): Promise<{ profile: Profile; values: Record<string, string>; token?: VaultPayload['ledger'][number] }> {
  const payload = await (
    await vaultTransfer()
  ).readVaultExport(
    await readExportFile(file),
    await passphrase('TOKENSMITH_PASSPHRASE', 'Passphrase of the export file: '),
  );
  const saved = payload.savedRequests.find((candidate) => candidate.name === name || candidate.id === name);
  if (!saved) {
    throw new UsageError(
      `The file has no saved request "${name}"; it has ${payload.savedRequests.map((request) => `"${request.name}"`).join(', ') || 'none'}.`,
    );
  }
  const profile = findProfile(saved.profileId);
  if (!profile)
    throw new UsageError(
      `The saved request uses the profile "${saved.profileId}", which this Tokensmith does not know.`,
    );
  const environment = payload.environments.find((candidate) => candidate.id === saved.environmentId);
  const prefix = scopePrefix({ kind: 'request', id: saved.id });
  const secrets = Object.fromEntries(
    Object.entries(payload.secrets)
      .filter(([ref]) => ref.startsWith(prefix))
      .map(([ref, value]) => [ref.slice(prefix.length), value]),
  );
  const values: Record<string, string> = { ...saved.values, ...environment?.values, ...secrets };
  const clientId = values.clientId ?? values.keyId ?? '';
  // The newest token the file holds for this request's client, for introspect, revoke and dpop-proof.
  const token = payload.ledger
    .filter((entry) => entry.profileId === profile.id && entry.clientId === clientId)
    .sort((a, b) => b.obtainedAt.localeCompare(a.obtainedAt))[0];
  return { profile, values, ...(token ? { token } : {}) };
}

/**
 * A saved request of the workspace, with its environment and, from the vault, its secrets: what
 * `grant --saved NAME` runs. It writes nothing into the workspace. With `recordUse` (a command that
 * sends the request) the vault is opened for writing, and `beforeSend` records when its secrets
 * were sent, for the Vault view's "last used".
 */
export async function savedRequestFromWorkspace(
  place: CommandPlace,
  name: string,
  options: { recordUse?: boolean } = {},
): Promise<{
  profile: Profile;
  values: Record<string, string>;
  approvals: RefApprovals;
  beforeSend?: (request: CompiledRequest) => Promise<void>;
}> {
  const { stores, workspace } = openStorageForCommand(place, { readOnly: true, what: 'grant' });
  const saved = workspace.requests().find((candidate) => candidate.name === name || candidate.id === name);
  if (!saved) {
    const names = workspace.requests().map((request) => `"${request.name}"`);
    throw new UsageError(
      `The workspace ${workspace.dir} has no saved request "${name}"; it has ${names.slice(0, 20).join(', ') || 'none'}${names.length > 20 ? ', …' : ''}.`,
    );
  }
  const profile = findProfile(saved.profileId);
  if (!profile)
    throw new UsageError(
      `The saved request uses the profile "${saved.profileId}", which this Tokensmith does not know.`,
    );
  const environment = workspace.environments().find((candidate) => candidate.id === saved.environmentId);
  const values: Record<string, string> = { ...saved.values, ...environment?.values };
  // The workspace's references are the team's (read once approved here); an environment's value comes first.
  for (const [field, ref] of Object.entries(saved.refs ?? {})) values[field] ??= ref;
  // The approvals are kept unsealed: read without opening the vault. A grant records none.
  const approved = stores.vault.data.approvedRefs ?? {};
  const approvals: RefApprovals = { isRefApproved: (text) => Object.hasOwn(approved, text) };
  // Without a vault on this machine (a teammate's fresh clone) there is no secret to add: the grant
  // then names the field to set, as for any missing value.
  if (saved.secretFields.length > 0 && stores.vault.data.protection !== null) {
    const { vault } = await openVault(place, { create: false, what: 'grant', writes: options.recordUse === true });
    const secrets: VaultSecret[] = [];
    for (const field of profile.fields) {
      const ref = secretRef({ kind: 'request', id: saved.id }, field.name);
      // A teammate's request from git has no secret on this machine yet: the grant then says which field to set.
      if (field.type !== 'secret' || saved.refs?.[field.name] !== undefined || !vault.has(ref)) continue;
      const value = await vault.get(ref, field.label);
      values[field.name] = value;
      secrets.push({ ref, value });
    }
    vault.close();
    if (options.recordUse) return { profile, values, approvals, beforeSend: recordSecretUse(vault, secrets) };
  }
  return { profile, values, approvals };
}

/** `tokensmith vault export | import | list | set | rm | prune | allow-cli | deny-cli | slots`. */
export const run: Command = async ({ positionals, flags, place }) => {
  const action = positionals[1];
  if (action === 'export') {
    if (!flags.out) throw new UsageError('vault export needs --out FILE.');
    process.stderr.write(
      `${await vaultExportCommand({ place, out: flags.out, withSecrets: !flags['without-secrets'] })}\n`,
    );
    return 0;
  }
  if (action === 'import') {
    const file = positionals[2];
    if (!file) throw new UsageError('vault import needs the FILE to import.');
    process.stderr.write(`${await vaultImportCommand({ place, file })}\n`);
    return 0;
  }
  if (action === 'list') {
    const { vaultListCommand } = await import('./vault-secrets.ts');
    console.log(await vaultListCommand(place, { json: flags.json }));
    return 0;
  }
  if (action === 'set' || action === 'rm') {
    const [request, field] = positionals.slice(2);
    if (!request || !field) throw new UsageError(`vault ${action} needs the REQUEST (name or id) and the FIELD.`);
    const { vaultRmCommand, vaultSetCommand } = await import('./vault-secrets.ts');
    const command = action === 'set' ? vaultSetCommand : vaultRmCommand;
    process.stderr.write(`${await command(place, { request, field })}\n`);
    return 0;
  }
  if (action === 'prune') {
    const { vaultPruneCommand } = await import('./vault-secrets.ts');
    process.stderr.write(`${await vaultPruneCommand(place)}\n`);
    return 0;
  }
  if (action === 'allow-cli' || action === 'deny-cli') {
    const { allowCliCommand, denyCliCommand } = await import('./vault-slots.ts');
    process.stderr.write(`${await (action === 'allow-cli' ? allowCliCommand : denyCliCommand)({ place })}\n`);
    return 0;
  }
  if (action === 'slots') {
    const { slotsCommand } = await import('./vault-slots.ts');
    console.log(await slotsCommand({ place, json: flags.json }));
    return 0;
  }
  throw new UsageError(
    'Use `tokensmith vault` with list, set, rm, prune, export, import, allow-cli, deny-cli or slots.',
  );
};

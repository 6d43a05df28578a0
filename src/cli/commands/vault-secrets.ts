import { AppError, type AppErrorData } from '../../shared/domain/errors.ts';
import type { FieldDef, Profile } from '../../shared/domain/profile.ts';
import { SECRET_KIND_LABELS, type VaultEntry } from '../../shared/domain/vault-inventory.ts';
import type { SavedRequest } from '../../shared/domain/workspace.ts';
import { findProfile, PROFILES } from '../../shared/providers/index.ts';
import { vaultInventory } from '../../main/core/vault/vault-inventory.ts';
import { replaceSecret } from '../../main/core/vault/vault-secrets.ts';
import { Vault } from '../../main/core/vault/vault.ts';
import type { WorkspaceStorage } from '../../main/core/workspace/workspace-storage.ts';
import { secretRef } from '../../main/core/workspace/secret-refs.ts';
import { keptInVault } from '../../main/core/workspace/workspace.ts';
import { UsageError } from '../cli-error.ts';
import { promptSecret } from '../prompt.ts';
import { openStorageForCommand, type CommandPlace } from '../store.ts';
import { terminalJson, terminalText } from '../terminal-text.ts';
import { openVault } from './vault.ts';

/**
 * `tokensmith vault list`: the same list as the app's Vault view, never a value. It only reads the
 * store's metadata, so it needs no passphrase.
 */
export async function vaultListCommand(place: CommandPlace, options: { json: boolean }): Promise<string> {
  const { stores, workspace } = openStorageForCommand(place, { readOnly: true, what: 'vault list' });
  // Without a keychain and without unlocking, the vault only answers what it holds and how it is sealed.
  const vault = await Vault.open({ data: stores.vault.data, save: () => undefined });
  const entries = vaultInventory({
    vault,
    requests: workspace.requests(),
    environments: workspace.environments(),
    profiles: PROFILES,
  });
  vault.close();
  if (options.json) return terminalJson(entries);
  if (entries.length === 0) return 'The vault holds no secrets.';
  return entries.map(describeEntry).join('\n');
}

function describeEntry(entry: VaultEntry): string {
  const parts = [
    entry.leftover ? `leftover ${entry.ref}` : `${entry.owner.name} › ${entry.fieldLabel}`,
    SECRET_KIND_LABELS[entry.kind],
    entry.reference ? `reference ${entry.reference}` : `sealed by ${entry.protection}`,
    entry.origins.length > 0 ? `for ${entry.origins.join(', ')}` : 'not sent yet',
    `set ${entry.setAt ?? 'before this was kept'}`,
    `last used ${entry.usedAt ?? 'never'}`,
  ];
  // Names come from workspace files, which anyone with the repository can write.
  return terminalText(parts.join(' · '));
}

/** A saved request by name or id, and one of its profile's secret fields by name or label. */
function secretOf(
  workspace: WorkspaceStorage,
  names: { request: string; field: string },
): { request: SavedRequest; profile: Profile; field: FieldDef } {
  const request = workspace
    .requests()
    .find((candidate) => candidate.name === names.request || candidate.id === names.request);
  if (!request) {
    throw new UsageError(
      `The workspace has no saved request "${names.request}"; \`tokensmith vault list\` shows the requests with secrets.`,
    );
  }
  const profile = findProfile(request.profileId);
  if (!profile)
    throw new UsageError(
      `The saved request uses the profile "${request.profileId}", which this Tokensmith does not know.`,
    );
  const secrets = profile.fields.filter((field) => field.type === 'secret');
  const wanted = names.field.toLowerCase();
  const field = secrets.find(
    (candidate) => candidate.name.toLowerCase() === wanted || candidate.label.toLowerCase() === wanted,
  );
  if (!field) {
    throw new UsageError(
      `"${names.field}" is not a secret field of ${profile.name}; its secret fields are ${secrets.map((candidate) => candidate.name).join(', ')}.`,
    );
  }
  return { request, profile, field };
}

/** What the user typed or piped: one trailing line break is the terminal's or echo's, not the secret's. */
async function readValue(question: string): Promise<string> {
  let value: string | undefined;
  if (process.stdin.isTTY) value = await promptSecret(question);
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    value = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  if (!value) throw new UsageError('Give the new value on standard input (it is never taken from the command line).');
  return value;
}

/**
 * `tokensmith vault set REQUEST FIELD`: stores (or replaces) a secret of a saved request, read from
 * standard input, never from argv. Tokens got with the old value are marked, as in the app.
 */
export async function vaultSetCommand(place: CommandPlace, names: { request: string; field: string }): Promise<string> {
  const { workspace, vault, ledger } = await openVault(place, { create: true, what: 'vault set' });
  try {
    const { request, field } = secretOf(workspace, names);
    const value = await readValue(`New ${field.label} of "${request.name}": `);
    const { marked } = await replaceSecret(
      { vault, ledger },
      { ref: secretRef({ kind: 'request', id: request.id }, field.name), value },
    );
    // The request says which secrets it has, so a grant of it looks in the vault for this one; a
    // value set here ends the reference the field read.
    if (!request.secretFields.includes(field.name) || request.refs?.[field.name] !== undefined)
      workspace.saveRequests([keptInVault(request, field.name)]);
    await ledger.flushed();
    const note =
      marked > 0 ? ` ${marked} token(s) got with the old value are marked as obtained with a replaced secret.` : '';
    return terminalText(`Set the ${field.label} of "${request.name}" in the vault.${note}`);
  } finally {
    vault.close();
  }
}

/** `tokensmith vault rm REQUEST FIELD`: the sealed value leaves the store file. */
export async function vaultRmCommand(place: CommandPlace, names: { request: string; field: string }): Promise<string> {
  const { workspace, vault } = await openVault(place, { create: false, writes: true, what: 'vault rm' });
  try {
    const { request, field } = secretOf(workspace, names);
    const ref = secretRef({ kind: 'request', id: request.id }, field.name);
    if (vault.remove([ref]).length === 0)
      throw new AppError(
        'VAULT_ENTRY_LOCKED',
        terminalText(`The ${field.label} of "${request.name}" is not in the vault.`),
        {
          hint: '`tokensmith vault list` shows what it holds.',
        },
      );
    return terminalText(`Removed the ${field.label} of "${request.name}" (${ref}) from the vault.`);
  } finally {
    vault.close();
  }
}

/** `tokensmith vault prune`: removes the leftovers, the secrets nothing uses any more, and names them. */
export async function vaultPruneCommand(place: CommandPlace): Promise<string> {
  const { workspace, vault } = await openVault(place, { create: false, writes: true, what: 'vault prune' });
  try {
    const leftovers = vaultInventory({
      vault,
      requests: workspace.requests(),
      environments: workspace.environments(),
      profiles: PROFILES,
    }).filter((entry) => entry.leftover);
    const removed = vault.remove(leftovers.map((entry) => entry.ref));
    if (removed.length === 0) return 'The vault has no leftovers.';
    const lines = leftovers.map((entry) => `  ${terminalText(`${entry.ref} (${SECRET_KIND_LABELS[entry.kind]})`)}`);
    return [`Removed ${removed.length} leftover secret(s) from the vault:`, ...lines].join('\n');
  } finally {
    vault.close();
  }
}

/**
 * A grant of a saved request whose secret is not in the vault says so, and how to set it, instead
 * of only that the field is required.
 */
export function missingSecretError(error: AppErrorData, saved: { name: string; profile: Profile }): AppErrorData {
  const field = saved.profile.fields.find((candidate) => candidate.name === error.field);
  if (error.code !== 'MISSING_FIELD' || field?.type !== 'secret') return error;
  return {
    ...error,
    message: `The ${field.label} of "${saved.name}" is not set in the vault.`,
    hint: `Set it: tokensmith vault set "${saved.name}" ${field.name} (the value on standard input).`,
  };
}

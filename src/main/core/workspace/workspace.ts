import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { FieldValues, Profile } from '../../../shared/domain/profile.ts';
import { maskSecret } from '../../../shared/domain/secrets.ts';
import { isSecretRef, parseSecretRef, refNeedsConsent } from '../../../shared/refs/secret-ref.ts';
import { requireProfile } from '../../../shared/providers/index.ts';
import type { Environment, FollowUpRequest, SavedRequest } from '../../../shared/domain/workspace.ts';
import type { Vault } from '../vault/vault.ts';
import { secretRef, type SecretScope } from './secret-refs.ts';
import type { WorkspaceStorage } from './workspace-storage.ts';

/** A saved request whose secret field now has its value in the vault: named in `secrets:`, its reference gone. */
export function keptInVault(request: SavedRequest, field: string): SavedRequest {
  const { refs: previous, ...rest } = request;
  const refs = Object.fromEntries(Object.entries(previous ?? {}).filter(([name]) => name !== field));
  return {
    ...rest,
    secretFields: [...rest.secretFields.filter((name) => name !== field), field],
    ...(Object.keys(refs).length > 0 ? { refs } : {}),
  };
}

export interface SaveRequestInput {
  id?: string | undefined;
  name: string;
  folder?: string | undefined;
  profileId: string;
  environmentId?: string | undefined;
  /** Every field value the form has; secret ones go to the vault, an empty one keeps the stored value. */
  values: FieldValues;
  followUps?: FollowUpRequest[] | undefined;
  /** A new request takes the secrets of the profile's scratch form unless this is false (imports). */
  fromDraft?: boolean | undefined;
}

/** What a scope's secret fields hold, as the renderer may see it. */
export type SecretMasks = Record<string, { masked: string } | { locked: string } | { ref: string }>;

/**
 * Saved requests and environments, with their secrets in the vault. Everything the renderer gets
 * from here is safe to hold: non-secret values, and masks of the secret ones.
 */
export class Workspace {
  #files: WorkspaceStorage;
  readonly #vault: Vault;
  readonly #profiles: readonly Profile[];
  readonly #now: () => Date;

  constructor(options: { files: WorkspaceStorage; vault: Vault; profiles: readonly Profile[]; now?: () => Date }) {
    this.#files = options.files;
    this.#vault = options.vault;
    this.#profiles = options.profiles;
    this.#now = options.now ?? (() => new Date());
  }

  #profile(id: string): Profile {
    return requireProfile(id, this.#profiles);
  }

  /** Where the requests and environments are kept: the workspace folder (or memory). */
  get files(): WorkspaceStorage {
    return this.#files;
  }

  /** Works on another workspace from now on (File › Open Workspace…). */
  use(files: WorkspaceStorage): void {
    this.#files = files;
  }

  requests(): SavedRequest[] {
    return this.#files.requests();
  }

  request(id: string): SavedRequest {
    const found = this.#files.requests().find((candidate) => candidate.id === id);
    if (!found) throw new AppError('UNKNOWN_SAVED_REQUEST', 'That saved request no longer exists.');
    return found;
  }

  environments(): Environment[] {
    return this.#files.environments();
  }

  /**
   * Stores typed secrets of a scope in the vault and answers which fields were kept. A locked vault
   * keeps nothing (the caller says so to the user); it never stores a secret any other way.
   */
  async storeSecrets(
    scope: SecretScope,
    profile: Profile,
    values: FieldValues,
  ): Promise<{ kept: string[]; notKept: string[] }> {
    const kept: string[] = [];
    const notKept: string[] = [];
    for (const field of profile.fields) {
      const value = values[field.name];
      if (field.type !== 'secret' || value === undefined || value === '') continue;
      if (!this.#vault.unlocked) {
        notKept.push(field.name);
        continue;
      }
      const ref = secretRef(scope, field.name);
      // Each grant sends the form's secrets again; sealing the same value anew would cost a store write per run.
      if (!(this.#vault.has(ref) && (await this.#vault.get(ref).catch(() => undefined)) === value))
        await this.#vault.put(ref, value);
      kept.push(field.name);
    }
    return { kept, notKept };
  }

  /** The values a grant runs with: the stored ones, what was typed now, then the environment's. */
  async valuesFor(
    scope: SecretScope,
    profile: Profile,
    typed: FieldValues,
    environmentId?: string,
  ): Promise<Record<string, string>> {
    const environment = environmentId
      ? this.#files.environments().find((candidate) => candidate.id === environmentId)
      : undefined;
    const saved = scope.kind === 'request' ? this.request(scope.id) : undefined;
    const values: Record<string, string> = { ...saved?.values };
    for (const [name, value] of Object.entries(typed)) if (value !== '') values[name] = value;
    // The environment decides what it sets (base URLs, a provider's environment name): that is what choosing it means.
    Object.assign(values, environment?.values);
    for (const field of profile.fields) {
      if (field.type !== 'secret' || (values[field.name] ?? '') !== '') continue;
      // The workspace's reference is the team's: it wins over a value this machine kept before it.
      const shared = saved?.refs?.[field.name];
      if (shared !== undefined) {
        values[field.name] = shared;
        continue;
      }
      const ref = secretRef(scope, field.name);
      if (this.#vault.has(ref)) values[field.name] = await this.#vault.get(ref, field.label);
    }
    return values;
  }

  async masks(scope: SecretScope, profile: Profile): Promise<SecretMasks> {
    const masks: SecretMasks = {};
    const request =
      scope.kind === 'request' ? this.#files.requests().find((saved) => saved.id === scope.id) : undefined;
    for (const field of profile.fields) {
      if (field.type !== 'secret') continue;
      const shared = request?.refs?.[field.name];
      if (shared !== undefined) {
        masks[field.name] = { ref: shared };
        continue;
      }
      const ref = secretRef(scope, field.name);
      if (!this.#vault.has(ref)) {
        // A request from the workspace (a teammate's, pulled with git) names a secret this machine has no value for.
        if (request?.secretFields.includes(field.name))
          masks[field.name] = { locked: `${field.label} is not set on this machine.` };
        continue;
      }
      try {
        const stored = await this.#vault.get(ref, field.label);
        masks[field.name] = isSecretRef(stored) ? { ref: stored } : { masked: maskSecret(stored) };
      } catch (error) {
        masks[field.name] = { locked: error instanceof AppError ? error.message : 'This secret cannot be opened.' };
      }
    }
    return masks;
  }

  async saveRequest(input: SaveRequestInput): Promise<SavedRequest> {
    const profile = this.#profile(input.profileId);
    const now = this.#now().toISOString();
    const existing = input.id ? this.request(input.id) : undefined;
    const id = existing?.id ?? randomUUID();
    const nonSecret = Object.fromEntries(
      profile.fields
        .filter((field) => field.type !== 'secret')
        .flatMap((field) => {
          const value = input.values[field.name];
          return value === undefined ? [] : [[field.name, value]];
        }),
    );
    // A reference that cannot be read is refused now, before anything is kept.
    for (const field of profile.fields) {
      const value = input.values[field.name] ?? '';
      if (field.type === 'secret' && isSecretRef(value)) parseSecretRef(value);
    }
    // References go into the request's file below, not the vault.
    const typedValues = Object.fromEntries(Object.entries(input.values).filter(([, value]) => !isSecretRef(value)));
    const { notKept } = await this.storeSecrets({ kind: 'request', id }, profile, typedValues);
    // A new request takes the secrets its form holds: those typed in the scratch form went to its draft scope.
    if (!existing && input.fromDraft !== false)
      await this.#copySecrets({ kind: 'draft', profileId: profile.id }, { kind: 'request', id }, profile, input.values);
    if (notKept.length > 0 && this.#vault.state().protection === null) {
      throw new AppError('VAULT_NEEDS_SETUP', 'The vault is not set up, so these secrets cannot be saved.', {
        hint: 'Choose a passphrase in the vault settings, then save again.',
      });
    }
    if (notKept.length > 0) {
      throw new AppError('VAULT_LOCKED', 'The vault is locked, so the secrets of this request cannot be saved.', {
        hint: 'Unlock the vault, then save again.',
      });
    }
    const refs = await this.#refsToSave({ id, profile, typed: input.values, existing });
    const folder = input.folder ?? existing?.folder ?? '';
    const saved: SavedRequest = {
      id,
      name: input.name.trim() || profile.name,
      folder,
      order: existing?.order ?? this.nextOrder(folder),
      profileId: profile.id,
      ...((input.environmentId ?? existing?.environmentId)
        ? { environmentId: input.environmentId ?? existing?.environmentId }
        : {}),
      values: nonSecret,
      secretFields: profile.fields
        .filter(
          (field) =>
            field.type === 'secret' &&
            refs[field.name] === undefined &&
            this.#vault.has(secretRef({ kind: 'request', id }, field.name)),
        )
        .map((field) => field.name),
      ...(Object.keys(refs).length > 0 ? { refs } : {}),
      followUps: input.followUps ?? existing?.followUps ?? [],
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    this.#files.saveRequests([saved]);
    return saved;
  }

  /**
   * The references a saved request's secret fields read, for its file: one typed now, else the one
   * it had, else one this machine kept in the vault for it (a run's, or from before references
   * were shared), which then leaves the vault. A field that reads a reference keeps no value in the
   * vault: the old one would only wait there, unused. A typed plain value ends the reference. A
   * typed reference is the user's: it is approved on this machine, as a typed one is for a run.
   */
  async #refsToSave(options: {
    id: string;
    profile: Profile;
    typed: FieldValues;
    existing: SavedRequest | undefined;
  }): Promise<Record<string, string>> {
    const refs: Record<string, string> = {};
    for (const field of options.profile.fields) {
      if (field.type !== 'secret') continue;
      const typed = options.typed[field.name] ?? '';
      if (typed !== '' && !isSecretRef(typed)) continue;
      const stored = secretRef({ kind: 'request', id: options.id }, field.name);
      // Typed into the form by this user: approved, as the app's runs approve what is typed.
      if (typed !== '' && refNeedsConsent(parseSecretRef(typed))) this.#vault.approveRef(typed);
      const ref = (typed || options.existing?.refs?.[field.name]) ?? (await this.#storedRef(stored, field.label));
      if (ref === undefined) continue;
      refs[field.name] = ref;
      if (this.#vault.has(stored)) this.#vault.delete(stored);
    }
    return refs;
  }

  /** The reference the vault holds under `stored`, if what it holds there is one (and it can be opened). */
  async #storedRef(stored: string, label: string): Promise<string | undefined> {
    if (!this.#vault.has(stored) || !this.#vault.unlocked) return undefined;
    const value = await this.#vault.get(stored, label).catch(() => undefined);
    return value !== undefined && isSecretRef(value) ? value : undefined;
  }

  /** The reference a secret field reads, if it reads one: the saved request's file's, or one the vault holds. */
  async refOf(scope: SecretScope, field: string): Promise<string | undefined> {
    const shared = scope.kind === 'request' ? this.request(scope.id).refs?.[field] : undefined;
    if (shared !== undefined) return shared;
    const stored = secretRef(scope, field);
    if (!this.#vault.has(stored)) return undefined;
    const value = await this.#vault.get(stored);
    return isSecretRef(value) ? value : undefined;
  }

  /**
   * Makes a secret field read a reference (Move to KeePassXC): a saved request's goes into its file,
   * where the team gets it, and the value it held leaves the vault; the scratch form's is kept in the vault.
   */
  async setRef(scope: SecretScope, field: string, text: string): Promise<void> {
    const stored = secretRef(scope, field);
    if (scope.kind === 'draft') {
      await this.#vault.put(stored, text);
      return;
    }
    const request = this.request(scope.id);
    this.#files.saveRequests([
      {
        ...request,
        secretFields: request.secretFields.filter((name) => name !== field),
        refs: { ...request.refs, [field]: text },
      },
    ]);
    if (this.#vault.has(stored)) this.#vault.delete(stored);
  }

  /** Makes a secret field hold a value in the vault (Keep a copy in the vault), ending the reference it read. */
  async keepValue(scope: SecretScope, field: string, value: string): Promise<void> {
    await this.#vault.put(secretRef(scope, field), value);
    if (scope.kind === 'request') this.#files.saveRequests([keptInVault(this.request(scope.id), field)]);
  }

  /** Where a new request goes in a folder: after the last one. */
  nextOrder(folder: string): number {
    const orders = this.#files
      .requests()
      .filter((request) => request.folder === folder)
      .map((request) => request.order);
    return orders.length === 0 ? 0 : Math.max(...orders) + 1;
  }

  /**
   * Deletes a saved request. Its secrets stay in the vault, as leftovers the Vault view lists (and
   * deletes there, from the store file): a request deleted by mistake, or by a `git pull`, keeps them.
   */
  deleteRequest(id: string): SavedRequest {
    const request = this.request(id);
    this.#files.deleteRequest(id);
    return request;
  }

  async #copySecrets(from: SecretScope, to: SecretScope, profile: Profile, typed: FieldValues): Promise<void> {
    for (const field of profile.fields) {
      if (field.type !== 'secret' || (typed[field.name] ?? '') !== '') continue;
      const source = secretRef(from, field.name);
      if (this.#vault.has(source) && this.#vault.unlocked)
        await this.#vault.put(secretRef(to, field.name), await this.#vault.get(source, field.label));
    }
  }

  /** Puts a deleted request back where it was; its secrets were never taken out of the vault. */
  restoreRequest(request: SavedRequest): SavedRequest {
    this.#files.saveRequests([request]);
    return request;
  }

  /** A copy named "… copy", right after the original, with its secrets copied inside the vault. */
  async duplicateRequest(id: string): Promise<SavedRequest> {
    const original = this.request(id);
    const copyId = randomUUID();
    for (const field of original.secretFields) {
      const from = secretRef({ kind: 'request', id }, field);
      if (this.#vault.has(from))
        await this.#vault.put(secretRef({ kind: 'request', id: copyId }, field), await this.#vault.get(from));
    }
    const now = this.#now().toISOString();
    const copy: SavedRequest = {
      ...original,
      id: copyId,
      name: `${original.name} copy`,
      createdAt: now,
      updatedAt: now,
    };
    return this.#insert(copy, original.folder, this.#following(original));
  }

  /** The request after this one in its folder, if any. */
  #following(request: SavedRequest): string | undefined {
    const siblings = this.#inFolder(request.folder);
    return siblings[siblings.findIndex((candidate) => candidate.id === request.id) + 1]?.id;
  }

  #inFolder(folder: string): SavedRequest[] {
    return this.#files
      .requests()
      .filter((request) => request.folder === folder)
      .sort((a, b) => a.order - b.order);
  }

  /** Places a request in a folder before another one (or last); the folder's order follows. */
  #insert(request: SavedRequest, folder: string, beforeId: string | undefined): SavedRequest {
    const others = this.#inFolder(folder).filter((candidate) => candidate.id !== request.id);
    const index = beforeId === undefined ? -1 : others.findIndex((candidate) => candidate.id === beforeId);
    const placed = { ...request, folder, order: index === -1 ? others.length : index };
    this.#files.saveRequests([placed]);
    return placed;
  }

  moveRequest(id: string, folder: string, beforeId?: string): SavedRequest[] {
    const request = this.request(id);
    if (beforeId !== undefined) this.request(beforeId);
    this.#insert({ ...request, updatedAt: this.#now().toISOString() }, folder.trim(), beforeId);
    return this.#files.requests();
  }

  /**
   * Writes a staged import as one batch of the workspace: the saved requests and environments
   * (replacing those of the same id), and their sealed secrets into the vault, which a crash
   * leaves whole or not there at all (workspace-folder.ts `saveBatch`).
   */
  commitImport(batch: { environments: Environment[]; requests: SavedRequest[]; sealed: Record<string, string> }): void {
    if (batch.environments.length === 0 && batch.requests.length === 0) return;
    this.#files.saveBatch(batch, (sealed) => this.#vault.adopt(sealed));
  }

  saveEnvironment(environment: Environment): Environment {
    this.#profile(environment.profileId);
    this.#files.saveEnvironments([environment]);
    return environment;
  }

  deleteEnvironment(id: string): void {
    this.#files.deleteEnvironment(id);
  }
}

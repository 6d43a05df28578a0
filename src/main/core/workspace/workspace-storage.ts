import { AppError } from '../../../shared/domain/errors.ts';
import type { Environment, SavedRequest } from '../../../shared/domain/workspace.ts';
import { defaultEnvironments } from './default-environments.ts';
import type { WorkspaceProblem } from './workspace-folder.ts';

/** What an import writes as one: requests, environments, and their secrets sealed by the vault, by reference. */
export interface WorkspaceBatch {
  requests: readonly SavedRequest[];
  environments: readonly Environment[];
  sealed?: Readonly<Record<string, string>>;
}

/**
 * Where saved requests and environments are kept: a workspace folder (WorkspaceFolder), or memory
 * (tests, and a core started without one). Each write names what changed, so a folder writes only
 * those files.
 */
export interface WorkspaceStorage {
  /** The folder, or undefined in memory. */
  readonly dir: string | undefined;
  requests(): SavedRequest[];
  environments(): Environment[];
  /** Files that could not be read, with what is wrong with each. */
  problems(): WorkspaceProblem[];
  /** Saves requests; each one's `order` is its place in its folder. */
  saveRequests(requests: readonly SavedRequest[]): void;
  deleteRequest(id: string): void;
  /**
   * Saves many at once, all or nothing, even when the process is killed in the middle (an import),
   * their sealed secrets too: `commitSecrets` puts those into the vault as part of the batch.
   */
  saveBatch(batch: WorkspaceBatch, commitSecrets?: (sealed: Record<string, string>) => void): void;
  saveEnvironments(environments: readonly Environment[]): void;
  deleteEnvironment(id: string): void;
  /** Reads what changed on disk again. */
  reload(): void;
}

/**
 * Saved requests and environments in memory only, as a workspace folder holds them. With
 * `refuse`, it only shows what it was given and every change fails with that sentence (a store
 * of a newer Tokensmith, a command that only reads).
 */
export class MemoryWorkspace implements WorkspaceStorage {
  readonly dir = undefined;
  readonly #requests: Map<string, SavedRequest>;
  readonly #environments: Map<string, Environment>;
  readonly #refuse: string | undefined;

  constructor(
    options: { requests?: readonly SavedRequest[]; environments?: readonly Environment[]; refuse?: string } = {},
  ) {
    this.#requests = new Map((options.requests ?? []).map((request) => [request.id, request]));
    this.#environments = new Map(
      (options.environments ?? defaultEnvironments()).map((environment) => [environment.id, environment]),
    );
    this.#refuse = options.refuse;
  }

  #mayChange(): void {
    if (this.#refuse !== undefined) throw new AppError('STORE_READ_ONLY', this.#refuse);
  }

  requests(): SavedRequest[] {
    return [...this.#requests.values()];
  }

  environments(): Environment[] {
    return [...this.#environments.values()];
  }

  problems(): WorkspaceProblem[] {
    return [];
  }

  saveRequests(requests: readonly SavedRequest[]): void {
    this.#mayChange();
    for (const request of requests) {
      const siblings = [...this.#requests.values()]
        .filter((other) => other.folder === request.folder && other.id !== request.id)
        .sort((a, b) => a.order - b.order);
      siblings.splice(Math.min(request.order, siblings.length), 0, request);
      for (const [order, sibling] of siblings.entries()) this.#requests.set(sibling.id, { ...sibling, order });
    }
  }

  deleteRequest(id: string): void {
    this.#mayChange();
    this.#requests.delete(id);
  }

  saveBatch(batch: WorkspaceBatch, commitSecrets?: (sealed: Record<string, string>) => void): void {
    this.#mayChange();
    this.saveEnvironments(batch.environments);
    this.saveRequests(batch.requests);
    if (batch.sealed) commitSecrets?.(batch.sealed);
  }

  saveEnvironments(environments: readonly Environment[]): void {
    this.#mayChange();
    for (const environment of environments) this.#environments.set(environment.id, environment);
  }

  deleteEnvironment(id: string): void {
    this.#mayChange();
    this.#environments.delete(id);
  }

  reload(): void {
    // Memory changes only through this object.
  }
}

import type { Environment, SavedRequest } from '../../../shared/domain/workspace.ts';
import { defaultEnvironments } from './default-environments.ts';
import type { WorkspaceProblem } from './workspace-folder.ts';

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
  /** Saves many at once, all or nothing, even when the process is killed in the middle (an import). */
  saveBatch(batch: { requests: readonly SavedRequest[]; environments: readonly Environment[] }): void;
  saveEnvironments(environments: readonly Environment[]): void;
  deleteEnvironment(id: string): void;
  /** Reads what changed on disk again. */
  reload(): void;
}

/** Saved requests and environments in memory only, as a workspace folder holds them. */
export class MemoryWorkspace implements WorkspaceStorage {
  readonly dir = undefined;
  #requests = new Map<string, SavedRequest>();
  #environments = new Map<string, Environment>(
    defaultEnvironments().map((environment) => [environment.id, environment]),
  );

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
    for (const request of requests) {
      const siblings = [...this.#requests.values()]
        .filter((other) => other.folder === request.folder && other.id !== request.id)
        .sort((a, b) => a.order - b.order);
      siblings.splice(Math.min(request.order, siblings.length), 0, request);
      for (const [order, sibling] of siblings.entries()) this.#requests.set(sibling.id, { ...sibling, order });
    }
  }

  deleteRequest(id: string): void {
    this.#requests.delete(id);
  }

  saveBatch(batch: { requests: readonly SavedRequest[]; environments: readonly Environment[] }): void {
    this.saveEnvironments(batch.environments);
    this.saveRequests(batch.requests);
  }

  saveEnvironments(environments: readonly Environment[]): void {
    for (const environment of environments) this.#environments.set(environment.id, environment);
  }

  deleteEnvironment(id: string): void {
    this.#environments.delete(id);
  }

  reload(): void {
    // Memory changes only through this object.
  }
}

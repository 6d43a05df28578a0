import { AppError } from '../../../shared/domain/errors.ts';
import type { FlowRun } from './run-flow.ts';

/**
 * The last runs in clear, in memory only, so the renderer can ask for a step's cURL or copy a
 * token by run id without ever holding the secrets itself.
 */
export class RunRegistry {
  readonly #runs = new Map<string, FlowRun>();
  readonly #capacity: number;

  constructor(capacity = 50) {
    this.#capacity = capacity;
  }

  add(run: FlowRun): void {
    this.#runs.set(run.runId, run);
    while (this.#runs.size > this.#capacity) {
      const oldest = this.#runs.keys().next().value;
      if (oldest === undefined) break;
      this.#runs.delete(oldest);
    }
  }

  /** Forgets every run (their secrets and tokens are in clear): when the vault locks. */
  clear(): void {
    this.#runs.clear();
  }

  get(runId: string): FlowRun {
    const run = this.#runs.get(runId);
    if (!run) {
      throw new AppError('UNKNOWN_RUN', 'That run is no longer in memory.', { hint: 'Run the flow again.' });
    }
    return run;
  }
}

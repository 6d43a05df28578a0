import { z } from 'zod';
import type { FlowReport } from '../../../shared/domain/flow-report.ts';
import { stepReportSchema } from '../../../shared/domain/flow-report.ts';
import { openJsonStore, type OpenedStore, type StoreFileFactory } from '../store/open-store.ts';

/** The history keeps this many requests and responses; older runs go first. */
export const HISTORY_LIMIT = 500;
/** A response body is kept up to this size: history is for looking back, not for archives. */
const BODY_LIMIT = 64 * 1024;
/**
 * How long a change waits before the file is written, so a burst of runs costs one write. Writing
 * the whole file (up to a megabyte, with an fsync) after every run cost more than the run itself;
 * a crash loses at most this much history, and closing the core writes what is pending.
 */
export const HISTORY_WRITE_DELAY_MS = 1000;

export const historyEntrySchema = z.object({
  runId: z.string(),
  profileId: z.string(),
  savedRequestId: z.string().optional(),
  startedAt: z.string(),
  steps: z.array(stepReportSchema),
  errorCode: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const historySchema = z.object({ schemaVersion: z.literal(1), entries: z.array(historyEntrySchema) });
type HistoryData = z.infer<typeof historySchema>;

/**
 * The last requests and responses, as the renderer saw them: every secret already masked by the
 * run's report. Kept in its own file so the main store stays small and quick to write.
 */
export class History {
  readonly #store: OpenedStore<HistoryData>;
  #pendingWrite: NodeJS.Timeout | undefined;

  constructor(options: { dir: string; createFile: StoreFileFactory }) {
    this.#store = openJsonStore({
      dir: options.dir,
      name: 'history',
      version: 1,
      schema: historySchema,
      empty: () => ({ schemaVersion: 1, entries: [] }),
      createFile: options.createFile,
    });
  }

  get notice() {
    return this.#store.notice;
  }

  entries(): HistoryEntry[] {
    return this.#store.data.entries;
  }

  record(report: FlowReport, savedRequestId?: string): void {
    const entry: HistoryEntry = {
      runId: report.runId,
      profileId: report.profileId,
      startedAt: report.startedAt,
      steps: report.steps.map((step) =>
        step.response && step.response.bodyText.length > BODY_LIMIT
          ? {
              ...step,
              response: {
                ...step.response,
                bodyText: `${step.response.bodyText.slice(0, BODY_LIMIT)}\n… (cut at 64 KB in the history)`,
              },
            }
          : step,
      ),
      ...(savedRequestId ? { savedRequestId } : {}),
      ...(report.error ? { errorCode: report.error.code } : {}),
    };
    const entries = [entry, ...this.#store.data.entries];
    let steps = 0;
    const kept = entries.filter(
      (candidate) => (steps += candidate.steps.length) <= HISTORY_LIMIT || candidate === entry,
    );
    this.#store.data = { schemaVersion: 1, entries: kept };
    // The timer must not keep a process alive: the app flushes on close.
    this.#pendingWrite ??= setTimeout(() => this.flush(), HISTORY_WRITE_DELAY_MS).unref();
  }

  /** Writes what is pending now (on close). */
  flush(): void {
    if (this.#pendingWrite === undefined) return;
    clearTimeout(this.#pendingWrite);
    this.#pendingWrite = undefined;
    this.#store.save(this.#store.data);
  }

  /** Clearing is written at once: the user asked for the history to be gone. */
  clear(): void {
    clearTimeout(this.#pendingWrite);
    this.#pendingWrite = undefined;
    this.#store.save({ schemaVersion: 1, entries: [] });
  }
}

import { z } from 'zod';
import type { FlowReport } from '../../../shared/domain/flow-report.ts';
import { stepReportSchema } from '../../../shared/domain/flow-report.ts';
import { openJsonStore, type OpenedStore, type StoreFileFactory } from '../store/open-store.ts';

/** The history keeps this many requests and responses; older runs go first. */
export const HISTORY_LIMIT = 500;
/** A response body is kept up to this size: history is for looking back, not for archives. */
const BODY_LIMIT = 64 * 1024;

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
    this.#store.save({ schemaVersion: 1, entries: kept });
  }

  clear(): void {
    this.#store.save({ schemaVersion: 1, entries: [] });
  }
}

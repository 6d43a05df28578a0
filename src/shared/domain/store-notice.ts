import { z } from 'zod';
import { assertNever } from './errors.ts';

/**
 * What happened to a store file as it was opened, when it was not simply read. Every kind is
 * announced: by the app in a banner and by every command on standard error. Nothing is ever
 * moved or dropped without one.
 */
export const storeNoticeSchema = z.discriminatedUnion('kind', [
  /** The file could not be read at all (empty, cut short, not JSON): kept aside whole, the store starts clean. */
  z.object({ kind: z.literal('moved-aside'), file: z.string(), movedTo: z.string(), reason: z.string() }),
  /** Some records broke the schema: those alone were kept aside, the rest of the store was read. */
  z.object({
    kind: z.literal('set-aside'),
    file: z.string(),
    movedTo: z.string(),
    records: z.array(z.object({ label: z.string(), reason: z.string() })),
  }),
  /** A newer Tokensmith wrote it: opened read-only, so neither version's data is lost. */
  z.object({ kind: z.literal('newer'), file: z.string(), version: z.number(), supported: z.number() }),
]);
export type StoreNotice = z.infer<typeof storeNoticeSchema>;

/** The records named in a notice, at most this many; the file keeps them all. */
const LISTED_RECORDS = 5;

/** The one sentence the app and the command line both show for a notice. */
export function storeNoticeText(notice: StoreNotice): string {
  switch (notice.kind) {
    case 'moved-aside':
      return `Tokensmith could not read ${notice.file} (${notice.reason}). It started with a clean store and kept the old file as ${notice.movedTo}.`;
    case 'set-aside': {
      const listed = notice.records
        .slice(0, LISTED_RECORDS)
        .map((record) => `${record.label} (${record.reason})`)
        .join('; ');
      const more = notice.records.length > LISTED_RECORDS ? ` and ${notice.records.length - LISTED_RECORDS} more` : '';
      return `Tokensmith set aside ${notice.records.length} damaged record(s) of ${notice.file}: ${listed}${more}. Everything else was kept; the damaged records are in ${notice.movedTo}.`;
    }
    case 'newer':
      return `${notice.file} was written by a newer Tokensmith (v${notice.version}); this one reads up to v${notice.supported}. Update Tokensmith. Nothing was changed: the file is open read-only.`;
    default:
      return assertNever(notice);
  }
}

import { z } from 'zod';
import type { Result } from './domain/errors.ts';
import { flowReportSchema } from './domain/flow-report.ts';

const id = z.string().min(1).max(200);
const runId = z.uuid();
/** Field values typed by the user: bounded so a runaway paste cannot exhaust main. */
const fieldValues = z.record(z.string().max(100), z.string().max(64 * 1024));

export const secretModeSchema = z.enum(['env', 'mask', 'reveal']);

/**
 * Every call from the renderer to main, with the schema main validates its input against and the
 * schema of the value it answers. Channel names exist nowhere else.
 */
export const contract = {
  'grant:run': {
    input: z.object({ profileId: id, values: fieldValues }),
    output: flowReportSchema,
  },
  /** The command to show; revealed commands are only ever copied, see `curl:copy`. */
  'curl:export': {
    input: z.object({ runId, stepId: id, mode: secretModeSchema.exclude(['reveal']) }),
    output: z.object({
      command: z.string(),
      /** The variables to export first: names and where the values come from, never the values. */
      variables: z.array(z.object({ variable: z.string(), origin: z.string() })),
    }),
  },
  /** Main writes the clipboard itself, so a revealed secret never passes through the renderer. */
  'curl:copy': {
    input: z.object({ runId, stepId: id, mode: secretModeSchema }),
    output: z.object({ copied: z.literal(true) }),
  },
  'token:copy': {
    input: z.object({ runId }),
    output: z.object({ copied: z.literal(true) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Events main pushes to the renderer. */
export const events = {
  'grant:progress': z.object({ runId: z.string(), stepId: z.string(), state: z.enum(['sending', 'done', 'failed']) }),
} as const satisfies Record<string, z.ZodType>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const CHANNELS = Object.keys(contract) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The API the preload script exposes as `window.api`. */
export type Api = {
  [C in Channel]: (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function isChannel(value: string): value is Channel {
  return Object.hasOwn(contract, value);
}

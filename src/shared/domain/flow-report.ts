import { z } from 'zod';
import { appErrorDataSchema } from './errors.ts';
import { httpRequestSpecSchema, httpResponseRecordSchema } from './http.ts';
import { tokenViewSchema } from './token.ts';

export const stepReportSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** What was sent, with every secret masked. */
  request: httpRequestSpecSchema,
  /** What came back, with every secret (tokens included) masked; absent when nothing came back. */
  response: httpResponseRecordSchema.optional(),
  error: appErrorDataSchema.optional(),
});
export type StepReport = z.infer<typeof stepReportSchema>;

/** One run of a profile's flow, as the renderer sees it: safe to hold in state. */
export const flowReportSchema = z.object({
  runId: z.string(),
  profileId: z.string(),
  startedAt: z.string(),
  steps: z.array(stepReportSchema),
  token: tokenViewSchema.optional(),
  error: appErrorDataSchema.optional(),
});
export type FlowReport = z.infer<typeof flowReportSchema>;

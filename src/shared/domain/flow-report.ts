import { z } from 'zod';
import { appErrorDataSchema } from './errors.ts';
import { httpRequestSpecSchema, httpResponseRecordSchema } from './http.ts';
import { idTokenReportSchema, tokenViewSchema } from './token.ts';
import { decodedJwtSchema } from '../jwt/decode.ts';

export const stepReportSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** What was sent, with every secret masked; absent for browser steps. */
  request: httpRequestSpecSchema.optional(),
  /** What came back, with every secret (tokens included) masked; absent when nothing came back. */
  response: httpResponseRecordSchema.optional(),
  /** For browser steps: the authorization URL (it carries no secret). */
  browserUrl: z.string().optional(),
  /** The JWTs in the response (headers and JSON body), decoded; the tokens themselves stay in main. */
  jwts: z.array(z.object({ location: z.string(), jwt: decodedJwtSchema })).optional(),
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
  /** The checks of the ID token the run got, each passed or failed (also when a failed one stopped the run). */
  idToken: idTokenReportSchema.optional(),
  /** The ledger entry that holds the token, when the run got one. */
  ledgerId: z.string().optional(),
  /** Risky choices the run was made with (password grant, TLS verification off, …). */
  warnings: z.array(z.string()),
  error: appErrorDataSchema.optional(),
});
export type FlowReport = z.infer<typeof flowReportSchema>;

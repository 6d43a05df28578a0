import { z } from 'zod';
import { SECRET_REF_PREFIX } from '../refs/secret-ref.ts';
import { HTTP_METHODS, pairSchema } from './http.ts';

const id = z.string().min(1).max(200);
const name = z.string().min(1).max(200);

/**
 * An API request made with the token of a saved request, e.g. Khoros `GET {{env.apiBaseUrl}}/v2/me`.
 * URL, headers and body may use `{{token}}` and `{{env.NAME}}`.
 */
export const followUpRequestSchema = z.object({
  id,
  name,
  method: z.enum(HTTP_METHODS),
  url: z.string().max(8 * 1024),
  headers: z.array(pairSchema).max(100),
  body: z.string().max(1024 * 1024),
});
export type FollowUpRequest = z.infer<typeof followUpRequestSchema>;

/** A saved request keeps at most this many follow-up requests. */
export const MAX_FOLLOW_UPS = 100;

/**
 * The `ref+…` references a saved request's secret fields read, by field name. A reference names
 * where a secret is kept (a password manager, a file, a variable), never the secret itself: it is
 * shared with the workspace, and a machine reads it only once it is approved there.
 */
export const secretRefsSchema = z.record(
  z.string().max(100),
  z
    .string()
    .max(8 * 1024)
    .regex(SECRET_REF_PREFIX, 'a reference starts with ref+BACKEND://'),
);

/** A profile with its field values, saved under a name. Secret fields are references into the vault. */
export const savedRequestSchema = z.object({
  id,
  name,
  /** A folder path such as "Khoros/Production"; empty for the top level. */
  folder: z.string().max(200),
  /** Position in the sidebar, within its folder. */
  order: z.number(),
  profileId: id,
  environmentId: id.optional(),
  /** Non-secret field values only. */
  values: z.record(z.string().max(100), z.string().max(64 * 1024)),
  /** Secret fields that have a value in the vault, by field name. */
  secretFields: z.array(z.string().max(100)),
  /** Secret fields that read a reference instead (kept in the workspace, not the vault); absent when none. */
  refs: secretRefsSchema.optional(),
  followUps: z.array(followUpRequestSchema).max(MAX_FOLLOW_UPS),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedRequest = z.infer<typeof savedRequestSchema>;

/** Field values and variables per provider environment (Khoros Production, VPC1, APP3 …). */
export const environmentSchema = z.object({
  id,
  profileId: id,
  name,
  /** Field values this environment sets (base URLs), applied over a saved request's own. */
  values: z.record(z.string().max(100), z.string().max(8 * 1024)),
  /** Free variables for follow-up requests: `{{env.NAME}}`. */
  variables: z.record(z.string().max(100), z.string().max(8 * 1024)),
});
export type Environment = z.infer<typeof environmentSchema>;

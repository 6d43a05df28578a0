import { z } from 'zod';
import { decodedJwtSchema } from '../jwt/decode.ts';

/** A token as the engine got it, in clear: it lives in main (and the CLI's stdout), never in the renderer. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  expiresIn?: number;
  /** ISO 8601, from `expires_in` and the time the response arrived. */
  expiresAt?: string;
  refreshToken?: string;
  scope?: string;
  idToken?: string;
  /** Each way the response departs from RFC 6749 §5.1, in words, shown beside the token. */
  warnings: string[];
}

/** What the renderer sees of a token: masked values and the decoded claims, never the token itself. */
export const tokenViewSchema = z.object({
  accessTokenMasked: z.string(),
  tokenType: z.string(),
  expiresIn: z.number().optional(),
  expiresAt: z.string().optional(),
  refreshTokenMasked: z.string().optional(),
  scope: z.string().optional(),
  jwt: decodedJwtSchema.optional(),
  warnings: z.array(z.string()),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

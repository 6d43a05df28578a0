import { z } from 'zod';
import { decodedJwtSchema } from '../jwt/decode.ts';

/** One check of an ID token: its name (`signature`, `iss`, `nonce`, …), whether it passed, and why. */
export const idTokenCheckSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });
export type IdTokenCheck = z.infer<typeof idTokenCheckSchema>;

/**
 * What Tokensmith checked of an OpenID Connect ID token, claim by claim; `valid` when every check passed.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export const idTokenReportSchema = z.object({
  header: z.record(z.string(), z.unknown()),
  payload: z.record(z.string(), z.unknown()),
  valid: z.boolean(),
  checks: z.array(idTokenCheckSchema),
});
export type IdTokenReport = z.infer<typeof idTokenReportSchema>;

/**
 * What an authorization server says of a token it issued: whether it is active, and for whom.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export const introspectionSchema = z.object({
  active: z.boolean(),
  scope: z.string().optional(),
  clientId: z.string().optional(),
  sub: z.string().optional(),
  /** ISO 8601, from `exp`. */
  expiresAt: z.string().optional(),
  tokenType: z.string().optional(),
  /** Every member of the response, as the server sent it. */
  claims: z.record(z.string(), z.unknown()),
});
export type Introspection = z.infer<typeof introspectionSchema>;

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
  /** The checks of `idToken`, when the flow could check it against the issuer. */
  idTokenReport?: IdTokenReport;
  /** RFC 9449: the thumbprint of the DPoP key the token is bound to (what its `cnf.jkt` must say). */
  dpopJkt?: string;
  /** RFC 8705: the SHA-256 thumbprint of the client certificate the token is bound to (`cnf.x5t#S256`). */
  certificateThumbprint?: string;
  /** Each way the response departs from RFC 6749 §5.1, in words, shown beside the token. */
  warnings: string[];
}

/**
 * What a token is bound to, for the JWT view to compare with `cnf`: the DPoP key's thumbprint
 * (`cnf.jkt`, RFC 9449) and the client certificate's (`cnf.x5t#S256`, RFC 8705).
 */
export const tokenBindingSchema = z.object({ jkt: z.string().optional(), x5tS256: z.string().optional() });

/** What the renderer sees of a token: masked values and the decoded claims, never the token itself. */
export const tokenViewSchema = z.object({
  accessTokenMasked: z.string(),
  tokenType: z.string(),
  expiresIn: z.number().optional(),
  expiresAt: z.string().optional(),
  refreshTokenMasked: z.string().optional(),
  scope: z.string().optional(),
  jwt: decodedJwtSchema.optional(),
  idToken: idTokenReportSchema.optional(),
  binding: tokenBindingSchema.optional(),
  warnings: z.array(z.string()),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

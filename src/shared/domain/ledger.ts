import { z } from 'zod';
import { decodedJwtSchema } from '../jwt/decode.ts';
import { tokenBindingSchema } from './token.ts';

export const LEDGER_STATUSES = ['valid', 'expiring', 'expired', 'revoked', 'no-expiry'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** A token in the ledger as the renderer sees it: masked, with what it is for and when it ends. */
export const ledgerViewSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  environment: z.string(),
  clientId: z.string(),
  scope: z.string(),
  tokenType: z.string(),
  accessTokenMasked: z.string(),
  obtainedAt: z.string(),
  expiresAt: z.string().optional(),
  status: z.enum(LEDGER_STATUSES),
  hasRefreshToken: z.boolean(),
  /** A refresh token, or a flow that can run again without the user (client credentials). */
  canRenew: z.boolean(),
  canRevoke: z.boolean(),
  /** The token's issuer has a UserInfo endpoint (OpenID Connect) the token can be sent to. */
  canUserinfo: z.boolean().optional(),
  /** Fields Revoke needs that the token's settings leave empty (an undiscovered revocation URL). */
  revokeNeeds: z.array(z.object({ field: z.string(), label: z.string() })).optional(),
  jwt: decodedJwtSchema.optional(),
  /** Got with a secret that was replaced since: it stays until it expires. */
  replacedSecret: z.boolean().optional(),
  /** The DPoP key or client certificate the token is kept with, by thumbprint (for `cnf`). */
  binding: tokenBindingSchema.optional(),
  /**
   * The saved requests whose settings got this token (same provider, every saved value the same), so
   * a reopened request shows its token and the ledger names the request. Filled in by `ledger:list`.
   */
  requestIds: z.array(z.string()).optional(),
});
export type LedgerView = z.infer<typeof ledgerViewSchema>;

import { z } from 'zod';

/** The key a JWT is verified with: a shared secret (HS*), a PEM public key, or a JWKS URL. */
export const jwtKeySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('secret'),
    secret: z
      .string()
      .min(1)
      .max(64 * 1024),
  }),
  z.object({
    kind: z.literal('pem'),
    pem: z
      .string()
      .min(1)
      .max(64 * 1024),
  }),
  z.object({
    kind: z.literal('jwks'),
    url: z
      .string()
      .min(1)
      .max(8 * 1024),
  }),
]);
export type JwtKey = z.infer<typeof jwtKeySchema>;

export const JWT_VERDICTS = [
  'valid',
  'bad-signature',
  'expired',
  'not-yet-valid',
  'alg-none',
  'key-mismatch',
  'claims-invalid',
] as const;

export const jwtVerificationSchema = z.object({
  verdict: z.enum(JWT_VERDICTS),
  /** One sentence for the inspector. */
  message: z.string(),
  alg: z.string().optional(),
});
export type JwtVerification = z.infer<typeof jwtVerificationSchema>;

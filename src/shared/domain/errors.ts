import { z } from 'zod';

/**
 * Every failure Tokensmith can report. Codes travel across the IPC boundary inside values
 * (Electron only forwards a thrown error's message), so callers branch on `code`, never on text.
 */
export const ERROR_CODES = [
  // input
  'INVALID_INPUT',
  'MISSING_FIELD',
  'INVALID_FIELD',
  'UNKNOWN_PROFILE',
  'UNKNOWN_RUN',
  'UNKNOWN_TOKEN',
  // transport
  'CONNECTION_REFUSED',
  'DNS_FAILURE',
  'TIMEOUT',
  'TLS_FAILURE',
  'NETWORK',
  'BODY_TOO_LARGE',
  'CANCELLED',
  // what the server answered
  'INVALID_CLIENT',
  'INVALID_CREDENTIALS',
  'TOKEN_REJECTED',
  'REDIRECT_BLOCKED',
  'EXPECTED_REDIRECT',
  'DISCOVERY_FAILED',
  'HTTP_ERROR',
  'HTML_RESPONSE',
  'INVALID_JSON',
  'NO_TOKEN',
  'INVALID_TOKEN_RESPONSE',
  // authorization responses (RFC 6749 §4.1.2, RFC 9207) and device flow (RFC 8628)
  'STATE_MISMATCH',
  'ISSUER_MISMATCH',
  'AUTHORIZATION_DENIED',
  'CALLBACK_TIMEOUT',
  'DEVICE_CODE_EXPIRED',
  // tokens
  'JWT_MALFORMED',
  'ID_TOKEN_INVALID',
  'DPOP_FAILED',
  'TOKEN_EXPIRED',
  /** The token was got with a secret replaced since (Vault › Replace): it is not renewed with the old one. */
  'SECRET_REPLACED',
  'NOT_SUPPORTED',
  // vault and store
  'VAULT_LOCKED',
  'VAULT_ENTRY_LOCKED',
  'VAULT_CORRUPTED',
  'VAULT_NEEDS_SETUP',
  'WRONG_PASSPHRASE',
  'WEAK_PASSPHRASE',
  'VAULT_KDF_REJECTED',
  /** The command line cannot open the vault: no keyring slot it can read, and no passphrase. */
  'VAULT_CLI_NOT_ALLOWED',
  /** The OS keyring (Secret Service, Keychain, Credential Manager) cannot be reached. */
  'KEYRING_UNAVAILABLE',
  'SECRET_ORIGIN_REFUSED',
  'EXPORT_NOT_A_VAULT_FILE',
  'EXPORT_UNSUPPORTED_VERSION',
  'EXPORT_TRUNCATED',
  'EXPORT_CORRUPTED',
  'EXPORT_KDF_REJECTED',
  'UNKNOWN_SAVED_REQUEST',
  'STORE_READ_ONLY',
  'STORE_UNREADABLE',
  'STORE_INVALID',
  'STORE_BUSY',
  // secret references (ref+backend://…)
  'REF_INVALID',
  'REF_NOT_FOUND',
  'REF_UNAVAILABLE',
  'REF_WRONG_PASSWORD',
  'REF_NOT_APPROVED',
  // boundary
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorCodeSchema = z.enum(ERROR_CODES);

export const appErrorDataSchema = z.object({
  code: errorCodeSchema,
  /** One line: what went wrong. Never contains a secret. */
  message: z.string(),
  /** One line: what to check or do about it. */
  hint: z.string().optional(),
  /** The form field to fix, when there is one. */
  field: z.string().optional(),
});

export type AppErrorData = z.infer<typeof appErrorDataSchema>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options.hint;
    this.field = options.field;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.hint !== undefined) data.hint = this.hint;
    if (this.field !== undefined) data.field = this.field;
    return data;
  }
}

/** The one-line form of an error, as the CLI and the UI banner print it. */
export function formatErrorLine(error: AppErrorData): string {
  return error.hint ? `${error.message} — ${error.hint}` : error.message;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Ends a switch over a union: adding a member without handling it fails the typecheck. */
export function assertNever(value: never): never {
  throw new AppError('INTERNAL', `Unhandled case: ${JSON.stringify(value)}`);
}

import { z } from 'zod';

/**
 * The single-file store of Tokensmith before the split: version 1 held everything, version 2 lost
 * the saved requests and environments to the workspace folder. It is only read now, to move it into
 * the three files below (migrate-single-file.ts).
 */
export const SINGLE_FILE_VERSION = 2;

/** Each of the user-data folder's files carries its own version, so one can change without the others. */
export const VAULT_FILE_VERSION = 1;
export const LEDGER_FILE_VERSION = 1;
export const SETTINGS_FILE_VERSION = 1;

/** How the vault protects secrets, and what it needs to check a passphrase. */
export const vaultDataSchema = z.object({
  /** null until the first secret is stored and a protection was chosen. */
  protection: z.enum(['keychain', 'passphrase']).nullable(),
  /** The keychain backend secrets were encrypted with (gnome_libsecret, kwallet5, keychain, dpapi …). */
  keychainBackend: z.string().optional(),
  /** Argon2id parameters and salt of the passphrase, and a value sealed under its key to check it. */
  passphrase: z
    .object({
      salt: z.string(),
      memoryKiB: z.number().int().positive(),
      iterations: z.number().int().positive(),
      parallelism: z.number().int().positive(),
      check: z.string(),
    })
    .optional(),
  /** Sealed secret values by reference (`request:<id>/<field>`, `draft:<profile>/<field>`). */
  secrets: z.record(z.string(), z.string()),
  /**
   * 2 once every secret is sealed bound to its reference (envelope tsv2); from then on a tsv1 value
   * is refused, as it could be another entry's moved there. Absent in stores of older versions.
   */
  format: z.literal(2).optional(),
  /** The origins (scheme://host:port) each secret may be sent to without asking, by reference. */
  origins: z.record(z.string(), z.array(z.string())).optional(),
  /**
   * The `ref+…` references approved on this machine (exact text → when): one that runs a program
   * or reads a file is used only once approved, or typed by the user. Not secret: no values.
   */
  approvedRefs: z.record(z.string(), z.string()).optional(),
  /**
   * When each secret was set and last sent, by reference, for the Vault view; never the value.
   * Absent in stores of older versions and for secrets set before it was kept.
   */
  meta: z.record(z.string(), z.object({ setAt: z.string().optional(), usedAt: z.string().optional() })).optional(),
  /**
   * The one random key the secrets are sealed with (envelope tsv2.dk), and its key slots: each a
   * way to unwrap it (data-key.ts). Absent in stores of older versions, until the vault first opens.
   */
  dataKey: z
    .object({
      /** Names the key in every envelope it seals, so a value of another key shows as locked. */
      id: z.string().regex(/^[A-Za-z0-9_-]+$/),
      /** A value sealed under the key: an unwrapped key that does not open it is the wrong one. */
      check: z.string(),
      /** By kind, so two processes that add different slots both keep theirs (store/merge.ts). */
      slots: z.object({
        /** Wrapped by Electron safeStorage with that keychain backend. */
        app: z.object({ backend: z.string(), wrapped: z.string(), addedAt: z.string() }).optional(),
        /** Wrapped with AES-256-GCM under the Argon2id key of `passphrase` above. */
        passphrase: z.object({ wrapped: z.string(), addedAt: z.string() }).optional(),
        /** The key itself, in the OS keyring under this service and account, for the command line. */
        keyring: z.object({ service: z.string(), account: z.string(), addedAt: z.string() }).optional(),
      }),
    })
    .optional(),
});
export type VaultData = z.infer<typeof vaultDataSchema>;
export type KeySlots = NonNullable<VaultData['dataKey']>['slots'];

/** What is sealed per ledger entry: the token and everything that could renew it. */
export const ledgerSecretsSchema = z.object({
  token: z.object({
    accessToken: z.string(),
    tokenType: z.string(),
    expiresIn: z.number().optional(),
    expiresAt: z.string().optional(),
    refreshToken: z.string().optional(),
    scope: z.string().optional(),
    idToken: z.string().optional(),
    /** What the token is bound to (RFC 9449 `cnf.jkt`, RFC 8705 `cnf.x5t#S256`). */
    dpopJkt: z.string().optional(),
    certificateThumbprint: z.string().optional(),
    warnings: z.array(z.string()),
  }),
  values: z.record(z.string(), z.string()),
  vars: z.array(
    z.tuple([
      z.string(),
      z.object({ value: z.string(), secret: z.object({ variable: z.string(), origin: z.string() }).optional() }),
    ]),
  ),
  /** RFC 9449: the key pair a DPoP-bound token is bound to, as JWKs. */
  dpopKey: z
    .object({
      alg: z.enum(['ES256', 'EdDSA', 'RS256']),
      privateJwk: z.record(z.string(), z.unknown()),
      publicJwk: z.record(z.string(), z.unknown()),
    })
    .optional(),
});

/** A ledger entry at rest: what the list shows in clear, the token and field values sealed. */
export const storedLedgerEntrySchema = z.object({
  id: z.string(),
  key: z.string(),
  profileId: z.string(),
  environment: z.string(),
  clientId: z.string(),
  scope: z.string(),
  obtainedAt: z.string(),
  revoked: z.boolean(),
  /** The token was got with a secret that was replaced since: it stays until it expires, marked. */
  replacedSecret: z.boolean().optional(),
  /** Sealed JSON of { token, values, vars, dpopKey? }. */
  sealed: z.string(),
});
export type StoredLedgerEntry = z.infer<typeof storedLedgerEntrySchema>;

export const settingsSchema = z.object({
  /** Lock a passphrase vault after this many idle minutes; 0 never. */
  autoLockMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** Clear a copied token or secret from the clipboard after this many seconds; 0 never. Absent: 30. */
  clearClipboardSeconds: z.number().int().min(0).max(600).optional(),
  /** The workspace folder in use, when it is not the default one in the user-data folder. */
  workspace: z.string().max(4096).optional(),
  /** Workspace folders opened lately, newest first. */
  recentWorkspaces: z.array(z.string().max(4096)).max(10).optional(),
});

/** On by default, as in Bitwarden and 1Password: long enough to paste, short enough not to linger. */
export const DEFAULT_CLEAR_CLIPBOARD_SECONDS = 30;

/** `tokensmith.json` of version 2, as the last Tokensmith before the split wrote it. */
export const singleFileSchema = z.object({
  schemaVersion: z.literal(SINGLE_FILE_VERSION),
  vault: vaultDataSchema,
  ledger: z.array(storedLedgerEntrySchema),
  settings: settingsSchema,
});
export type SingleFileData = z.infer<typeof singleFileSchema>;

/** `vault.json`: the vault's protection and its sealed secrets. */
export const vaultFileSchema = vaultDataSchema.extend({ schemaVersion: z.literal(VAULT_FILE_VERSION) });
export type VaultFile = z.infer<typeof vaultFileSchema>;

/** `ledger.json`: the tokens, each sealed, with what the list shows in clear. */
export const ledgerFileSchema = z.object({
  schemaVersion: z.literal(LEDGER_FILE_VERSION),
  entries: z.array(storedLedgerEntrySchema),
});
export type LedgerFile = z.infer<typeof ledgerFileSchema>;

/** `settings.json`: the app's settings. */
export const settingsFileSchema = settingsSchema.extend({ schemaVersion: z.literal(SETTINGS_FILE_VERSION) });
export type SettingsFile = z.infer<typeof settingsFileSchema>;

/** What a store of schema version 1 held beside the rest: the saved requests and environments. */
export const v1WorkspaceSchema = z.object({
  savedRequests: z.array(z.unknown()).optional(),
  environments: z.array(z.unknown()).optional(),
});

export function emptyVault(): VaultFile {
  return { schemaVersion: VAULT_FILE_VERSION, protection: null, secrets: {} };
}

export function emptyLedger(): LedgerFile {
  return { schemaVersion: LEDGER_FILE_VERSION, entries: [] };
}

export function defaultSettings(): SettingsFile {
  return { schemaVersion: SETTINGS_FILE_VERSION, autoLockMinutes: 15 };
}

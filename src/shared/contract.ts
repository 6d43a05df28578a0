import { z } from 'zod';
import type { Result } from './domain/errors.ts';
import { flowReportSchema } from './domain/flow-report.ts';
import { ledgerViewSchema } from './domain/ledger.ts';
import { storeNoticeSchema } from './domain/store-notice.ts';
import { vaultStateSchema } from './domain/vault-state.ts';
import { vaultEntrySchema } from './domain/vault-inventory.ts';
import { appErrorDataSchema } from './domain/errors.ts';
import { httpRequestSpecSchema } from './domain/http.ts';
import { jwtKeySchema, jwtVerificationSchema } from './domain/jwt-verification.ts';
import { introspectionSchema } from './domain/token.ts';
import { environmentSchema, followUpRequestSchema, savedRequestSchema } from './domain/workspace.ts';
import { MAX_IMPORT_BYTES } from './security/import-limit.ts';
import { SNIPPET_LANGS } from './snippets/snippet.ts';
import { discoveredMetadataSchema } from './flow/client-auth-default.ts';

const id = z.string().min(1).max(200);
const uuid = z.uuid();
/** Field values typed by the user: bounded so a runaway paste cannot exhaust main. */
const fieldValues = z.record(z.string().max(100), z.string().max(64 * 1024));
/** clearsInSeconds: a copied token or secret is cleared from the clipboard then (if still there). */
const copied = z.object({ copied: z.literal(true), clearsInSeconds: z.number().int().positive().optional() });

export const secretModeSchema = z.enum(['env', 'mask', 'reveal']);

export const snippetLangSchema = z.enum(SNIPPET_LANGS);

/** What an import brought in; warnings name what was left out (credentials that cannot be referenced). */
export const importSummarySchema = z.object({
  kind: z.enum(['curl', 'postman', 'postman-environment', 'openapi']),
  /** Saved requests created or changed. */
  requests: z.number(),
  /** Saved requests already there just so: a re-import changes nothing. */
  unchanged: z.number(),
  environments: z.number(),
  /** Secret values that went to the vault. */
  secrets: z.number(),
  warnings: z.array(z.string()),
  requestIds: z.array(z.string()),
});

export const grantOptionsSchema = z.object({
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  /** The most each request may take in all, however steadily a server drips bytes (default 2 minutes). */
  deadlineMs: z.number().int().min(100).max(3_600_000).optional(),
  /** Skip TLS certificate verification for this run only. */
  insecureTls: z.boolean().optional(),
});

/**
 * Every call from the renderer to main, with the schema main validates its input against and the
 * schema of the value it answers. Channel names exist nowhere else.
 */
export const contract = {
  /**
   * Runs a profile's flow. The renderer picks the run id, so it can cancel or paste at once. Secret
   * values typed in the form go to the vault (of the saved request, or the profile's scratch form)
   * and the renderer forgets them; empty secret fields use what the vault holds.
   */
  'grant:run': {
    input: z.object({
      runId: uuid.optional(),
      profileId: id,
      savedRequestId: id.optional(),
      environmentId: id.optional(),
      values: fieldValues,
      options: grantOptionsSchema.optional(),
    }),
    output: flowReportSchema,
  },
  /** What the flow would send, step by step, with every secret masked: the form's live preview. */
  'grant:preview': {
    input: z.object({
      profileId: id,
      savedRequestId: id.optional(),
      environmentId: id.optional(),
      values: fieldValues,
    }),
    output: z.object({
      steps: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          kind: z.enum(['request', 'browser', 'local']),
          request: httpRequestSpecSchema.optional(),
          url: z.string().optional(),
          note: z.string().optional(),
        }),
      ),
      error: appErrorDataSchema.optional(),
    }),
  },
  /**
   * The discovery document the flow would read (when the profile discovers and the issuer is
   * filled), so the form can preselect what the server accepts before the first run.
   */
  'grant:discover': {
    input: z.object({
      profileId: id,
      savedRequestId: id.optional(),
      environmentId: id.optional(),
      values: fieldValues,
      options: grantOptionsSchema.optional(),
    }),
    output: z.object({ metadata: discoveredMetadataSchema.optional() }),
  },
  /** An API call made with a token (`{{token}}`) and environment variables (`{{env.NAME}}`). */
  'followup:send': {
    input: z.object({
      profileId: id,
      ledgerId: uuid.optional(),
      environmentId: id.optional(),
      request: followUpRequestSchema,
      options: grantOptionsSchema.optional(),
    }),
    output: flowReportSchema,
  },
  /** Verifies a JWT the renderer only knows by where it is (or one the user pasted). */
  'jwt:verify': {
    input: z.object({
      source: z.union([
        z.object({ runId: uuid, stepId: id, location: z.string().max(1000) }),
        z.object({ ledgerId: uuid }),
        z.object({ token: z.string().max(64 * 1024) }),
      ]),
      key: jwtKeySchema,
    }),
    output: jwtVerificationSchema,
  },
  'grant:cancel': {
    input: z.object({ runId: uuid }),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** The fallback when the browser cannot reach the loopback listener: the URL it ended on. */
  'grant:paste-redirect': {
    input: z.object({ runId: uuid, url: z.string().max(16 * 1024) }),
    output: z.object({ accepted: z.literal(true) }),
  },
  /** Copies a link (an authorization or verification page) the user may need to open by hand. */
  'link:copy': {
    input: z.object({ url: z.string().max(16 * 1024) }),
    output: copied,
  },
  'token:copy': {
    input: z.object({ runId: uuid }),
    output: copied,
  },
  /** Masks of the secrets a saved request (or a profile's scratch form) has in the vault. */
  'secrets:masks': {
    input: z.object({ profileId: id, savedRequestId: id.optional() }),
    output: z.record(
      z.string(),
      // A reference is shown as it is: it is where the secret is, not the secret.
      z.union([z.object({ masked: z.string() }), z.object({ locked: z.string() }), z.object({ ref: z.string() })]),
    ),
  },
  'vault:state': {
    input: z.object({}),
    output: z.object({
      vault: vaultStateSchema,
      notices: z.array(storeNoticeSchema),
    }),
  },
  /**
   * Protects the vault with a passphrase: on first run without a keychain, or on request. Changing
   * an existing passphrase needs the current one (WRONG_PASSPHRASE without it).
   */
  'vault:use-passphrase': {
    input: z.object({ passphrase: z.string().min(1).max(1024), current: z.string().min(1).max(1024).optional() }),
    output: vaultStateSchema,
  },
  'vault:unlock': {
    input: z.object({ passphrase: z.string().min(1).max(1024) }),
    output: vaultStateSchema,
  },
  'vault:lock': {
    input: z.object({}),
    output: vaultStateSchema,
  },
  /** How many idle minutes a passphrase vault stays open (0: until the computer locks or sleeps). */
  'vault:auto-lock': {
    input: z.object({
      minutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60),
    }),
    output: vaultStateSchema,
  },
  /**
   * "Let the command line open the vault": puts the vault's key into the OS keyring (a key slot of
   * its own), or takes it out. Needs the open vault; seals no secret again.
   */
  'vault:allow-cli': {
    input: z.object({ allowed: z.boolean() }),
    output: vaultStateSchema,
  },
  /** Writes an export file where the user chooses; `withSecrets: false` is the shareable one. */
  'vault:export': {
    input: z.object({
      withSecrets: z.boolean(),
      passphrase: z.string().max(1024).optional(),
      requestIds: z.array(id).max(10_000).optional(),
    }),
    /** tokensLeftOut: stored tokens this session cannot open (another keychain backend), so not in the file. */
    output: z.object({ path: z.string().nullable(), tokensLeftOut: z.number().int().nonnegative() }),
  },
  'vault:import': {
    input: z.object({ passphrase: z.string().min(1).max(1024) }),
    output: z.object({
      path: z.string().nullable(),
      requests: z.number(),
      environments: z.number(),
      secrets: z.number(),
      tokens: z.number(),
    }),
  },
  /** Every secret the vault holds (and every `ref+` reference), with whose it is; never a value. */
  'vault:list': {
    input: z.object({}),
    output: z.array(vaultEntrySchema),
  },
  /** Rotates a stored secret; `marked`: ledger tokens got with the old value, now marked as such. */
  'vault:replace': {
    input: z.object({
      ref: z.string().min(1).max(400),
      value: z
        .string()
        .min(1)
        .max(64 * 1024),
    }),
    output: z.object({ marked: z.number().int().nonnegative() }),
  },
  /** Removes secrets from the store file; the undo id brings them back while the toast shows. */
  'vault:delete': {
    input: z.object({ refs: z.array(z.string().min(1).max(400)).min(1).max(1000) }),
    output: z.object({ undoId: z.string(), removed: z.number().int().nonnegative() }),
  },
  /** Removes every leftover: the secrets no saved request, environment or profile uses any more. */
  'vault:prune': {
    input: z.object({}),
    output: z.object({ undoId: z.string(), removed: z.number().int().nonnegative() }),
  },
  'vault:undo': {
    input: z.object({ undoId: z.string().max(200) }),
    output: z.object({ restored: z.number().int().nonnegative() }),
  },
  /** Main writes the secret to the clipboard itself, after the renderer asked the user to confirm. */
  'vault:copy': {
    input: z.object({ ref: z.string().min(1).max(400) }),
    output: copied,
  },
  /** The workspace folder in use, and the ones opened lately (newest first). */
  'workspace:current': {
    input: z.object({}),
    output: z.object({ dir: z.string().nullable(), name: z.string().nullable(), recent: z.array(z.string()) }),
  },
  /**
   * Opens a workspace folder, or makes one (`create`). Main asks for the folder in its own dialog;
   * the window may name only one of the recent ones, so a compromised page cannot point main at
   * any folder it likes. `dir` is null when the user cancelled.
   */
  'workspace:open': {
    input: z.object({ recent: z.string().max(4096).optional(), create: z.boolean().optional() }),
    output: z.object({ dir: z.string().nullable() }),
  },
  'requests:list': {
    input: z.object({}),
    output: z.object({
      requests: z.array(savedRequestSchema),
      environments: z.array(environmentSchema),
      /** Files of the workspace folder that cannot be read, never touched: path and what is wrong. */
      problems: z.array(z.object({ path: z.string(), error: z.string() })),
    }),
  },
  /** Saves the form as a request; secret values go to the vault, empty ones keep what it holds. */
  'requests:save': {
    input: z.object({
      id: id.optional(),
      name: z.string().max(200),
      folder: z.string().max(200).optional(),
      profileId: id,
      environmentId: id.optional(),
      values: fieldValues,
      followUps: z.array(followUpRequestSchema).max(100).optional(),
    }),
    output: savedRequestSchema,
  },
  /** Deletes a saved request; its secrets stay in the vault as leftovers. The undo id brings it back for a while. */
  'requests:delete': {
    input: z.object({ id }),
    output: z.object({ undoId: z.string() }),
  },
  'requests:undo-delete': {
    input: z.object({ undoId: z.string().max(200) }),
    output: savedRequestSchema,
  },
  /** A copy with its secrets (copied inside the vault, never through the renderer). */
  'requests:duplicate': {
    input: z.object({ id }),
    output: savedRequestSchema,
  },
  /** Moves a request before another one (or to the end) of a folder. */
  'requests:move': {
    input: z.object({ id, folder: z.string().max(200), beforeId: id.optional() }),
    output: z.array(savedRequestSchema),
  },
  'environments:save': {
    input: environmentSchema,
    output: environmentSchema,
  },
  'environments:delete': {
    input: z.object({ id }),
    output: z.object({ deleted: z.literal(true) }),
  },
  'ledger:list': {
    input: z.object({}),
    output: z.array(ledgerViewSchema),
  },
  'ledger:renew': {
    input: z.object({ id: uuid }),
    output: flowReportSchema,
  },
  /** `values` fills what the view's `revokeNeeds` names (the revocation URL); nothing else. */
  'ledger:revoke': {
    input: z.object({ id: uuid, values: fieldValues.optional() }),
    output: flowReportSchema,
  },
  /** OpenID Connect UserInfo with the entry's token (and its DPoP proof or certificate), as a follow-up. */
  'ledger:userinfo': {
    input: z.object({ id: uuid }),
    output: flowReportSchema,
  },
  /** RFC 7662: whether the entry's token is still active, with the exchange that asked. */
  'ledger:introspect': {
    input: z.object({ id: uuid }),
    output: z.object({ report: flowReportSchema, introspection: introspectionSchema.optional() }),
  },
  'ledger:delete': {
    input: z.object({ id: uuid }),
    output: z.object({ deleted: z.literal(true) }),
  },
  'ledger:copy': {
    input: z.object({ id: uuid }),
    output: copied,
  },
  /**
   * Pasted text: cURL commands, a Postman collection or environment, or an OpenAPI 3 document (the
   * kind is detected). Token requests become saved requests with their secrets in the vault, other
   * requests their follow-ups.
   */
  'import:text': {
    input: z.object({
      text: z.string().min(1).max(MAX_IMPORT_BYTES),
    }),
    output: importSummarySchema,
  },
  /** The same for a file main opens itself; `path` is null when the user cancelled. */
  'import:file': {
    input: z.object({}),
    output: z.object({ path: z.string().nullable(), summary: importSummarySchema.optional() }),
  },
  /** Writes a Postman Collection v2.1 where the user chooses; secrets are `{{variables}}`, never values. */
  'export:postman': {
    input: z.object({ requestIds: z.array(id).max(10_000).optional() }),
    output: z.object({ path: z.string().nullable(), warnings: z.array(z.string()) }),
  },
  /** A step of a run as code in another language; revealed snippets are only ever copied, see `snippet:copy`. */
  'snippet:export': {
    input: z.object({ runId: uuid, stepId: id, lang: snippetLangSchema, mode: secretModeSchema.exclude(['reveal']) }),
    output: z.object({
      code: z.string(),
      /** The variables to set first: names and where the values come from, never the values. */
      variables: z.array(z.object({ variable: z.string(), origin: z.string() })),
    }),
  },
  /** Main writes the clipboard itself, so a revealed secret never passes through the renderer. */
  'snippet:copy': {
    input: z.object({ runId: uuid, stepId: id, lang: snippetLangSchema, mode: secretModeSchema }),
    output: copied,
  },
  /**
   * Reads a `ref+…` reference in main and says whether it gave a value, never the value; a failure
   * is the reference's own REF_* error. `typed`: the user wrote or picked it in this form.
   */
  'refs:test': {
    input: z.object({ ref: z.string().min(1).max(4096), typed: z.boolean() }),
    output: z.object({ found: z.literal(true) }),
  },
  /** The entries of the pass store (PASSWORD_STORE_DIR or ~/.password-store), by their names. */
  'refs:pass-entries': {
    input: z.object({}),
    output: z.object({ store: z.string(), entries: z.array(z.string()), problem: z.string().optional() }),
  },
  /** A file chosen in main's open dialog: one to read whole, or a KeePass database. */
  'refs:choose-file': {
    input: z.object({ kind: z.enum(['file', 'kdbx']) }),
    output: z.object({ path: z.string().nullable() }),
  },
  /**
   * The entries of a KeePass database, by group path and title, with their field names (never
   * values). Opened with `password`, kept sealed in the vault when it opens; else the vault's.
   */
  'refs:kdbx-entries': {
    input: z.object({ path: z.string().min(1).max(4096), password: z.string().max(4096).optional() }),
    output: z.object({ entries: z.array(z.object({ path: z.string(), fields: z.array(z.string()) })) }),
  },
  /**
   * "Move to KeePassXC": the vault's value of a secret field goes into an entry of a KeePass
   * database (made when missing), and the field then holds the reference to it.
   */
  'refs:move-to-kdbx': {
    input: z.object({
      profileId: id,
      savedRequestId: id.optional(),
      field: z.string().min(1).max(100),
      path: z.string().min(1).max(4096),
      entryPath: z.string().min(1).max(1000),
      password: z.string().max(4096).optional(),
    }),
    output: z.object({ ref: z.string() }),
  },
  /** "Keep a copy in the vault": a field's reference is read once and its value stored in its place. */
  'refs:copy-to-vault': {
    input: z.object({ profileId: id, savedRequestId: id.optional(), field: z.string().min(1).max(100) }),
    output: z.object({ copied: z.literal(true) }),
  },
  /** The 1Password items `op item list` gives, when op is installed and signed in. */
  'refs:op-items': {
    input: z.object({}),
    output: z.object({
      available: z.boolean(),
      items: z.array(z.object({ vault: z.string(), title: z.string() })),
      problem: z.string().optional(),
    }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** The menu items that open something in the window (File › Import…, Help › Keyboard Shortcuts…). */
export const MENU_COMMANDS = ['import', 'export-vault', 'import-vault', 'palette', 'shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Events main pushes to the renderer. */
export const events = {
  'grant:progress': z.object({
    runId: z.string(),
    stepId: z.string(),
    state: z.enum(['sending', 'waiting-browser', 'waiting-device', 'done', 'failed']),
    url: z.string().optional(),
    userCode: z.string().optional(),
  }),
  'ledger:changed': z.object({}),
  'vault:changed': z.object({}),
  /** The workspace folder changed on disk (git, an editor, the command line): list the requests again. */
  'workspace:changed': z.object({}),
  /** An application-menu item whose work is the window's: a dialog to open. */
  'menu:command': z.object({ command: z.enum(MENU_COMMANDS) }),
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

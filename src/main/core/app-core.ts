import type { EventName, EventPayload } from '../../shared/contract.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { PROFILES } from '../../shared/providers/index.ts';
import type { FlowDeps, Opener } from './flow/flow-context.ts';
import { SecretClipboard } from './clipboard/secret-clipboard.ts';
import { RunRegistry } from './flow/run-registry.ts';
import { grantHandlers } from './handlers/grant-handlers.ts';
import { inspectHandlers } from './handlers/inspect-handlers.ts';
import { interopHandlers } from './handlers/interop-handlers.ts';
import { ledgerHandlers } from './handlers/ledger-handlers.ts';
import { refHandlers } from './handlers/ref-handlers.ts';
import { vaultHandlers } from './handlers/vault-handlers.ts';
import { vaultSecretHandlers } from './handlers/vault-secret-handlers.ts';
import { workspaceHandlers } from './handlers/workspace-handlers.ts';
import type { History } from './history/history.ts';
import { createHttpClient, type HttpClient } from './http/http-client.ts';
import type { Handlers } from './ipc/dispatch.ts';
import { LedgerService } from './ledger/ledger-service.ts';
import { VaultTokenLedger } from './ledger/vault-token-ledger.ts';
import { watchLedgerFile } from './ledger/watch-ledger-file.ts';
import type { Clipboard, ConfirmDialog, CoreServices, FileDialogs } from './services.ts';
import type { LocalStores } from './store/local-stores.ts';
import { memoryStores } from './store/memory-store.ts';
import type { StoreNotice } from '../../shared/domain/store-notice.ts';
import { DEFAULT_CLEAR_CLIPBOARD_SECONDS } from './store/store-schema.ts';
import type { OsKeychain } from './vault/keychain-cipher.ts';
import { createOsKeyring, type OsKeyring } from './vault/os-keyring.ts';
import type { KdfParams } from './vault/passphrase-cipher.ts';
import { Vault } from './vault/vault.ts';
import { appRefResolver } from './refs/app-ref-resolver.ts';
import { Workspace } from './workspace/workspace.ts';
import { MemoryWorkspace, type WorkspaceStorage } from './workspace/workspace-storage.ts';
import { workspaceSwitch, type WorkspaceSwitch } from './workspace/workspace-switch.ts';

export type { Clipboard, ConfirmDialog, FileDialogs } from './services.ts';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface CoreOptions {
  clipboard: Clipboard;
  /** Pushes an event to the renderer. */
  emit: Emit;
  /** Opens authorization and device-verification pages in the user's browser. */
  opener: Opener;
  http?: HttpClient;
  profiles?: readonly Profile[];
  /** The vault, ledger and settings files (electron-store in the app); in memory when absent. */
  stores?: LocalStores;
  /** What happened to those files as they were opened (storage.ts), for the window to show. */
  notices?: readonly StoreNotice[];
  /** The workspace folder (saved requests, environments); in memory when absent. */
  workspace?: WorkspaceStorage;
  history?: History;
  /** Electron safeStorage, adapted; absent where there is no keychain. */
  keychain?: OsKeychain;
  /** The OS keyring, for the command line's key slot; @napi-rs/keyring when absent. */
  keyring?: OsKeyring;
  dialogs?: FileDialogs;
  /** Asks before a stored secret goes to an origin it was not saved for; without it, the answer is no. */
  confirm?: ConfirmDialog;
  autoRenew?: boolean;
  /** How long a browser step waits for the redirect. */
  callbackTimeoutMs?: number;
  /** The built import worker; imports are read inline without it (tests, the CLI). */
  importWorker?: URL;
  /** Argon2id cost of new passphrases; tests use a cheaper one. */
  kdf?: KdfParams;
  /** Take in, and show, tokens another process (the command line) writes into the store's ledger. */
  watchLedger?: boolean;
}

export interface Core {
  handlers: Handlers;
  ledger: LedgerService;
  /** The ledger's entries in clear (main only), with the parts sealed in the vault such as a DPoP key. */
  tokens: VaultTokenLedger;
  vault: Vault;
  /** Which workspace folder is in use. */
  workspaces: WorkspaceSwitch;
  /** The recent runs in clear (main only): what cURL export and token copy read. */
  runs: RunRegistry;
  close(): Promise<void>;
}

/** The main process's services behind the contract; Electron and the test transport both call these. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const http = options.http ?? createHttpClient();
  const profiles = options.profiles ?? PROFILES;
  const stores = options.stores ?? memoryStores();
  const notices: StoreNotice[] = [
    ...(options.notices ?? []),
    ...(options.history?.notice ? [options.history.notice] : []),
  ];
  const readOnly = notices.some((notice) => notice.kind === 'newer');
  const runs = new RunRegistry();
  const files = options.workspace ?? new MemoryWorkspace();
  // The vault's change callback needs the ledger, which needs the vault: it runs only after both exist.
  // eslint-disable-next-line prefer-const -- assigned once, below, before any callback can run
  let tokens: VaultTokenLedger;
  const vault = await Vault.open({
    data: stores.vault.data,
    save: () => stores.vault.save(stores.vault.data),
    // Files of a newer Tokensmith are read-only: the vault must not set itself up in them.
    keychain: readOnly ? undefined : options.keychain,
    autoLockMs: stores.settings.data.autoLockMinutes * 60_000,
    ...(options.kdf ? { kdf: options.kdf } : {}),
    onChange: () => {
      // Locking forgets everything in clear: the tokens (sealed in the store) and the recent runs.
      if (!vault.unlocked) {
        runs.clear();
        void tokens.unload();
      }
      options.emit('vault:changed', {});
    },
  });
  tokens = new VaultTokenLedger(stores.ledger, vault);
  if (vault.unlocked) await tokens.load();
  const pasteTargets = new Map<string, (url: URL) => void>();
  const deps: FlowDeps = {
    http,
    opener: options.opener,
    callbackTimeoutMs: options.callbackTimeoutMs,
    onProgress: (progress) => options.emit('grant:progress', progress),
    onAwaitingRedirect: (runId, deliver) => {
      pasteTargets.set(runId, deliver);
      return () => pasteTargets.delete(runId);
    },
    // Called during a run, once the ledger below exists.
    ledgerToken: (id) => ledger.accessToken(id),
    // Renewals read the references approved when the token was first got.
    resolveRefs: appRefResolver({ vault, confirm: options.confirm }),
  };
  const ledger: LedgerService = new LedgerService({
    ledger: tokens,
    profiles,
    deps,
    autoRenew: options.autoRenew,
    onChange: () => options.emit('ledger:changed', {}),
  });
  const ledgerWatch = options.watchLedger
    ? watchLedgerFile({
        file: stores.ledger.path,
        onChange: async () => {
          // This process's own writes change nothing here: refresh() answers false for them.
          if (!stores.ledger.refresh()) return;
          if (vault.unlocked) await tokens.load();
          options.emit('ledger:changed', {});
        },
      })
    : undefined;
  const workspace = new Workspace({ files, vault, profiles });
  const services: CoreServices = {
    profiles,
    http,
    deps,
    runs,
    ledger,
    tokens,
    vault,
    keyring: options.keyring ?? createOsKeyring(),
    workspace,
    workspaces: workspaceSwitch({
      workspace,
      settings: stores.settings,
      owner: 'Tokensmith (app)',
      // A folder changed by git, an editor or the command line shows in the window without a restart.
      onChange: () => options.emit('workspace:changed', {}),
    }),
    stores,
    history: options.history,
    notices,
    importWorker: options.importWorker,
    clipboard: new SecretClipboard({
      clipboard: options.clipboard,
      clearAfterSeconds: () => stores.settings.data.clearClipboardSeconds ?? DEFAULT_CLEAR_CLIPBOARD_SECONDS,
    }),
    dialogs: options.dialogs,
    confirm: options.confirm,
    emit: options.emit,
    active: new Map(),
    pasteTargets,
  };
  const handlers: Handlers = {
    ...grantHandlers(services),
    ...ledgerHandlers(services),
    ...vaultHandlers(services),
    ...vaultSecretHandlers(services),
    ...workspaceHandlers(services),
    ...inspectHandlers(services),
    ...interopHandlers(services),
    ...refHandlers(services),
  };
  return {
    handlers,
    ledger,
    tokens,
    vault,
    runs: services.runs,
    workspaces: services.workspaces,
    close: async () => {
      options.history?.flush();
      ledgerWatch?.close();
      ledger.close();
      vault.close();
      services.clipboard.close();
      for (const controller of services.active.values()) controller.abort();
      await tokens.flushed();
      await services.workspaces.close();
      await http.close();
    },
  };
}

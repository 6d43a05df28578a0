import type { Profile } from '../../shared/domain/profile.ts';
import type { Emit } from './app-core.ts';
import type { SecretClipboard } from './clipboard/secret-clipboard.ts';
import type { FlowDeps } from './flow/flow-context.ts';
import type { RunRegistry } from './flow/run-registry.ts';
import type { History } from './history/history.ts';
import type { HttpClient } from './http/http-client.ts';
import type { LedgerService } from './ledger/ledger-service.ts';
import type { VaultTokenLedger } from './ledger/vault-token-ledger.ts';
import type { StoreNotice } from '../../shared/domain/store-notice.ts';
import type { LocalStores } from './store/local-stores.ts';
import type { OsKeyring } from './vault/os-keyring.ts';
import type { Vault } from './vault/vault.ts';
import type { Workspace } from './workspace/workspace.ts';
import type { WorkspaceSwitch } from './workspace/workspace-switch.ts';

/** The system clipboard, or a recording one in tests. */
export interface Clipboard {
  writeText(text: string): Promise<void>;
  /** What it holds now, to clear a copied secret only if it is still there. */
  readText(): Promise<string>;
}

/** Where the user wants a file written or read from (Electron's dialogs; a fixed path in tests). */
export interface FileDialogs {
  chooseSavePath(defaultName: string): Promise<string | undefined>;
  /** `import` offers the files an import reads (cURL, Postman, OpenAPI); the default is a vault export. */
  chooseOpenPath(kind?: 'vault' | 'import' | 'kdbx' | 'any'): Promise<string | undefined>;
  /** A folder: a workspace to open, or where to make a new one. */
  chooseFolder(purpose: 'open-workspace' | 'new-workspace'): Promise<string | undefined>;
}

/** A yes-or-no question the user answers outside the renderer, which a compromised page cannot answer. */
export interface ConfirmQuestion {
  title: string;
  message: string;
  detail: string;
  /** The label of the button that says yes; the other one cancels. */
  confirmLabel: string;
}

/** A native dialog from main (Electron's message box); scripted in tests. */
export interface ConfirmDialog {
  confirm(question: ConfirmQuestion): Promise<boolean>;
}

/** Everything the contract handlers work with, built once by createCore. */
export interface CoreServices {
  profiles: readonly Profile[];
  http: HttpClient;
  deps: FlowDeps;
  runs: RunRegistry;
  ledger: LedgerService;
  tokens: VaultTokenLedger;
  vault: Vault;
  /** Where the command line's key slot lives (vault:allow-cli). */
  keyring: OsKeyring;
  workspace: Workspace;
  /** Which workspace folder is in use, and opening another. */
  workspaces: WorkspaceSwitch;
  stores: LocalStores;
  history: History | undefined;
  /** The built import worker (the app): imports are read off the main thread; inline without it. */
  importWorker: URL | undefined;
  notices: StoreNotice[];
  clipboard: SecretClipboard;
  dialogs: FileDialogs | undefined;
  /** Asks the user in main; absent where no one can be asked, and then the answer is no. */
  confirm: ConfirmDialog | undefined;
  emit: Emit;
  /** Runs in flight, to cancel them. */
  active: Map<string, AbortController>;
  /** Browser steps waiting for a redirect, to give them a pasted URL. */
  pasteTargets: Map<string, (url: URL) => void>;
}

import type { ChannelOutput } from '../../../../shared/contract.ts';
import { formatErrorLine, type AppErrorData } from '../../../../shared/domain/errors.ts';
import { leftOutNote, type VaultState } from '../../../../shared/domain/vault-state.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

export type StoreNotice = ChannelOutput<'vault:state'>['notices'][number];

export interface VaultSlice {
  vault: VaultState | undefined;
  storeNotices: StoreNotice[];
  /** The error of the last vault action, shown in its dialog. */
  vaultError: AppErrorData | undefined;
  /** The export or import dialog, when open (from the Vault view, the palette or the menu). */
  vaultTransfer: 'export' | 'import' | undefined;
  setVaultTransfer: (mode: 'export' | 'import' | undefined) => void;
  loadVault: () => Promise<void>;
  /** Sets a passphrase; changing one needs the current passphrase. */
  choosePassphrase: (passphrase: string, current?: string) => Promise<boolean>;
  unlockVault: (passphrase: string) => Promise<boolean>;
  lockVault: () => Promise<void>;
  setAutoLock: (minutes: number) => Promise<void>;
  /** Turns the command line's key slot on or off; answers the error line when that failed. */
  allowCli: (allowed: boolean) => Promise<string | undefined>;
  exportVault: (options: { withSecrets: boolean; passphrase?: string }) => Promise<boolean>;
  importVault: (passphrase: string) => Promise<boolean>;
  dismissStoreNotice: (file: string) => void;
  clearVaultError: () => void;
  listenForVault: () => () => void;
}

export const createVaultSlice: SliceCreator<VaultSlice> = (set, get) => {
  /** Runs a vault call; on failure keeps the error for the dialog and answers false. */
  async function attempt<T>(
    call: Promise<{ ok: true; value: T } | { ok: false; error: AppErrorData }>,
    onValue: (value: T) => void,
  ): Promise<boolean> {
    const result = await call;
    if (!result.ok) {
      set({ vaultError: result.error });
      return false;
    }
    set({ vaultError: undefined });
    onValue(result.value);
    return true;
  }

  return {
    vault: undefined,
    storeNotices: [],
    vaultError: undefined,

    loadVault: async () => {
      await attempt(api()['vault:state']({}), ({ vault, notices }) => set({ vault, storeNotices: notices }));
    },
    choosePassphrase: (passphrase, current) =>
      attempt(api()['vault:use-passphrase']({ passphrase, ...(current ? { current } : {}) }), (vault) =>
        set({ vault }),
      ),
    unlockVault: (passphrase) => attempt(api()['vault:unlock']({ passphrase }), (vault) => set({ vault })),
    lockVault: async () => {
      await attempt(api()['vault:lock']({}), (vault) => set({ vault }));
    },
    setAutoLock: async (minutes) => {
      const result = await api()['vault:auto-lock']({ minutes });
      if (result.ok) {
        set({ vault: result.value, vaultError: undefined });
        return;
      }
      // The setting is a select with no dialog around it: the toast is where its failure shows.
      set({ vaultError: result.error });
      get().failed(result.error);
    },
    allowCli: async (allowed) => {
      // Its error belongs to its own dialog, not to the passphrase dialogs that show vaultError.
      const result = await api()['vault:allow-cli']({ allowed });
      if (!result.ok) return formatErrorLine(result.error);
      set({ vault: result.value });
      return undefined;
    },
    exportVault: ({ withSecrets, passphrase }) =>
      attempt(
        api()['vault:export']({ withSecrets, ...(passphrase ? { passphrase } : {}) }),
        ({ path, tokensLeftOut }) => {
          if (path) get().notify(`Exported to ${path}.${leftOutNote(tokensLeftOut)}`);
        },
      ),
    importVault: (passphrase) =>
      attempt(api()['vault:import']({ passphrase }), (summary) => {
        if (summary.path) {
          get().notify(
            `Imported ${summary.requests} saved request(s), ${summary.secrets} secret(s) and ${summary.tokens} token(s).`,
          );
          void get().loadVault();
        }
      }),
    dismissStoreNotice: (file) =>
      set((state) => ({ storeNotices: state.storeNotices.filter((notice) => notice.file !== file) })),
    clearVaultError: () => set({ vaultError: undefined }),
    vaultTransfer: undefined,
    setVaultTransfer: (mode) => set({ vaultTransfer: mode }),
    listenForVault: () =>
      api().on('vault:changed', () => {
        void get().loadVault();
        if (get().view === 'vault') void get().loadVaultEntries();
      }),
  };
};

export function vaultErrorLine(error: AppErrorData | undefined): string | undefined {
  return error ? formatErrorLine(error) : undefined;
}

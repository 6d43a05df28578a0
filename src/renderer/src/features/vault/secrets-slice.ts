import type { AppErrorData } from '../../../../shared/domain/errors.ts';
import type { VaultEntry } from '../../../../shared/domain/vault-inventory.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';
import { clipboardNote } from './clipboard-note.ts';

export type VaultSort = 'request' | 'kind' | 'used';

/** The Vault view: every secret with whose it is, never a value, and what can be done with one. */
export interface VaultSecretsSlice {
  vaultEntries: VaultEntry[];
  vaultSearch: string;
  vaultSort: VaultSort;
  setVaultSearch: (search: string) => void;
  setVaultSort: (sort: VaultSort) => void;
  loadVaultEntries: () => Promise<void>;
  /** Rotates a secret; answers the error to show in the dialog, or undefined when it was replaced. */
  replaceVaultSecret: (ref: string, value: string) => Promise<AppErrorData | undefined>;
  deleteVaultSecrets: (refs: string[], what: string) => Promise<void>;
  pruneVaultLeftovers: () => Promise<void>;
  copyVaultSecret: (ref: string, what: string) => Promise<void>;
}

export const createVaultSecretsSlice: SliceCreator<VaultSecretsSlice> = (set, get) => {
  /** A removal's toast, with the Undo main keeps possible while it shows. */
  function removed(result: Awaited<ReturnType<ReturnType<typeof api>['vault:delete']>>, text: string): void {
    if (!result.ok) {
      get().failed(result.error);
      return;
    }
    const { undoId } = result.value;
    get().notify(text, 'info', {
      label: 'Undo',
      run: async () => {
        const undone = await api()['vault:undo']({ undoId });
        if (!undone.ok) get().failed(undone.error);
        await get().loadVaultEntries();
      },
    });
  }

  return {
    vaultEntries: [],
    vaultSearch: '',
    vaultSort: 'request',
    setVaultSearch: (vaultSearch) => set({ vaultSearch }),
    setVaultSort: (vaultSort) => set({ vaultSort }),
    loadVaultEntries: async () => {
      const result = await api()['vault:list']({});
      // Run again on every vault change: a failure must not leave an old list looking current.
      if (result.ok) set({ vaultEntries: result.value });
      else get().failed(result.error);
    },
    replaceVaultSecret: async (ref, value) => {
      const result = await api()['vault:replace']({ ref, value });
      if (!result.ok) return result.error;
      const { marked } = result.value;
      get().notify(
        marked > 0
          ? `Secret replaced. ${marked} token(s) got with the old value stay until they expire, marked as obtained with a replaced secret.`
          : 'Secret replaced. The next grant uses the new value.',
      );
      await get().loadVaultEntries();
      return undefined;
    },
    deleteVaultSecrets: async (refs, what) => {
      removed(await api()['vault:delete']({ refs }), `Deleted ${what} from the vault.`);
      await get().loadVaultEntries();
    },
    pruneVaultLeftovers: async () => {
      const result = await api()['vault:prune']({});
      removed(result, result.ok ? `Deleted ${result.value.removed} leftover secret(s) from the vault.` : '');
      await get().loadVaultEntries();
    },
    copyVaultSecret: async (ref, what) => {
      const result = await api()['vault:copy']({ ref });
      if (result.ok)
        get().notify(`${what} copied to the clipboard in clear text.${clipboardNote(result.value.clearsInSeconds)}`);
      else get().failed(result.error);
    },
  };
};

import type { ChannelOutput } from '../../../../shared/contract.ts';
import type { AppErrorData } from '../../../../shared/domain/errors.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

export type ImportSummary = ChannelOutput<'import:text'>;

/** What the interop dialog shows: the import form, what an import brought in, or an export's warnings. */
export type InteropView =
  | { kind: 'import' }
  | { kind: 'imported'; summary: ImportSummary; file: string | undefined }
  | { kind: 'exported'; path: string; warnings: string[] };

export interface InteropSlice {
  /** The dialog, while it is open. */
  interop: InteropView | undefined;
  /** The dialog's code was asked for once: it stays mounted from then on, so closing it returns focus. */
  interopLoaded: boolean;
  interopBusy: boolean;
  /** Why the last import failed, shown under the text box. */
  importError: AppErrorData | undefined;
  openImport: () => void;
  closeInterop: () => void;
  clearImportError: () => void;
  /**
   * Imports pasted text. The text is not kept in the store: it may hold credentials, and main moves
   * them into the vault.
   */
  importPasted: (text: string) => Promise<boolean>;
  importFile: () => Promise<void>;
  exportPostman: () => Promise<void>;
}

export const createInteropSlice: SliceCreator<InteropSlice> = (set, get) => {
  /** Shows what came in, reloads the sidebar and opens the first request that was created. */
  async function imported(summary: ImportSummary, file: string | undefined): Promise<void> {
    set({ interop: { kind: 'imported', summary, file }, importError: undefined });
    await get().loadWorkspace();
    const first = get().requests.find((request) => request.id === summary.requestIds[0]);
    if (first) get().openSaved(first);
  }

  return {
    interop: undefined,
    interopLoaded: false,
    interopBusy: false,
    importError: undefined,

    openImport: () => set({ interop: { kind: 'import' }, interopLoaded: true, importError: undefined }),
    closeInterop: () => set({ interop: undefined, importError: undefined }),
    clearImportError: () => set({ importError: undefined }),

    importPasted: async (text) => {
      if (get().interopBusy || text.trim() === '') return false;
      set({ interopBusy: true });
      const result = await api()['import:text']({ text });
      set({ interopBusy: false });
      if (!result.ok) {
        set({ importError: result.error });
        return false;
      }
      await imported(result.value, undefined);
      return true;
    },

    importFile: async () => {
      if (get().interopBusy) return;
      set({ interopBusy: true });
      const result = await api()['import:file']({});
      set({ interopBusy: false });
      if (!result.ok) {
        set({ importError: result.error });
        return;
      }
      const { path, summary } = result.value;
      if (path && summary) await imported(summary, path);
    },

    exportPostman: async () => {
      const result = await api()['export:postman']({});
      if (!result.ok) {
        get().failed(result.error);
        return;
      }
      const { path, warnings } = result.value;
      if (!path) return;
      // Warnings name what the file lacks; they need more room than a toast, and time to read.
      if (warnings.length > 0) set({ interop: { kind: 'exported', path, warnings }, interopLoaded: true });
      else get().notify(`Exported to Postman: ${path}. Secrets are {{variables}} in it, never values.`);
    },
  };
};

const KIND_NAMES: Record<ImportSummary['kind'], string> = {
  curl: 'cURL',
  postman: 'a Postman collection',
  'postman-environment': 'a Postman environment',
  openapi: 'an OpenAPI document',
};

/** "Imported from a Postman collection" */
export function importSource(summary: ImportSummary): string {
  return KIND_NAMES[summary.kind];
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

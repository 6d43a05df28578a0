import { secretFieldNames } from '../../../../shared/domain/profile.ts';
import type { Environment, SavedRequest } from '../../../../shared/domain/workspace.ts';
import { findProfile } from '../../../../shared/providers/index.ts';
import type { ChannelOutput } from '../../../../shared/contract.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';
import { readDrafts } from '../grant/drafts.ts';
import { changedUnderEdits, type DiskVersion } from './disk-conflicts.ts';

export interface WorkspaceSlice {
  requests: SavedRequest[];
  environments: Environment[];
  /** Files of the workspace folder that cannot be read: listed, never touched. */
  problems: { path: string; error: string }[];
  /** The workspace folder in use and the recent ones. */
  workspaceInfo: ChannelOutput<'workspace:current'> | undefined;
  workspaceDialogOpen: boolean;
  setWorkspaceDialogOpen: (open: boolean) => void;
  /** Opens a workspace: a new one, one chosen in main's folder dialog, or a recent one. */
  openWorkspace: (options: { create?: boolean; recent?: string }) => Promise<void>;
  search: string;
  /** The request being renamed in the sidebar. */
  renaming: string | undefined;
  /** The name typed in an editor's header, by editor, until it is saved. */
  names: Record<string, string>;
  setName: (editorKey: string, name: string) => void;
  loadWorkspace: () => Promise<void>;
  /** Says that this window is about to change a request's file itself (a move to KeePassXC): not a conflict. */
  noteOwnChange: (id: string) => void;
  /**
   * Requests with unsaved edits whose file changed on disk meanwhile (git, an editor, the command
   * line), by id, with the version on disk (null: deleted). The window asks which to keep.
   */
  diskConflicts: Record<string, DiskVersion>;
  /** Keeps the window's edits: saving them writes over the version on disk. */
  keepMyEdits: (id: string) => void;
  /** Drops the window's edits for the version on disk (or closes a request deleted there). */
  takeDiskVersion: (id: string) => void;
  /** Lists the requests again when the workspace folder changes on disk (git, an editor, the command line). */
  listenForWorkspace: () => () => void;
  setSearch: (search: string) => void;
  /** Saves the open editor (a draft becomes a saved request). */
  saveEditor: (name?: string) => Promise<void>;
  startRename: (id: string | undefined) => void;
  renameRequest: (id: string, name: string) => Promise<void>;
  duplicateRequest: (id: string) => Promise<void>;
  deleteRequest: (id: string) => Promise<void>;
  moveRequest: (id: string, folder: string, beforeId?: string) => Promise<void>;
  saveEnvironment: (environment: Environment) => Promise<boolean>;
  deleteEnvironment: (id: string) => Promise<void>;
}

/** What a search looks in, per request; kept while the request object lives (a reload brings new ones). */
const haystacks = new WeakMap<SavedRequest, string>();

function haystackOf(request: SavedRequest): string {
  let haystack = haystacks.get(request);
  if (haystack === undefined) {
    haystack =
      `${request.name} ${request.folder} ${findProfile(request.profileId)?.name ?? request.profileId}`.toLowerCase();
    haystacks.set(request, haystack);
  }
  return haystack;
}

/** Requests matching a search: every word must appear in the name, folder or provider. */
export function matchingRequests(requests: readonly SavedRequest[], search: string): SavedRequest[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...requests];
  return requests.filter((request) => {
    const haystack = haystackOf(request);
    return words.every((word) => haystack.includes(word));
  });
}

export const createWorkspaceSlice: SliceCreator<WorkspaceSlice> = (set, get) => {
  /** Requests this window itself changed on disk (a rename, a move) since the last listing. */
  const ownChanges = new Set<string>();

  return {
    requests: [],
    environments: [],
    problems: [],
    workspaceInfo: undefined,
    workspaceDialogOpen: false,
    setWorkspaceDialogOpen: (workspaceDialogOpen) => set({ workspaceDialogOpen }),
    openWorkspace: async (options) => {
      const result = await api()['workspace:open'](options);
      if (!result.ok) {
        get().failed(result.error);
        return;
      }
      if (result.value.dir === null) return;
      set({ workspaceDialogOpen: false });
      await get().loadWorkspace();
      get().notify(`Opened the workspace ${result.value.dir}.`);
    },
    search: '',
    renaming: undefined,
    names: readDrafts().names,
    setName: (editorKey, name) => {
      set((state) => ({ names: { ...state.names, [editorKey]: name } }));
      get().markDirty(editorKey);
    },

    noteOwnChange: (id) => ownChanges.add(id),
    listenForWorkspace: () =>
      api().on('workspace:changed', () => {
        void get().loadWorkspace();
      }),
    loadWorkspace: async () => {
      const [list, current] = await Promise.all([api()['requests:list']({}), api()['workspace:current']({})]);
      if (list.ok) {
        const found = changedUnderEdits({
          before: get().requests,
          after: list.value.requests,
          dirty: get().dirty,
          ownChanges,
        });
        ownChanges.clear();
        set((state) => ({ ...list.value, diskConflicts: { ...state.diskConflicts, ...found } }));
        for (const [id, onDisk] of Object.entries(found)) {
          const name = onDisk?.name ?? get().names[id] ?? 'A request';
          // Shown in the request's header too, whenever it is open: neither side is dropped silently.
          get().notify(
            `“${name}” was ${onDisk ? 'changed' : 'deleted'} on disk while you had unsaved edits: ${get().editor?.savedRequestId === id ? 'choose' : 'open it to choose'} which to keep.`,
            'error',
          );
        }
      } else get().failed(list.error);
      if (current.ok) set({ workspaceInfo: current.value });
      else get().failed(current.error);
    },
    diskConflicts: {},
    keepMyEdits: (id) =>
      set((state) => ({
        diskConflicts: Object.fromEntries(Object.entries(state.diskConflicts).filter(([key]) => key !== id)),
      })),
    takeDiskVersion: (id) => {
      const onDisk = get().diskConflicts[id] ?? null;
      const without = <T>(record: Record<string, T>) =>
        Object.fromEntries(Object.entries(record).filter(([key]) => key !== id));
      set((state) => ({ diskConflicts: without(state.diskConflicts), names: without(state.names) }));
      if (onDisk) get().setFollowUps(id, onDisk.followUps);
      else get().forgetFollowUps(id);
      get().takeVersion(id, onDisk);
    },

    setSearch: (search) => set({ search }),

    saveEditor: async (typedName) => {
      const { editor, values, requests } = get();
      const name = typedName ?? (editor ? get().names[editor.key] : undefined);
      if (!editor) return;
      const profile = findProfile(editor.profileId);
      if (!profile) return;
      const existing = requests.find((request) => request.id === editor.savedRequestId);
      const result = await api()['requests:save']({
        ...(existing ? { id: existing.id } : {}),
        name: name ?? existing?.name ?? profile.name,
        ...(existing ? { folder: existing.folder } : {}),
        profileId: profile.id,
        ...(editor.environmentId ? { environmentId: editor.environmentId } : {}),
        values: values[editor.key] ?? {},
        followUps: get().followUps[editor.key] ?? existing?.followUps ?? [],
      });
      if (!result.ok) {
        get().failed(result.error);
        return;
      }
      const saved = result.value;
      // The typed secrets are in the vault now: the saved editor starts without them.
      const secrets = secretFieldNames(profile);
      const kept = Object.fromEntries(
        Object.entries(values[editor.key] ?? {}).filter(([field]) => !secrets.includes(field)),
      );
      get().markSaved({ editorKey: editor.key, saved, values: kept });
      get().setFollowUps(saved.id, saved.followUps);
      set((state) => ({
        names: Object.fromEntries(
          Object.entries(state.names).filter(([key]) => key !== editor.key && key !== saved.id),
        ),
      }));
      await get().loadWorkspace();
      await get().loadSecretMasks();
      // The ledger names the saved requests its tokens belong to: this one may now own one.
      await get().loadLedger();
      get().notify(`Saved “${saved.name}”.`);
    },

    startRename: (id) => set({ renaming: id }),

    renameRequest: async (id, name) => {
      const request = get().requests.find((candidate) => candidate.id === id);
      set({ renaming: undefined });
      if (!request || name.trim() === '' || name === request.name) return;
      ownChanges.add(id);
      const result = await api()['requests:save']({ ...request, name: name.trim(), values: request.values });
      if (!result.ok) get().failed(result.error);
      await get().loadWorkspace();
    },

    duplicateRequest: async (id) => {
      const result = await api()['requests:duplicate']({ id });
      if (!result.ok) get().failed(result.error);
      await get().loadWorkspace();
    },

    deleteRequest: async (id) => {
      const request = get().requests.find((candidate) => candidate.id === id);
      const result = await api()['requests:delete']({ id });
      if (!result.ok) {
        get().failed(result.error);
        return;
      }
      get().requestGone(id);
      await get().loadWorkspace();
      get().notify(`Deleted “${request?.name ?? 'request'}”. Its secrets stay in the Vault as leftovers.`, 'info', {
        label: 'Undo',
        focus: true,
        run: async () => {
          const restored = await api()['requests:undo-delete']({ undoId: result.value.undoId });
          if (!restored.ok) get().failed(restored.error);
          await get().loadWorkspace();
        },
      });
    },

    saveEnvironment: async (environment) => {
      const result = await api()['environments:save'](environment);
      if (!result.ok) get().failed(result.error);
      await get().loadWorkspace();
      return result.ok;
    },

    deleteEnvironment: async (id) => {
      const result = await api()['environments:delete']({ id });
      if (!result.ok) get().failed(result.error);
      if (get().editor?.environmentId === id) get().setEnvironment(undefined);
      await get().loadWorkspace();
    },

    moveRequest: async (id, folder, beforeId) => {
      const result = await api()['requests:move']({ id, folder, ...(beforeId ? { beforeId } : {}) });
      if (result.ok) set({ requests: result.value });
      else get().failed(result.error);
    },
  };
};

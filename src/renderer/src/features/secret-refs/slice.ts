import { formatErrorLine, type Result } from '../../../../shared/domain/errors.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

/** What the Test button said about a reference: main read it (the value stays there), or why not. */
export type RefTest = { state: 'testing' } | { state: 'found' } | { state: 'failed'; message: string };

export interface KdbxBrowse {
  path: string;
  entries: { path: string; fields: string[] }[];
  /** Why the database did not open (a wrong password): the picker asks again. */
  problem?: string;
  /** No password is kept for it yet: the picker asks for one, which is no error. */
  locked?: boolean;
  /** An unlock is under way (a KDBX 4 key derivation takes a moment). */
  opening?: boolean;
}

export interface SecretRefsSlice {
  /** By reference text. */
  refTests: Record<string, RefTest>;
  passTree: { store: string; entries: string[]; problem?: string } | undefined;
  kdbxBrowse: KdbxBrowse | undefined;
  opList: { available: boolean; items: { vault: string; title: string }[]; problem?: string } | undefined;
  testRef: (ref: string, typed: boolean) => Promise<void>;
  loadPassTree: () => Promise<void>;
  /** A path from main's open dialog; undefined when cancelled. */
  chooseRefFile: (kind: 'file' | 'kdbx') => Promise<string | undefined>;
  openKdbx: (path: string, password?: string) => Promise<void>;
  loadOpItems: () => Promise<void>;
  /** Moves the stored value of the open editor's field into a KeePass entry; the error, if any. */
  moveToKdbx: (move: { field: string; path: string; entryPath: string }) => Promise<string | undefined>;
  /** Reads the field's reference once and keeps the value in the vault instead; the error, if any. */
  copyRefToVault: (field: string) => Promise<string | undefined>;
}

export const createSecretRefsSlice: SliceCreator<SecretRefsSlice> = (set, get) => {
  // Each open of a database supersedes the ones before: a slow "wrong password" must not land on a newer answer.
  let kdbxAttempt = 0;
  /**
   * Moves the open request's field between the vault and a reference, through main; the error line,
   * if any. A saved request's reference lives in its file: main rewrites it, which is this window's
   * own change, not a conflict with the form's edits.
   */
  const changeFieldRef = async (
    send: (scope: { profileId: string; savedRequestId?: string }) => Promise<Result<unknown>>,
  ): Promise<string | undefined> => {
    const editor = get().editor;
    if (!editor) return 'No request is open.';
    if (editor.savedRequestId) get().noteOwnChange(editor.savedRequestId);
    const result = await send({
      profileId: editor.profileId,
      ...(editor.savedRequestId ? { savedRequestId: editor.savedRequestId } : {}),
    });
    if (!result.ok) return formatErrorLine(result.error);
    await Promise.all([get().loadSecretMasks(), get().loadWorkspace()]);
    return undefined;
  };
  return {
    refTests: {},
    passTree: undefined,
    kdbxBrowse: undefined,
    opList: undefined,
    testRef: async (ref, typed) => {
      set({ refTests: { ...get().refTests, [ref]: { state: 'testing' } } });
      const result = await api()['refs:test']({ ref, typed });
      const test: RefTest = result.ok
        ? { state: 'found' }
        : { state: 'failed', message: formatErrorLine(result.error) };
      set({ refTests: { ...get().refTests, [ref]: test } });
    },
    loadPassTree: async () => {
      const result = await api()['refs:pass-entries']({});
      set({
        passTree: result.ok ? result.value : { store: '', entries: [], problem: formatErrorLine(result.error) },
      });
    },
    chooseRefFile: async (kind) => {
      const result = await api()['refs:choose-file']({ kind });
      if (result.ok) return result.value.path ?? undefined;
      get().failed(result.error);
      return undefined;
    },
    openKdbx: async (path, password) => {
      const attempt = ++kdbxAttempt;
      set({ kdbxBrowse: { path, entries: [], opening: true } });
      const result = await api()['refs:kdbx-entries']({ path, ...(password !== undefined ? { password } : {}) });
      if (attempt !== kdbxAttempt) return;
      set({
        kdbxBrowse: result.ok
          ? { path, entries: result.value.entries }
          : result.error.code === 'MISSING_FIELD'
            ? { path, entries: [], locked: true }
            : { path, entries: [], problem: formatErrorLine(result.error) },
      });
    },
    moveToKdbx: ({ field, path, entryPath }) =>
      changeFieldRef((scope) => api()['refs:move-to-kdbx']({ ...scope, field, path, entryPath })),
    copyRefToVault: (field) => changeFieldRef((scope) => api()['refs:copy-to-vault']({ ...scope, field })),
    loadOpItems: async () => {
      const result = await api()['refs:op-items']({});
      set({
        opList: result.ok ? result.value : { available: false, items: [], problem: formatErrorLine(result.error) },
      });
    },
  };
};

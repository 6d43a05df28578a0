import { formatErrorLine } from '../../../../shared/domain/errors.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

/** What the Test button said about a reference: main read it (the value stays there), or why not. */
export type RefTest = { state: 'testing' } | { state: 'found' } | { state: 'failed'; message: string };

export interface KdbxBrowse {
  path: string;
  entries: { path: string; fields: string[] }[];
  /** Why the database did not open (a wrong password): the picker asks again. */
  problem?: string;
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
}

export const createSecretRefsSlice: SliceCreator<SecretRefsSlice> = (set, get) => ({
  refTests: {},
  passTree: undefined,
  kdbxBrowse: undefined,
  opList: undefined,
  testRef: async (ref, typed) => {
    set({ refTests: { ...get().refTests, [ref]: { state: 'testing' } } });
    const result = await api()['refs:test']({ ref, typed });
    const test: RefTest = result.ok ? { state: 'found' } : { state: 'failed', message: formatErrorLine(result.error) };
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
    return result.ok ? (result.value.path ?? undefined) : undefined;
  },
  openKdbx: async (path, password) => {
    const result = await api()['refs:kdbx-entries']({ path, ...(password !== undefined ? { password } : {}) });
    set({
      kdbxBrowse: result.ok
        ? { path, entries: result.value.entries }
        : { path, entries: [], problem: formatErrorLine(result.error) },
    });
  },
  loadOpItems: async () => {
    const result = await api()['refs:op-items']({});
    set({
      opList: result.ok ? result.value : { available: false, items: [], problem: formatErrorLine(result.error) },
    });
  },
});

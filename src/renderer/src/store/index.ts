import { create, type StateCreator } from 'zustand';
import { createCurlSlice, type CurlSlice } from '../features/curl/slice.ts';
import { createGrantSlice, type GrantSlice } from '../features/grant/slice.ts';
import { createVaultSlice, type VaultSlice } from '../features/vault/slice.ts';
import { createNoticeSlice, type NoticeSlice } from '../ui/notice-slice.ts';

export type StoreState = GrantSlice & CurlSlice & VaultSlice & NoticeSlice;

/** A feature slice: sees the whole store, owns its own part of it. */
export type SliceCreator<Slice> = StateCreator<StoreState, [], [], Slice>;

export const useStore = create<StoreState>()((...args) => ({
  ...createGrantSlice(...args),
  ...createCurlSlice(...args),
  ...createVaultSlice(...args),
  ...createNoticeSlice(...args),
}));

import { create, type StateCreator } from 'zustand';
import { createCurlSlice, type CurlSlice } from '../features/code/slice.ts';
import { createDiscoverySlice, type DiscoverySlice } from '../features/grant/discovery-slice.ts';
import { createGrantSlice, type GrantSlice } from '../features/grant/slice.ts';
import { createFollowUpSlice, type FollowUpSlice } from '../features/followup/slice.ts';
import { createInteropSlice, type InteropSlice } from '../features/interop/slice.ts';
import { createJwtSlice, type JwtSlice } from '../features/jwt/slice.ts';
import { createLedgerSlice, type LedgerSlice } from '../features/ledger/slice.ts';
import { createPreviewSlice, type PreviewSlice } from '../features/preview/slice.ts';
import { createSecretRefsSlice, type SecretRefsSlice } from '../features/secret-refs/slice.ts';
import { createVaultSlice, type VaultSlice } from '../features/vault/slice.ts';
import { createVaultSecretsSlice, type VaultSecretsSlice } from '../features/vault/secrets-slice.ts';
import { createWorkspaceSlice, type WorkspaceSlice } from '../features/workspace/slice.ts';
import { createNoticeSlice, type NoticeSlice } from '../ui/notice-slice.ts';
import { createUiSlice, type UiSlice } from '../ui/ui-slice.ts';

export type StoreState = GrantSlice &
  DiscoverySlice &
  CurlSlice &
  VaultSlice &
  VaultSecretsSlice &
  WorkspaceSlice &
  LedgerSlice &
  JwtSlice &
  FollowUpSlice &
  PreviewSlice &
  InteropSlice &
  SecretRefsSlice &
  UiSlice &
  NoticeSlice;

/** A feature slice: sees the whole store, owns its own part of it. */
export type SliceCreator<Slice> = StateCreator<StoreState, [], [], Slice>;

/** A new store: the window has one ({@link useStore}); tests make their own. */
export function createAppStore() {
  return create<StoreState>()((...args) => ({
    ...createGrantSlice(...args),
    ...createDiscoverySlice(...args),
    ...createCurlSlice(...args),
    ...createVaultSlice(...args),
    ...createVaultSecretsSlice(...args),
    ...createWorkspaceSlice(...args),
    ...createLedgerSlice(...args),
    ...createJwtSlice(...args),
    ...createFollowUpSlice(...args),
    ...createPreviewSlice(...args),
    ...createInteropSlice(...args),
    ...createSecretRefsSlice(...args),
    ...createUiSlice(...args),
    ...createNoticeSlice(...args),
  }));
}

export const useStore = createAppStore();

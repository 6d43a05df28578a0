import { lazy, Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ProviderForm } from '../features/grant/components/ProviderForm.tsx';
import { JwtInspector } from '../features/jwt/components/JwtInspector.tsx';
import { LedgerView } from '../features/ledger/components/LedgerView.tsx';
import { CommandPalette } from '../features/palette/components/CommandPalette.tsx';
import { ShortcutsHelp } from '../features/palette/components/ShortcutsHelp.tsx';
import { StepPreview } from '../features/preview/components/StepPreview.tsx';
import { StoreNotices } from '../features/vault/components/StoreNotices.tsx';
import { VaultBanner } from '../features/vault/components/VaultBanner.tsx';
import { VaultGate } from '../features/vault/components/VaultGate.tsx';
import { VaultStatus } from '../features/vault/components/VaultStatus.tsx';
import { DiskConflict } from '../features/workspace/components/DiskConflict.tsx';
import { VaultTransferDialog } from '../features/vault/components/VaultTransferDialog.tsx';
import { VaultView } from '../features/vault/components/VaultView.tsx';
import { RequestHeader } from '../features/workspace/components/RequestHeader.tsx';
import { Sidebar } from '../features/workspace/components/Sidebar.tsx';
import { useStore } from '../store/index.ts';
import { NoticeToast } from '../ui/NoticeToast.tsx';
import { SidebarIcon } from '../ui/icons.tsx';
import { Splitter } from '../ui/Splitter.tsx';
import { FirstRun } from './FirstRun.tsx';
import { WorkspaceDialog } from '../features/workspace/components/WorkspaceDialog.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useMenuCommands } from './use-menu-commands.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { useTheme } from './use-theme.ts';
import { useKeepDrafts } from './use-keep-drafts.ts';

// The response viewers (JSON, raw, cookies, HTML preview, cURL) and the follow-up requests that show
// them load when a request is first opened: the first-run screen needs none of them, and the start
// of the app is what every user waits for (bench/renderer-start.bench.ts).
const ResponseViewer = lazy(() =>
  import('../features/response/components/ResponseViewer.tsx').then((module) => ({ default: module.ResponseViewer })),
);
const FollowUps = lazy(() =>
  import('../features/followup/components/FollowUps.tsx').then((module) => ({ default: module.FollowUps })),
);
// Import and export: loaded when first asked for, and kept from then on so closing returns focus.
const InteropDialog = lazy(() =>
  import('../features/interop/components/InteropDialog.tsx').then((module) => ({ default: module.InteropDialog })),
);

export function App() {
  const state = useStore(
    useShallow((current) => ({
      listenForProgress: current.listenForProgress,
      listenForVault: current.listenForVault,
      listenForLedger: current.listenForLedger,
      listenForWorkspace: current.listenForWorkspace,
      loadVault: current.loadVault,
      loadWorkspace: current.loadWorkspace,
      loadLedger: current.loadLedger,
      loadSecretMasks: current.loadSecretMasks,
      editorKey: current.editor?.key,
      view: current.view,
      sidebarWidth: current.sidebarWidth,
      setSidebarWidth: current.setSidebarWidth,
      formWidth: current.formWidth,
      setFormWidth: current.setFormWidth,
      sidebarCollapsed: current.sidebarCollapsed,
      toggleSidebar: current.toggleSidebar,
      inspectPasted: current.inspect,
      gated: current.vault?.protection === 'passphrase' && current.vault.locked,
      interopLoaded: current.interopLoaded,
      vaultTransfer: current.vaultTransfer,
      setVaultTransfer: current.setVaultTransfer,
    })),
  );
  const {
    listenForProgress,
    listenForVault,
    listenForLedger,
    listenForWorkspace,
    loadVault,
    loadWorkspace,
    loadLedger,
    loadSecretMasks,
    editorKey,
    view,
    gated,
  } = state;

  useEffect(() => listenForProgress(), [listenForProgress]);
  useEffect(() => listenForVault(), [listenForVault]);
  useEffect(() => listenForLedger(), [listenForLedger]);
  useEffect(() => listenForWorkspace(), [listenForWorkspace]);
  useEffect(() => {
    void loadVault();
  }, [loadVault]);
  useEffect(() => {
    if (gated) return;
    void loadWorkspace();
    void loadLedger();
  }, [gated, loadWorkspace, loadLedger]);
  useEffect(() => {
    if (!gated && editorKey) void loadSecretMasks();
  }, [gated, editorKey, loadSecretMasks]);
  useShortcuts();
  useMenuCommands();
  useTheme();
  useKeepDrafts();

  return (
    <div
      className={`app${state.sidebarCollapsed ? ' sidebar-collapsed' : ''}`}
      style={{
        ['--sidebar-width' as string]: `${state.sidebarWidth}px`,
        ['--form-width' as string]: `${state.formWidth}px`,
      }}
    >
      <header className="topbar">
        {gated ? null : (
          <button
            type="button"
            className="ghost icon-button"
            aria-expanded={!state.sidebarCollapsed}
            // Only while the sidebar is there: aria-controls must name an element that exists.
            aria-controls={state.sidebarCollapsed ? undefined : 'sidebar'}
            aria-label={state.sidebarCollapsed ? 'Show the sidebar' : 'Hide the sidebar'}
            title="Sidebar (Ctrl+B)"
            onClick={state.toggleSidebar}
          >
            <SidebarIcon />
          </button>
        )}
        <div className="brand">
          <img src="./icon.svg" alt="" width="20" height="20" />
          Tokensmith
        </div>
        <button
          type="button"
          className="ghost topbar-action"
          onClick={() => state.inspectPasted({ source: { kind: 'pasted' }, title: 'Pasted JWT', decoded: undefined })}
        >
          JWT inspector
        </button>
        <VaultStatus />
      </header>
      <StoreNotices />
      {gated ? null : <VaultBanner />}
      {gated ? (
        <main className="gate-wrap">
          <VaultGate />
        </main>
      ) : (
        <div className="body">
          {state.sidebarCollapsed ? null : (
            <>
              <Sidebar />
              <Splitter
                label="Resize the sidebar"
                value={state.sidebarWidth}
                min={180}
                max={520}
                onChange={state.setSidebarWidth}
              />
            </>
          )}
          <main className="main">
            {view === 'tokens' ? (
              <LedgerView />
            ) : view === 'vault' ? (
              <VaultView />
            ) : editorKey ? (
              <div className="workbench">
                {/* Every screen has its h1 for heading navigation; here the request's name is an input. */}
                <h1 className="visually-hidden">Request and response</h1>
                <section className="pane pane-request" aria-label="Request">
                  <RequestHeader />
                  <DiskConflict />
                  <ProviderForm />
                  <StepPreview />
                  <Suspense fallback={null}>
                    <FollowUps />
                  </Suspense>
                </section>
                <Splitter
                  label="Resize the request and response panes"
                  value={state.formWidth}
                  min={320}
                  max={900}
                  onChange={state.setFormWidth}
                />
                <section className="pane pane-response" aria-label="Response">
                  <Suspense fallback={null}>
                    <ResponseViewer />
                  </Suspense>
                </section>
              </div>
            ) : (
              <FirstRun />
            )}
          </main>
        </div>
      )}
      <StatusBar />
      <WorkspaceDialog />
      <CommandPalette />
      <ShortcutsHelp />
      <JwtInspector />
      {state.interopLoaded && !gated ? (
        <Suspense fallback={null}>
          <InteropDialog />
        </Suspense>
      ) : null}
      {/* From the Vault view, the palette or the application menu, whichever view is open. */}
      <VaultTransferDialog mode={state.vaultTransfer} onClose={() => state.setVaultTransfer(undefined)} />
      <NoticeToast />
    </div>
  );
}

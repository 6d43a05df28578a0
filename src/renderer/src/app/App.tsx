import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ProviderForm } from '../features/grant/components/ProviderForm.tsx';
import { ProviderPicker } from '../features/grant/components/ProviderPicker.tsx';
import { ResponseViewer } from '../features/response/components/ResponseViewer.tsx';
import { StoreNotices } from '../features/vault/components/StoreNotices.tsx';
import { VaultBanner } from '../features/vault/components/VaultBanner.tsx';
import { VaultGate } from '../features/vault/components/VaultGate.tsx';
import { VaultStatus } from '../features/vault/components/VaultStatus.tsx';
import { useStore } from '../store/index.ts';
import { NoticeToast } from '../ui/NoticeToast.tsx';

export function App() {
  const { runGrant, listenForProgress, listenForVault, loadVault, loadSecretMasks, profileId, gated } = useStore(
    useShallow((state) => ({
      runGrant: state.runGrant,
      listenForProgress: state.listenForProgress,
      listenForVault: state.listenForVault,
      loadVault: state.loadVault,
      loadSecretMasks: state.loadSecretMasks,
      profileId: state.profileId,
      gated: state.vault?.protection === 'passphrase' && state.vault.locked,
    })),
  );

  useEffect(() => listenForProgress(), [listenForProgress]);
  useEffect(() => listenForVault(), [listenForVault]);
  useEffect(() => {
    void loadVault();
  }, [loadVault]);
  useEffect(() => {
    if (!gated) void loadSecretMasks(profileId);
  }, [gated, profileId, loadSecretMasks]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void runGrant();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runGrant]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Tokensmith
        </div>
        {gated ? null : <ProviderPicker />}
        <VaultStatus />
      </header>
      <StoreNotices />
      {gated ? null : <VaultBanner />}
      {gated ? (
        <main className="gate-wrap">
          <VaultGate />
        </main>
      ) : (
        <main className="workbench">
          <section className="pane pane-request" aria-label="Request">
            <ProviderForm />
          </section>
          <section className="pane pane-response" aria-label="Response">
            <ResponseViewer />
          </section>
        </main>
      )}
      <NoticeToast />
    </div>
  );
}

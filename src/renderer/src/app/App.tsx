import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ProviderForm } from '../features/grant/components/ProviderForm.tsx';
import { ProviderPicker } from '../features/grant/components/ProviderPicker.tsx';
import { ResponseViewer } from '../features/response/components/ResponseViewer.tsx';
import { useStore } from '../store/index.ts';
import { NoticeToast } from '../ui/NoticeToast.tsx';

export function App() {
  const { runGrant, listenForProgress } = useStore(
    useShallow((state) => ({ runGrant: state.runGrant, listenForProgress: state.listenForProgress })),
  );

  useEffect(() => listenForProgress(), [listenForProgress]);

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
        <ProviderPicker />
      </header>
      <main className="workbench">
        <section className="pane pane-request" aria-label="Request">
          <ProviderForm />
        </section>
        <section className="pane pane-response" aria-label="Response">
          <ResponseViewer />
        </section>
      </main>
      <NoticeToast />
    </div>
  );
}

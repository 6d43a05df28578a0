import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';

const VISIBLE_MS = 4000;
/** A notice with an action (Undo) stays long enough to reach it by keyboard. */
const WITH_ACTION_MS = 10_000;

/**
 * Where focus goes when a toast that held it goes away: the saved requests' Tab stop (the toast's
 * Undo follows a delete there), else their search box.
 */
function focusHome(): void {
  const home =
    document.querySelector<HTMLElement>('.sidebar-list .request-open[tabindex="0"]') ??
    document.querySelector<HTMLElement>('#sidebar input[type="search"]');
  home?.focus();
}

export function NoticeToast() {
  const { notice, dismissNotice } = useStore(
    useShallow((state) => ({ notice: state.notice, dismissNotice: state.dismissNotice })),
  );
  const toast = useRef<HTMLDivElement>(null);
  const action = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!notice) return;
    if (notice.action?.focus) action.current?.focus();
    const timer = window.setTimeout(
      () => {
        const hadFocus = toast.current?.contains(document.activeElement) ?? false;
        dismissNotice(notice.id);
        if (hadFocus) focusHome();
      },
      notice.action ? WITH_ACTION_MS : VISIBLE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [notice, dismissNotice]);
  if (!notice) return null;
  return (
    <div ref={toast} className={`toast toast-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span className="toast-text">{notice.text}</span>
      {notice.action ? (
        <button
          ref={action}
          type="button"
          className="toast-action"
          onClick={() => {
            dismissNotice(notice.id);
            void notice.action?.run().then(focusHome);
          }}
        >
          {notice.action.label}
        </button>
      ) : null}
    </div>
  );
}

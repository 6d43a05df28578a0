import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';

const VISIBLE_MS = 4000;
/** A notice with an action (Undo) stays long enough to reach it by keyboard. */
const WITH_ACTION_MS = 10_000;

export function NoticeToast() {
  const { notice, dismissNotice } = useStore(
    useShallow((state) => ({ notice: state.notice, dismissNotice: state.dismissNotice })),
  );
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => dismissNotice(notice.id), notice.action ? WITH_ACTION_MS : VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, dismissNotice]);
  if (!notice) return null;
  return (
    <div className={`toast toast-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span className="toast-text">{notice.text}</span>
      {notice.action ? (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            dismissNotice(notice.id);
            void notice.action?.run();
          }}
        >
          {notice.action.label}
        </button>
      ) : null}
    </div>
  );
}

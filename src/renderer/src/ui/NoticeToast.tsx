import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';

const VISIBLE_MS = 4000;

export function NoticeToast() {
  const { notice, dismissNotice } = useStore(
    useShallow((state) => ({ notice: state.notice, dismissNotice: state.dismissNotice })),
  );
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => dismissNotice(notice.id), VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, dismissNotice]);
  if (!notice) return null;
  return (
    <div className={`toast toast-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      {notice.text}
    </div>
  );
}

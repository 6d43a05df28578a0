import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';

/** A store file that could not be read was moved aside, never overwritten: say where it is. */
export function StoreNotices() {
  const { notices, dismiss } = useStore(
    useShallow((state) => ({ notices: state.storeNotices, dismiss: state.dismissStoreNotice })),
  );
  return notices.map((notice) => (
    <div key={notice.movedTo} className="banner banner-warning" role="alert" data-testid="store-notice">
      <span>
        Tokensmith could not read {notice.file} ({notice.reason}). It started with a clean store and kept the old file
        as <code>{notice.movedTo}</code>.
      </span>
      <button type="button" className="ghost" onClick={() => dismiss(notice.movedTo)}>
        Dismiss
      </button>
    </div>
  ));
}

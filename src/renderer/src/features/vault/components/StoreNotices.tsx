import { useShallow } from 'zustand/react/shallow';
import { storeNoticeText } from '../../../../../shared/domain/store-notice.ts';
import { useStore } from '../../../store/index.ts';

/** What happened to a store file as main opened it (kept aside, records set aside, read-only): never silent. */
export function StoreNotices() {
  const { notices, dismiss } = useStore(
    useShallow((state) => ({ notices: state.storeNotices, dismiss: state.dismissStoreNotice })),
  );
  return notices.map((notice) => (
    <div key={notice.file} className="banner banner-warning" role="alert" data-testid="store-notice">
      <span>{storeNoticeText(notice)}</span>
      <button type="button" className="ghost" onClick={() => dismiss(notice.file)}>
        Dismiss
      </button>
    </div>
  ));
}

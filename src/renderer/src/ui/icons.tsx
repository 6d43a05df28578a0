/** Small line icons drawn inline: no icon font, no network, crisp at any zoom. */
export function LockIcon({ open = false }: { open?: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path
        d={open ? 'M5.5 7V5a2.5 2.5 0 0 1 4.9-.7' : 'M5.5 7V5a2.5 2.5 0 0 1 5 0v2'}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  );
}

function Icon({ path }: { path: string }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export const PencilIcon = () => <Icon path="M11 2.5l2.5 2.5L6 12.5H3.5V10z" />;
export const CopyIcon = () => <Icon path="M5.5 5.5h7v7h-7zM3.5 10.5v-7h7" />;
export const CloseIcon = () => <Icon path="M4 4l8 8M12 4l-8 8" />;
export const TrashIcon = () => <Icon path="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5M7 7v4M9 7v4" />;
export const SidebarIcon = () => <Icon path="M2.5 3.5h11v9h-11zM6 3.5v9" />;

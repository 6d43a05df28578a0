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

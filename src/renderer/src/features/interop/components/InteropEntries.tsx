import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import '../entry.css';

/** The sidebar's way in: import, and export of the whole workspace to Postman. */
export function InteropNavButtons() {
  const { openImport, exportPostman, empty } = useStore(
    useShallow((state) => ({
      openImport: state.openImport,
      exportPostman: state.exportPostman,
      empty: state.requests.length === 0,
    })),
  );
  return (
    <>
      <button type="button" className="nav-button" onClick={openImport} title="cURL, Postman or OpenAPI">
        Import… <kbd>Ctrl O</kbd>
      </button>
      <button
        type="button"
        className="nav-button"
        onClick={() => void exportPostman()}
        disabled={empty}
        title={empty ? 'Save or import a request first' : 'A Postman Collection v2.1, secrets as {{variables}}'}
      >
        Export to Postman…
      </button>
    </>
  );
}

/** For the first-run screen: requests may already exist elsewhere. */
export function ImportLink({ children }: { children: string }) {
  const openImport = useStore((state) => state.openImport);
  return (
    <button type="button" className="link-button" onClick={openImport}>
      {children}
    </button>
  );
}

import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';

export const SHORTCUTS: [keys: string, action: string][] = [
  ['Ctrl/⌘ Enter', 'Get token'],
  ['Ctrl/⌘ S', 'Save the request'],
  ['Ctrl/⌘ K', 'Command palette: requests, providers, actions'],
  ['Ctrl/⌘ O', 'Import cURL, a Postman collection or an OpenAPI document'],
  ['Ctrl/⌘ /', 'This list of shortcuts'],
  ['Ctrl/⌘ B', 'Show or hide the sidebar'],
  ['↑ ↓ Home End', 'Move between the saved requests'],
  ['F2', 'Rename the focused saved request'],
  ['Delete', 'Delete the focused saved request (with undo)'],
  ['Escape', 'Close a dialog'],
];

export function ShortcutsHelp() {
  const { open, setHelpOpen } = useStore(
    useShallow((state) => ({ open: state.helpOpen, setHelpOpen: state.setHelpOpen })),
  );
  return (
    <Modal title="Keyboard shortcuts" open={open} onClose={() => setHelpOpen(false)}>
      <table className="pairs shortcuts">
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="ghost modal-close" onClick={() => setHelpOpen(false)}>
        Close
      </button>
    </Modal>
  );
}

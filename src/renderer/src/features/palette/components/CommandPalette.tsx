import { useMemo, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PROFILES } from '../../../../../shared/providers/index.ts';
import { useStore, type StoreState } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';

interface Command {
  id: string;
  label: string;
  group: 'Request' | 'Provider' | 'Action';
  run: () => void;
}

function commands(state: StoreState): Command[] {
  const actions: Command[] = [
    { id: 'run', label: 'Get token', group: 'Action', run: () => void state.runGrant() },
    { id: 'save', label: 'Save the request', group: 'Action', run: () => void state.saveEditor() },
    { id: 'tokens', label: 'Show the token ledger', group: 'Action', run: () => state.setView('tokens') },
    { id: 'vault', label: 'Show the vault: every secret', group: 'Action', run: () => state.setView('vault') },
    { id: 'import', label: 'Import cURL, Postman or OpenAPI…', group: 'Action', run: () => state.openImport() },
    {
      id: 'workspace',
      label: 'Workspace: open, new, recent…',
      group: 'Action',
      run: () => state.setWorkspaceDialogOpen(true),
    },
    { id: 'export-postman', label: 'Export to Postman…', group: 'Action', run: () => void state.exportPostman() },
    {
      id: 'paste-jwt',
      label: 'Inspect a JWT…',
      group: 'Action',
      run: () => state.inspect({ source: { kind: 'pasted' }, title: 'Pasted JWT', decoded: undefined }),
    },
    { id: 'theme-light', label: 'Theme: light', group: 'Action', run: () => state.setTheme('light') },
    { id: 'theme-dark', label: 'Theme: dark', group: 'Action', run: () => state.setTheme('dark') },
    { id: 'theme-system', label: 'Theme: follow the system', group: 'Action', run: () => state.setTheme('system') },
    { id: 'sidebar', label: 'Show or hide the sidebar', group: 'Action', run: () => state.toggleSidebar() },
    { id: 'help', label: 'Keyboard shortcuts', group: 'Action', run: () => state.setHelpOpen(true) },
    { id: 'export-vault', label: 'Export the vault…', group: 'Action', run: () => state.setVaultTransfer('export') },
    { id: 'import-vault', label: 'Import a vault…', group: 'Action', run: () => state.setVaultTransfer('import') },
    ...(state.vault?.protection === 'passphrase' && !state.vault.locked
      ? [{ id: 'lock', label: 'Lock the vault now', group: 'Action' as const, run: () => void state.lockVault() }]
      : []),
  ];
  return [
    ...state.requests.map((request): Command => ({
      id: `request:${request.id}`,
      label: request.folder ? `${request.folder} / ${request.name}` : request.name,
      group: 'Request',
      run: () => state.openSaved(request),
    })),
    ...PROFILES.map((profile): Command => ({
      id: `profile:${profile.id}`,
      label: `New ${profile.name} request`,
      group: 'Provider',
      run: () => state.openDraft(profile.id),
    })),
    ...actions,
  ];
}

/** Ctrl+K: jump to a saved request, start a request for a provider, or run an action. */
export function CommandPalette() {
  const { open, setPaletteOpen } = useStore(
    useShallow((state) => ({ open: state.paletteOpen, setPaletteOpen: state.setPaletteOpen })),
  );
  // Read once when the palette opens: the list need not follow the store while it is shown.
  const all = useMemo(() => (open ? commands(useStore.getState()) : []), [open]);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return all.filter((command) => words.every((word) => command.label.toLowerCase().includes(word))).slice(0, 50);
  }, [all, query]);
  const close = (): void => {
    setQuery('');
    setIndex(0);
    setPaletteOpen(false);
  };
  const choose = (command: Command | undefined): void => {
    if (!command) return;
    close();
    command.run();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') setIndex((current) => Math.min(matches.length - 1, current + 1));
    else if (event.key === 'ArrowUp') setIndex((current) => Math.max(0, current - 1));
    else if (event.key === 'Enter') choose(matches[index]);
    else return;
    event.preventDefault();
  };
  return (
    <Modal title="Commands" open={open} onClose={close}>
      <input
        className="palette-input"
        role="combobox"
        aria-label="Search commands, requests and providers"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={matches[index] ? `palette-${matches[index].id}` : undefined}
        placeholder="Type a request, a provider or an action…"
        value={query}
        autoFocus
        onChange={(event) => {
          setQuery(event.target.value);
          setIndex(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="palette-list" role="listbox" aria-label="Commands" className="palette-list">
        {matches.map((command, position) => (
          <li
            key={command.id}
            id={`palette-${command.id}`}
            role="option"
            aria-selected={position === index}
            onClick={() => choose(command)}
            onMouseEnter={() => setIndex(position)}
          >
            <span>{command.label}</span>
            <span className="palette-group">{command.group}</span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

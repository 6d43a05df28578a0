import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SavedRequest } from '../../../../../shared/domain/workspace.ts';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { CloseIcon, CopyIcon, PencilIcon } from '../../../ui/icons.tsx';
import { matchingRequests } from '../slice.ts';

function RequestItem({ request, active }: { request: SavedRequest; active: boolean }) {
  const { openSaved, renaming, startRename, renameRequest, duplicateRequest, deleteRequest, moveRequest } = useStore(
    useShallow((state) => ({
      openSaved: state.openSaved,
      renaming: state.renaming === request.id,
      startRename: state.startRename,
      renameRequest: state.renameRequest,
      duplicateRequest: state.duplicateRequest,
      deleteRequest: state.deleteRequest,
      moveRequest: state.moveRequest,
    })),
  );
  const [over, setOver] = useState(false);
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'F2') startRename(request.id);
    if (event.key === 'Delete') void deleteRequest(request.id);
  };
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    const id = event.dataTransfer.getData('application/x-tokensmith-request');
    if (id && id !== request.id) void moveRequest(id, request.folder, request.id);
  };
  return (
    <li
      className={`request-item${active ? ' active' : ''}${over ? ' drop-target' : ''}`}
      draggable
      onDragStart={(event) => event.dataTransfer.setData('application/x-tokensmith-request', request.id)}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="request-item"
    >
      {renaming ? (
        <input
          className="rename"
          aria-label={`New name for ${request.name}`}
          defaultValue={request.name}
          autoFocus
          onBlur={(event) => void renameRequest(request.id, event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void renameRequest(request.id, event.currentTarget.value);
            if (event.key === 'Escape') startRename(undefined);
          }}
        />
      ) : (
        <button
          type="button"
          className="request-open"
          aria-current={active ? 'page' : undefined}
          onClick={() => openSaved(request)}
          onKeyDown={onKeyDown}
        >
          <span className="request-name">{request.name}</span>
          <span className="request-profile">{findProfile(request.profileId)?.name ?? request.profileId}</span>
        </button>
      )}
      <span className="request-actions">
        <button
          type="button"
          className="ghost icon-button"
          onClick={() => startRename(request.id)}
          aria-label={`Rename ${request.name}`}
          title="Rename (F2)"
        >
          <PencilIcon />
        </button>
        <button
          type="button"
          className="ghost icon-button"
          onClick={() => void duplicateRequest(request.id)}
          aria-label={`Duplicate ${request.name}`}
          title="Duplicate"
        >
          <CopyIcon />
        </button>
        <button
          type="button"
          className="ghost icon-button"
          onClick={() => void deleteRequest(request.id)}
          aria-label={`Delete ${request.name}`}
          title="Delete (Del)"
        >
          <CloseIcon />
        </button>
      </span>
    </li>
  );
}

/** Saved requests by folder, with search as you type, and the way to the token ledger. */
export function Sidebar() {
  const {
    requests,
    search,
    setSearch,
    activeId,
    view,
    setView,
    ledgerCount,
    setPaletteOpen,
    closeEditor,
    moveRequest,
  } = useStore(
    useShallow((state) => ({
      requests: state.requests,
      search: state.search,
      setSearch: state.setSearch,
      activeId: state.editor?.savedRequestId,
      view: state.view,
      setView: state.setView,
      ledgerCount: state.ledger.length,
      setPaletteOpen: state.setPaletteOpen,
      closeEditor: state.closeEditor,
      moveRequest: state.moveRequest,
    })),
  );
  const folders = useMemo(() => {
    const byFolder = new Map<string, SavedRequest[]>();
    for (const request of matchingRequests(requests, search).sort(
      (a, b) => a.folder.localeCompare(b.folder) || a.order - b.order,
    )) {
      byFolder.set(request.folder, [...(byFolder.get(request.folder) ?? []), request]);
    }
    return [...byFolder];
  }, [requests, search]);

  return (
    <nav className="sidebar" aria-label="Saved requests">
      <div className="sidebar-head">
        <input
          type="search"
          aria-label="Search saved requests"
          placeholder="Search requests…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="button" className="primary" onClick={closeEditor} title="New request">
          New
        </button>
      </div>
      <div className="sidebar-list">
        {folders.length === 0 ? (
          <p className="note">{requests.length === 0 ? 'Saved requests appear here.' : 'No request matches.'}</p>
        ) : null}
        {folders.map(([folder, items]) => (
          <section
            key={folder || '(top)'}
            aria-label={folder || 'Requests'}
            onDragOver={(event) => event.preventDefault()}
            onDrop={(event) => {
              const id = event.dataTransfer.getData('application/x-tokensmith-request');
              if (id && event.target === event.currentTarget) void moveRequest(id, folder);
            }}
          >
            {folder ? <h2 className="folder">{folder}</h2> : null}
            <ul className="request-list">
              {items.map((request) => (
                <RequestItem key={request.id} request={request} active={request.id === activeId} />
              ))}
            </ul>
          </section>
        ))}
      </div>
      <div className="sidebar-foot">
        <button
          type="button"
          className={`nav-button${view === 'tokens' ? ' active' : ''}`}
          aria-pressed={view === 'tokens'}
          onClick={() => setView(view === 'tokens' ? 'request' : 'tokens')}
        >
          Tokens <span className="count">{ledgerCount}</span>
        </button>
        <button type="button" className="nav-button" onClick={() => setPaletteOpen(true)}>
          Commands <kbd>Ctrl K</kbd>
        </button>
      </div>
    </nav>
  );
}

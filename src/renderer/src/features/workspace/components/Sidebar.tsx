import { memo, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SavedRequest } from '../../../../../shared/domain/workspace.ts';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { CloseIcon, CopyIcon, PencilIcon } from '../../../ui/icons.tsx';
import { InteropNavButtons } from '../../interop/components/InteropEntries.tsx';
import { matchingRequests } from '../slice.ts';

/**
 * The sidebar renders this many matches, and this many more each time its end scrolls into view. All
 * 10,000 requests of a big workspace at once took seconds to open, and a search keystroke re-rendered
 * them all (bench/saved-requests.bench.ts); the search box finds any of them.
 */
const PAGE_SIZE = 50;

// Memoized: typing in the search box re-renders the list, and an unchanged row need not render again.
const RequestItem = memo(function RequestItem({ request, active }: { request: SavedRequest; active: boolean }) {
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
});

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
  // Sorted once per list, not per keystroke: localeCompare over 10,000 folders alone took a frame.
  const sorted = useMemo(
    () => requests.toSorted((a, b) => a.folder.localeCompare(b.folder) || a.order - b.order),
    [requests],
  );
  const matches = useMemo(() => matchingRequests(sorted, search), [sorted, search]);
  // How many matches are shown, for this list of matches: a new search starts at one page again.
  const [shown, setShown] = useState({ matches, count: PAGE_SIZE });
  const count = shown.matches === matches ? shown.count : PAGE_SIZE;
  const folders = useMemo(() => {
    const byFolder = new Map<string, SavedRequest[]>();
    for (const request of matches.slice(0, count)) {
      const list = byFolder.get(request.folder);
      if (list) list.push(request);
      else byFolder.set(request.folder, [request]);
    }
    return [...byFolder];
  }, [matches, count]);
  const more = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const element = more.current;
    if (!element) return;
    const observer = new IntersectionObserver(([entry]) => {
      if (entry?.isIntersecting) setShown({ matches, count: count + PAGE_SIZE });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [matches, count]);

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
        {matches.length > count ? (
          <p className="note" ref={more}>
            {(matches.length - count).toLocaleString()} more…
          </p>
        ) : null}
      </div>
      <div className="sidebar-foot">
        <InteropNavButtons />
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

import { memo, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SavedRequest } from '../../../../../shared/domain/workspace.ts';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { CopyIcon, PencilIcon, TrashIcon } from '../../../ui/icons.tsx';
import type { View } from '../../../ui/ui-slice.ts';
import { InteropNavButtons } from '../../interop/components/InteropEntries.tsx';
import { matchingRequests } from '../slice.ts';

/**
 * The sidebar renders this many matches, and this many more each time its end scrolls into view. All
 * 10,000 requests of a big workspace at once took seconds to open, and a search keystroke re-rendered
 * them all (bench/saved-requests.bench.ts); the search box finds any of them.
 */
const PAGE_SIZE = 50;

/**
 * One of a row's icon actions. Out of the tab order: the keyboard has a shortcut on the row for
 * each, which `title` names.
 */
function RowAction({
  label,
  title,
  onClick,
  children,
}: {
  label: string;
  title: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      tabIndex={-1}
      className="ghost icon-button"
      onClick={onClick}
      aria-label={label}
      title={title}
    >
      {children}
    </button>
  );
}

/** A button of the sidebar's foot that shows a view, or goes back to the request from it. */
function ViewButton({ target, label, count }: { target: Exclude<View, 'request'>; label: string; count: number }) {
  const { view, setView } = useStore(useShallow((state) => ({ view: state.view, setView: state.setView })));
  const showing = view === target;
  return (
    <button
      type="button"
      className={`nav-button${showing ? ' active' : ''}`}
      aria-pressed={showing}
      onClick={() => setView(showing ? 'request' : target)}
    >
      {label} <span className="count">{count}</span>
    </button>
  );
}

// Memoized: typing in the search box re-renders the list, and an unchanged row need not render again.
const RequestItem = memo(function RequestItem({
  request,
  active,
  tabbable,
}: {
  request: SavedRequest;
  active: boolean;
  /** The one row of the list that is a Tab stop (a roving tabindex); arrow keys move between rows. */
  tabbable: boolean;
}) {
  const { openSaved, renaming, startRename, renameRequest, duplicateRequest, deleteRequest, moveRequest } = useStore(
    useShallow((state) => ({
      openSaved: state.openSaved,
      renaming: state.renaming === request.id,
      startRename: state.startRename,
      renameRequest: state.renameRequest,
      duplicateRequest: state.duplicateRequest,
      deleteRequest: state.deleteRequest,
      moveRequest: state.moveRequest,
      // The first listing has not come back yet: say so, not "Saved requests appear here."
      loading: state.workspaceInfo === undefined,
    })),
  );
  const [over, setOver] = useState(false);
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'F2') startRename(request.id);
    if (event.key === 'Delete') void deleteRequest(request.id);
    if (event.key === 'd' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void duplicateRequest(request.id);
    }
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
          data-request-id={request.id}
          tabIndex={tabbable ? 0 : -1}
          aria-current={active ? 'page' : undefined}
          onClick={() => openSaved(request)}
          onKeyDown={onKeyDown}
        >
          <span className="request-name">{request.name}</span>
          <span className="request-profile">{findProfile(request.profileId)?.name ?? request.profileId}</span>
        </button>
      )}
      {/* The row's actions are for the mouse; the keyboard has F2, Ctrl+D and Delete on the row. */}
      <span className="request-actions">
        <RowAction label={`Rename ${request.name}`} title="Rename (F2)" onClick={() => startRename(request.id)}>
          <PencilIcon />
        </RowAction>
        <RowAction
          label={`Duplicate ${request.name}`}
          title="Duplicate (Ctrl+D)"
          onClick={() => void duplicateRequest(request.id)}
        >
          <CopyIcon />
        </RowAction>
        <RowAction label={`Delete ${request.name}`} title="Delete (Del)" onClick={() => void deleteRequest(request.id)}>
          <TrashIcon />
        </RowAction>
      </span>
    </li>
  );
});

/** Saved requests by folder, with search as you type, and the way to the token ledger and the vault. */
export function Sidebar() {
  const {
    requests,
    search,
    setSearch,
    activeId,
    ledgerCount,
    secretCount,
    setPaletteOpen,
    closeEditor,
    moveRequest,
    loading,
  } = useStore(
    useShallow((state) => ({
      requests: state.requests,
      search: state.search,
      setSearch: state.setSearch,
      activeId: state.editor?.savedRequestId,
      ledgerCount: state.ledger.length,
      secretCount: state.vault?.secretCount ?? 0,
      setPaletteOpen: state.setPaletteOpen,
      closeEditor: state.closeEditor,
      moveRequest: state.moveRequest,
      // The first listing has not come back yet: say so, not "Saved requests appear here."
      loading: state.workspaceInfo === undefined,
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
  // The row that is the list's Tab stop: the last one focused, else the open request, else the first.
  const [focusedId, setFocusedId] = useState<string | undefined>(undefined);
  const shownIds = useMemo(() => folders.flatMap(([, items]) => items.map((request) => request.id)), [folders]);
  const tabStop = [focusedId, activeId].find((id) => id !== undefined && shownIds.includes(id)) ?? shownIds[0];
  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.request-open')];
    const index = rows.indexOf(event.target as HTMLButtonElement);
    if (index === -1) return;
    const next =
      event.key === 'ArrowDown'
        ? rows[Math.min(rows.length - 1, index + 1)]
        : event.key === 'ArrowUp'
          ? rows[Math.max(0, index - 1)]
          : event.key === 'Home'
            ? rows[0]
            : event.key === 'End'
              ? rows.at(-1)
              : undefined;
    if (!next) return;
    event.preventDefault();
    next.focus();
  };
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
    <nav className="sidebar" id="sidebar" aria-label="Saved requests">
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
      <div
        className="sidebar-list"
        aria-busy={loading}
        onKeyDown={onListKeyDown}
        onFocus={(event) => {
          const id = (event.target as HTMLElement).dataset.requestId;
          if (id) setFocusedId(id);
        }}
      >
        {folders.length === 0 ? (
          <p className="note">
            {loading ? 'Loading…' : requests.length === 0 ? 'Saved requests appear here.' : 'No request matches.'}
          </p>
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
                <RequestItem
                  key={request.id}
                  request={request}
                  active={request.id === activeId}
                  tabbable={request.id === tabStop}
                />
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
        <ViewButton target="tokens" label="Tokens" count={ledgerCount} />
        <ViewButton target="vault" label="Vault" count={secretCount} />
        <button type="button" className="nav-button" onClick={() => setPaletteOpen(true)}>
          Commands <kbd>Ctrl K</kbd>
        </button>
      </div>
    </nav>
  );
}

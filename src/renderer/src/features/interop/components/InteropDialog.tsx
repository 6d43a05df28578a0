import { useId, useRef, useState, type DragEvent, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatErrorLine, type AppErrorData } from '../../../../../shared/domain/errors.ts';
// A dropped file is read the way main reads a chosen one, and with the same limit.
import { MAX_IMPORT_BYTES } from '../../../../../shared/security/import-limit.ts';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';
import { importSource, plural, type ImportSummary } from '../slice.ts';
import '../interop.css';

/** The created requests listed by name; the sidebar has them all. */
const LISTED = 6;

const WHAT_TO_PASTE = 'Paste a cURL command, a Postman Collection v2.1 or an OpenAPI 3 document.';

/** One line that says what is wrong and what to do: a parser's own message says only the first. */
function importErrorLine(error: AppErrorData): string {
  return formatErrorLine(error.hint || error.code !== 'INVALID_INPUT' ? error : { ...error, hint: WHAT_TO_PASTE });
}

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

function ImportForm() {
  const { busy, error, importPasted, importFile, closeInterop, clearImportError } = useStore(
    useShallow((state) => ({
      busy: state.interopBusy,
      error: state.importError,
      importPasted: state.importPasted,
      importFile: state.importFile,
      closeInterop: state.closeInterop,
      clearImportError: state.clearImportError,
    })),
  );
  // Uncontrolled: the pasted text may hold credentials, so no React state keeps a copy of it.
  const box = useRef<HTMLTextAreaElement>(null);
  const [empty, setEmpty] = useState(true);
  const [dropError, setDropError] = useState<string>();
  const helpId = useId();
  const errorId = useId();
  const submit = (event?: SyntheticEvent): void => {
    event?.preventDefault();
    if (box.current) void importPasted(box.current.value);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    // Not the app's Ctrl+Enter (Get token): here it means import.
    event.preventDefault();
    event.stopPropagation();
    submit();
  };
  const onDrop = (event: DragEvent<HTMLTextAreaElement>): void => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    if (file.size > MAX_IMPORT_BYTES) {
      setDropError(`${file.name} is larger than 5 MB; that is no collection or document to import.`);
      return;
    }
    const target = event.currentTarget;
    void file.text().then((text) => {
      target.value = text;
      setEmpty(text.trim() === '');
      setDropError(undefined);
      target.focus();
    });
  };
  const shownError = dropError ?? (error ? importErrorLine(error) : undefined);
  return (
    <form className="interop import-form" onSubmit={submit} aria-label="Import">
      <label htmlFor={`${helpId}-text`} className="import-label">
        Paste what to import
      </label>
      <p id={helpId} className="help">
        A cURL command (or several), a Postman Collection v2.1 or environment, or an OpenAPI 3 document in JSON or YAML;
        you can also drop a file here. Credentials go to the vault, and the requests refer to them.
      </p>
      <textarea
        id={`${helpId}-text`}
        ref={box}
        className="import-text"
        rows={12}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        autoFocus
        placeholder={'curl -X POST https://auth.example.com/oauth2/token \\\n  -d grant_type=client_credentials …'}
        aria-describedby={shownError ? `${helpId} ${errorId}` : helpId}
        aria-invalid={shownError ? true : undefined}
        onChange={(event) => {
          setEmpty(event.target.value.trim() === '');
          setDropError(undefined);
          // The error was about the text as it was.
          if (error) clearImportError();
        }}
        onKeyDown={onKeyDown}
        onDrop={onDrop}
      />
      {shownError ? (
        <p id={errorId} className="field-error import-error" role="alert">
          {shownError}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={empty || busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <kbd aria-hidden="true">Ctrl ↵</kbd>
        <span className="spacer" />
        <button type="button" onClick={() => void importFile()} disabled={busy}>
          Choose file…
        </button>
        <button type="button" className="ghost" onClick={closeInterop}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Warnings({ warnings }: { warnings: string[] }) {
  const headingId = useId();
  if (warnings.length === 0) return null;
  return (
    <section className="interop-warnings" aria-labelledby={headingId}>
      <h3 id={headingId}>{plural(warnings.length, 'warning')}</h3>
      <ul>
        {warnings.map((warning, index) => (
          <li key={index}>{warning}</li>
        ))}
      </ul>
    </section>
  );
}

function Imported({ summary, file }: { summary: ImportSummary; file: string | undefined }) {
  const { requests, openSaved, openImport, closeInterop } = useStore(
    useShallow((state) => ({
      requests: state.requests,
      openSaved: state.openSaved,
      openImport: state.openImport,
      closeInterop: state.closeInterop,
    })),
  );
  const created = summary.requestIds
    .map((id) => requests.find((request) => request.id === id))
    .filter((request) => request !== undefined);
  const nothing = summary.requests === 0 && summary.environments === 0 && summary.unchanged === 0;
  const counts: [number, string][] = [
    [summary.requests, summary.requests === 1 ? 'saved request' : 'saved requests'],
    // A re-import of the same file: what it holds is already there, so it made no copies.
    ...(summary.unchanged > 0 ? [[summary.unchanged, 'already there, unchanged'] as [number, string]] : []),
    [summary.environments, summary.environments === 1 ? 'environment' : 'environments'],
    [summary.secrets, summary.secrets === 1 ? 'secret moved to the vault' : 'secrets moved to the vault'],
  ];
  return (
    <div className="interop">
      <p className={`import-outcome${nothing ? ' import-outcome-empty' : ''}`} role="status">
        {nothing ? 'Nothing was imported' : 'Imported'} from {importSource(summary)}
        {file ? (
          <>
            {' '}
            <code title={file}>{fileName(file)}</code>
          </>
        ) : null}
        .
      </p>
      <ul className="import-counts" aria-label="What was created">
        {counts.map(([count, label]) => (
          <li key={label} data-testid="import-count">
            <span className="import-count">{count.toLocaleString()}</span> {label}
          </li>
        ))}
      </ul>
      {created.length > 0 ? (
        <>
          <h3>{summary.unchanged > 0 ? 'In this import' : 'Created'}</h3>
          <ul className="import-created">
            {created.slice(0, LISTED).map((request) => (
              <li key={request.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    openSaved(request);
                    closeInterop();
                  }}
                >
                  {request.folder ? `${request.folder} / ${request.name}` : request.name}
                </button>
                {request.id === summary.requestIds[0] ? <span className="note"> open now</span> : null}
              </li>
            ))}
          </ul>
          {created.length > LISTED ? (
            <p className="note">and {plural(created.length - LISTED, 'more request')} in the sidebar.</p>
          ) : null}
        </>
      ) : null}
      <Warnings warnings={summary.warnings} />
      <div className="form-actions">
        <button type="button" className="primary" onClick={closeInterop} autoFocus>
          Done
        </button>
        <button type="button" onClick={openImport}>
          Import more…
        </button>
      </div>
    </div>
  );
}

function Exported({ path, warnings }: { path: string; warnings: string[] }) {
  const closeInterop = useStore((state) => state.closeInterop);
  return (
    <div className="interop">
      <p className="import-outcome" role="status">
        Exported to <code title={path}>{fileName(path)}</code>.
      </p>
      <p className="help">
        Secrets are written as <code>{'{{variables}}'}</code>, never as values: set them in a Postman environment.
      </p>
      <Warnings warnings={warnings} />
      <div className="form-actions">
        <button type="button" className="primary" onClick={closeInterop} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}

/** Import (paste, drop or choose a file) with what it created, and the warnings of a Postman export. */
export function InteropDialog() {
  const { view, closeInterop } = useStore(
    useShallow((state) => ({ view: state.interop, closeInterop: state.closeInterop })),
  );
  return (
    <Modal
      title={view?.kind === 'exported' ? 'Export to Postman' : 'Import requests'}
      open={view !== undefined}
      onClose={closeInterop}
    >
      {view?.kind === 'import' ? <ImportForm /> : null}
      {view?.kind === 'imported' ? <Imported summary={view.summary} file={view.file} /> : null}
      {view?.kind === 'exported' ? <Exported path={view.path} warnings={view.warnings} /> : null}
    </Modal>
  );
}

import { useEffect, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Modal } from '../../../ui/Modal.tsx';
import { Segmented } from '../../../ui/Segmented.tsx';
import { useStore } from '../../../store/index.ts';

type Source = 'env' | 'file' | 'pass' | 'kdbx' | 'op';

const SOURCES: readonly { value: Source; label: string }[] = [
  { value: 'pass', label: 'pass' },
  { value: 'kdbx', label: 'KeePass' },
  { value: 'op', label: '1Password' },
  { value: 'env', label: 'Variable' },
  { value: 'file', label: 'File' },
];

/** Enter in an input of the picker acts here, never submits the request's form around it. */
function onEnter(action: () => void) {
  return (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    action();
  };
}

/** A filterable list of names; Enter or a click picks one. */
function PickList({
  label,
  items,
  onPick,
}: {
  label: string;
  items: readonly string[];
  onPick: (item: string) => void;
}) {
  const [filter, setFilter] = useState('');
  const shown = items.filter((item) => item.toLowerCase().includes(filter.toLowerCase())).slice(0, 200);
  return (
    <div className="pick-list">
      <input
        type="search"
        aria-label={`Filter ${label}`}
        placeholder="Filter…"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          // The picker sits inside the request's form: Enter must not submit it.
          event.preventDefault();
          if (shown[0] !== undefined) onPick(shown[0]);
        }}
      />
      <ul aria-label={label}>
        {shown.map((item) => (
          <li key={item}>
            <button type="button" className="ghost" onClick={() => onPick(item)}>
              {item}
            </button>
          </li>
        ))}
        {shown.length === 0 ? <li className="help">Nothing here.</li> : null}
      </ul>
    </div>
  );
}

/**
 * "From a password manager…": browses pass, a KeePass database, 1Password, environment variables
 * and files by name, and gives the field a reference. Main does the reading; values never come here.
 */
export function SecretPicker({
  fieldName,
  fieldLabel,
  movable,
  open,
  onClose,
  onPick,
}: {
  fieldName: string;
  fieldLabel: string;
  /** The vault holds a value for the field, which "Move to KeePassXC" can write into the database. */
  movable: boolean;
  open: boolean;
  onClose: () => void;
  onPick: (ref: string) => void;
}) {
  const [moveEntry, setMoveEntry] = useState('');
  const [moveProblem, setMoveProblem] = useState<string | undefined>();
  const moveToKdbx = useStore((state) => state.moveToKdbx);
  const [source, setSource] = useState<Source>('pass');
  const [variable, setVariable] = useState('');
  const [kdbxPath, setKdbxPath] = useState('');
  const [kdbxPassword, setKdbxPassword] = useState('');
  const { passTree, kdbxBrowse, opList, loadPassTree, chooseRefFile, openKdbx, loadOpItems } = useStore(
    useShallow((state) => ({
      passTree: state.passTree,
      kdbxBrowse: state.kdbxBrowse,
      opList: state.opList,
      loadPassTree: state.loadPassTree,
      chooseRefFile: state.chooseRefFile,
      openKdbx: state.openKdbx,
      loadOpItems: state.loadOpItems,
    })),
  );
  useEffect(() => {
    if (!open) return;
    if (source === 'pass') void loadPassTree();
    if (source === 'op') void loadOpItems();
  }, [open, source, loadPassTree, loadOpItems]);

  const pick = (ref: string): void => {
    onPick(ref);
    onClose();
  };
  const browsed = kdbxBrowse?.path === kdbxPath ? kdbxBrowse : undefined;
  const opened = browsed && !browsed.problem && !browsed.locked && !browsed.opening ? browsed : undefined;
  const unlock = (): void => void openKdbx(kdbxPath, kdbxPassword).then(() => setKdbxPassword(''));
  const move = (): void => {
    if (moveEntry.trim() === '') return;
    void moveToKdbx({ field: fieldName, path: kdbxPath, entryPath: moveEntry.trim() }).then((problem) => {
      setMoveProblem(problem);
      if (!problem) onClose();
    });
  };
  const chooseVariable = (): void => {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) pick(`ref+env://${variable}`);
  };

  return (
    <Modal title={`${fieldLabel} from a password manager`} open={open} onClose={onClose}>
      <div className="secret-picker">
        <Segmented label="Where the secret is" options={SOURCES} value={source} onChange={setSource} />
        {source === 'pass' ? (
          <>
            <p className="help">
              Entries of {passTree?.store || 'the password store'}; Tokensmith reads the first line with pass show when
              it sends.
            </p>
            {passTree?.problem ? <p className="field-error">{passTree.problem}</p> : null}
            <PickList
              label="pass entries"
              items={passTree?.entries ?? []}
              onPick={(entry) => pick(`ref+pass://${entry}`)}
            />
          </>
        ) : null}
        {source === 'kdbx' ? (
          <>
            <div className="input-row">
              <button
                type="button"
                onClick={() =>
                  void chooseRefFile('kdbx').then((path) => {
                    if (path) {
                      setKdbxPath(path);
                      void openKdbx(path);
                    }
                  })
                }
              >
                Open a .kdbx…
              </button>
              <span className="help">{kdbxPath || 'No database chosen'}</span>
            </div>
            {kdbxPath ? (
              <div className="input-row">
                <input
                  type="password"
                  aria-label="Database password"
                  placeholder="Database password (kept sealed in the vault)"
                  value={kdbxPassword}
                  onChange={(event) => setKdbxPassword(event.target.value)}
                  onKeyDown={onEnter(unlock)}
                />
                <button type="button" onClick={unlock} disabled={browsed?.opening === true}>
                  {browsed?.opening ? 'Unlocking…' : 'Unlock'}
                </button>
              </div>
            ) : null}
            {browsed?.locked ? <p className="help">Type the database password and press Unlock.</p> : null}
            {browsed?.problem ? <p className="field-error">{browsed.problem}</p> : null}
            {opened ? (
              <PickList
                label="KeePass entries"
                items={opened.entries.flatMap((entry) =>
                  entry.fields.map((field) => (field === 'Password' ? entry.path : `${entry.path} · ${field}`)),
                )}
                onPick={(item) => {
                  const [entry, field] = item.split(' · ');
                  const params = field ? `?field=${encodeURIComponent(field)}` : '';
                  pick(`ref+kdbx://${kdbxPath}${params}#${entry ?? ''}`);
                }}
              />
            ) : null}
            {opened && movable ? (
              <div className="input-row">
                <input
                  aria-label="Entry for the stored value"
                  placeholder="Group/Title for the stored value"
                  value={moveEntry}
                  onChange={(event) => setMoveEntry(event.target.value)}
                  onKeyDown={onEnter(move)}
                />
                <button type="button" onClick={move}>
                  Move to KeePassXC
                </button>
              </div>
            ) : null}
            {moveProblem ? <p className="field-error">{moveProblem}</p> : null}
          </>
        ) : null}
        {source === 'op' ? (
          <>
            {opList?.problem ? <p className="field-error">{opList.problem}</p> : null}
            <PickList
              label="1Password items"
              items={(opList?.items ?? []).map((item) => `${item.vault}/${item.title}`)}
              onPick={(item) => pick(`ref+op://${item}/password`)}
            />
          </>
        ) : null}
        {source === 'env' ? (
          <div className="input-row">
            <input
              aria-label="Environment variable name"
              placeholder="NAME, as set where Tokensmith starts"
              value={variable}
              onChange={(event) => setVariable(event.target.value)}
              onKeyDown={onEnter(chooseVariable)}
            />
            <button type="button" onClick={chooseVariable}>
              Use
            </button>
          </div>
        ) : null}
        {source === 'file' ? (
          <div className="input-row">
            <button
              type="button"
              onClick={() =>
                void chooseRefFile('file').then((path) => {
                  if (path) pick(`ref+file://${path}`);
                })
              }
            >
              Choose a file…
            </button>
            <span className="help">Its content, less a trailing newline; add #/key for a value in JSON or YAML.</span>
          </div>
        ) : null}
        <button type="button" className="modal-close" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { History } from '../../../../../src/main/core/history/history.ts';
import { openLocalStores } from '../../../../../src/main/core/store/local-stores.ts';
import { openJsonStore, type Migration } from '../../../../../src/main/core/store/open-store.ts';
import { openStorage } from '../../../../../src/main/core/store/storage.ts';
import {
  defaultSettings,
  emptyVault,
  VAULT_FILE_VERSION,
  type LedgerFile,
  type VaultFile,
} from '../../../../../src/main/core/store/store-schema.ts';
import { workspaceOnDisk } from '../../../../support/workspace.ts';
import { storeNoticeText, type StoreNotice } from '../../../../../src/shared/domain/store-notice.ts';
import { confFile } from '../../../../support/conf-store.ts';

const NOW = new Date('2026-03-01T12:34:56.789Z');
const STAMP = '2026-03-01T12-34-56-789Z';
/** An asymmetric matcher where a string is expected. */
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const containing = (text: string): string => expect.stringContaining(text) as string;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-store-'));
  dirs.push(dir);
  return dir;
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** The notice, which must be of a whole file moved aside. */
function movedAside(notice: StoreNotice | undefined): Extract<StoreNotice, { kind: 'moved-aside' }> {
  if (notice?.kind !== 'moved-aside') throw new Error(`expected a moved-aside notice, got ${JSON.stringify(notice)}`);
  return notice;
}

/** A saved request as version 1 of the store kept it. */
const V1_REQUEST = {
  id: 'r1',
  name: 'Kaisa',
  folder: '',
  order: 0,
  profileId: 'kaisa',
  values: { clientId: 'client' },
  secretFields: ['clientSecret'],
  followUps: [],
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
};

/** A ledger entry as the store keeps it (its token sealed). */
const LEDGER_ENTRY = {
  id: 't1',
  key: 'kaisa|https://auth.example|client|api',
  profileId: 'kaisa',
  environment: 'https://auth.example',
  clientId: 'client',
  scope: 'api',
  obtainedAt: '2026-03-01T00:00:00.000Z',
  revoked: false,
  sealed: 'tsv1.os.gnome_libsecret.BBBB',
};

/** The vault's file as the app writes it, with one secret, for the corruption cases to cut up. */
function goodVaultText(): string {
  const data: VaultFile = {
    schemaVersion: VAULT_FILE_VERSION,
    protection: 'keychain',
    keychainBackend: 'gnome_libsecret',
    secrets: { 'request:r1/clientSecret': 'tsv1.os.gnome_libsecret.AAAA' },
  };
  return JSON.stringify(data, null, '\t');
}

/** The ledger's file as the app writes it, with one token. */
function goodLedgerText(): string {
  const data: LedgerFile = { schemaVersion: 1, entries: [LEDGER_ENTRY] };
  return JSON.stringify(data, null, '\t');
}

/** The vault's file of a user-data folder, opened as the app opens it (with the ledger and settings beside it). */
const openVault = (options: { dir: string; now?: () => Date; readOnly?: boolean }) =>
  openLocalStores({ ...options, createFile: confFile }).vault;

/** The files the app keeps in a user-data folder, beside whatever a test adds. */
const LOCAL = ['ledger.json', 'settings.json', 'vault.json'];

describe('opening the vault, ledger and settings files', () => {
  it('a fresh folder gets clean files, written at once, owner-only (0600)', () => {
    const dir = tempDir();
    const stores = openLocalStores({ dir, createFile: confFile });
    expect(stores.vault.path).toBe(path.join(dir, 'vault.json'));
    expect(stores.vault.notice).toBeUndefined();
    expect(stores.vault.data).toEqual(emptyVault());
    expect(stores.settings.data).toEqual(defaultSettings());
    expect(stores.ledger.data).toEqual({ schemaVersion: 1, entries: [] });
    for (const store of [stores.vault, stores.ledger, stores.settings]) {
      expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual(store.data);
      expect(modeOf(store.path)).toBe(0o600);
    }
    stores.settings.save({ ...stores.settings.data, autoLockMinutes: 5 });
    expect(modeOf(stores.settings.path)).toBe(0o600);
    expect(openLocalStores({ dir, createFile: confFile }).settings.data.autoLockMinutes).toBe(5);
  });

  it('a good file opens as it is and is not rewritten', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.json');
    const text = goodVaultText();
    writeFileSync(file, text, { mode: 0o600 });
    const store = openVault({ dir });
    expect(store.notice).toBeUndefined();
    expect(store.data).toEqual(JSON.parse(text));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a file that was readable by others becomes 0600 with the next save', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.json');
    writeFileSync(file, goodVaultText());
    chmodSync(file, 0o644);
    const store = openVault({ dir });
    store.save(store.data);
    expect(modeOf(file)).toBe(0o600);
  });

  it('a temporary file left by an interrupted write is ignored', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.json');
    const text = goodVaultText();
    writeFileSync(file, text);
    writeFileSync(`${file}.tmp-1772368496000a1b2c3`, '{"schemaVersion": 1, "protection": "ke');
    const store = openVault({ dir });
    expect(store.notice).toBeUndefined();
    expect(store.data).toEqual(JSON.parse(text));
  });

  const good = goodVaultText();
  // Damage outside any record that could be set aside alone: the vault's own protection data.
  const schemaInvalid = JSON.stringify({ ...JSON.parse(good), protection: 'rot13', secrets: {} });
  it.each([
    ['empty', '', 'the file is empty'],
    ['only whitespace', ' \n\t\n', 'the file is empty'],
    [
      'truncated JSON (cut mid-way)',
      good.slice(0, Math.floor(good.length / 2)),
      'the file is not valid JSON (it may have been cut short)',
    ],
    [
      'garbage bytes',
      Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x80, 0x81, 0x0a, 0xc3, 0x28]),
      'the file is not valid JSON (it may have been cut short)',
    ],
    ['a JSON array', '[1, 2, 3]', 'the file is not a Tokensmith store'],
    ['JSON null', 'null', 'the file is not a Tokensmith store'],
    ['a JSON string', '"tokensmith"', 'the file is not a Tokensmith store'],
    [
      'no schema version',
      JSON.stringify({ ...JSON.parse(good), schemaVersion: undefined }),
      'the file has no schema version',
    ],
    ['schema version 0', JSON.stringify({ ...JSON.parse(good), schemaVersion: 0 }), 'the file has no schema version'],
    [
      'a fractional schema version',
      JSON.stringify({ ...JSON.parse(good), schemaVersion: 1.5 }),
      'the file has no schema version',
    ],
    [
      'valid JSON whose vault protection fails the schema',
      schemaInvalid,
      "the file does not match the store's schema (protection: ",
    ],
  ])(
    '%s → moved aside as <name>.corrupt-<timestamp>, bytes unchanged; the vault starts clean',
    (_name, content, reason) => {
      const dir = tempDir();
      const file = path.join(dir, 'vault.json');
      const bytes = Buffer.from(content);
      writeFileSync(file, bytes, { mode: 0o600 });
      const store = openVault({ dir, now: () => NOW });
      const movedTo = `${file}.corrupt-${STAMP}`;
      expect(store.notice).toEqual({ kind: 'moved-aside', file, movedTo, reason: containing(reason) });
      expect(readFileSync(movedTo).equals(bytes)).toBe(true);
      expect(store.data).toEqual(emptyVault());
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(store.data);
      expect(modeOf(file)).toBe(0o600);
      expect(readdirSync(dir).toSorted()).toEqual([...LOCAL, `vault.json.corrupt-${STAMP}`].toSorted());

      // The next run finds a good file and no notice.
      expect(openVault({ dir }).notice).toBeUndefined();
    },
  );

  it('the history file is checked the same way', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'history.json'), '{"schemaVersion": 1, "entries": [');
    const history = new History({ dir, createFile: confFile });
    expect(history.notice).toMatchObject({
      kind: 'moved-aside',
      file: path.join(dir, 'history.json'),
      movedTo: matching(/history\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/),
      reason: 'the file is not valid JSON (it may have been cut short)',
    });
    expect(history.entries()).toEqual([]);
    expect(existsSync(movedAside(history.notice).movedTo)).toBe(true);
    expect(modeOf(path.join(dir, 'history.json'))).toBe(0o600);
  });
});

describe('migrations (synthetic schema versions)', () => {
  /** Version 1 kept items as names; version 2 as objects with tags; version 3 adds a title. */
  const v2 = z.object({
    schemaVersion: z.literal(2),
    items: z.array(z.object({ name: z.string(), tags: z.array(z.string()) })),
  });
  const v3 = z.object({
    schemaVersion: z.literal(3),
    title: z.string(),
    items: z.array(z.object({ name: z.string(), tags: z.array(z.string()) })),
  });
  const oneToTwo: Migration = {
    from: 1,
    migrate: (data) => ({ ...data, items: (data.items as string[]).map((name) => ({ name, tags: [] })) }),
  };
  const twoToThree: Migration = { from: 2, migrate: (data) => ({ ...data, title: 'Untitled' }) };

  function open<T>(dir: string, version: number, schema: z.ZodType<T>, empty: () => T, migrations: Migration[]) {
    return openJsonStore({
      dir,
      name: 'synthetic',
      version,
      schema,
      empty,
      migrations,
      createFile: confFile,
      now: () => NOW,
    });
  }

  function write(dir: string, data: unknown): { file: string; bytes: Buffer } {
    const file = path.join(dir, 'synthetic.json');
    const bytes = Buffer.from(JSON.stringify(data));
    writeFileSync(file, bytes);
    return { file, bytes };
  }

  it('runs the migration, and rewrites the file at the new version', () => {
    const dir = tempDir();
    const { file } = write(dir, { schemaVersion: 1, items: ['a', 'b'] });
    const store = open(dir, 2, v2, () => ({ schemaVersion: 2 as const, items: [] }), [oneToTwo]);
    const migrated = {
      schemaVersion: 2,
      items: [
        { name: 'a', tags: [] },
        { name: 'b', tags: [] },
      ],
    };
    expect(store.notice).toBeUndefined();
    expect(store.data).toEqual(migrated);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(migrated);
    expect(modeOf(file)).toBe(0o600);

    // Opened again, it is already at version 2: read as it is.
    const text = readFileSync(file, 'utf8');
    expect(open(dir, 2, v2, () => ({ schemaVersion: 2 as const, items: [] }), [oneToTwo]).data).toEqual(migrated);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('chains migrations from any older version', () => {
    const dir = tempDir();
    const { file } = write(dir, { schemaVersion: 1, items: ['a'] });
    const empty = () => ({ schemaVersion: 3 as const, title: '', items: [] });
    const store = open(dir, 3, v3, empty, [twoToThree, oneToTwo]);
    expect(store.notice).toBeUndefined();
    expect(store.data).toEqual({ schemaVersion: 3, title: 'Untitled', items: [{ name: 'a', tags: [] }] });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: 3 });
  });

  it('a missing migration is a corruption notice; the old file is kept, bytes unchanged', () => {
    const dir = tempDir();
    const { file, bytes } = write(dir, { schemaVersion: 1, items: ['a'] });
    const store = open(dir, 3, v3, () => ({ schemaVersion: 3 as const, title: '', items: [] }), [oneToTwo]);
    expect(store.notice).toEqual({
      kind: 'moved-aside',
      file,
      movedTo: `${file}.corrupt-${STAMP}`,
      reason: 'there is no migration from schema version 2',
    });
    expect(readFileSync(movedAside(store.notice).movedTo).equals(bytes)).toBe(true);
    expect(store.data).toEqual({ schemaVersion: 3, title: '', items: [] });
  });

  it('a migration whose result fails the new schema is a corruption notice', () => {
    const dir = tempDir();
    const { bytes } = write(dir, { schemaVersion: 1, items: ['a'] });
    const broken: Migration = { from: 1, migrate: (data) => ({ ...data, items: 'nope' }) };
    const store = open(dir, 2, v2, () => ({ schemaVersion: 2 as const, items: [] }), [broken]);
    expect(movedAside(store.notice).reason).toMatch(/^the file does not match the store's schema \(items: /);
    expect(readFileSync(movedAside(store.notice).movedTo).equals(bytes)).toBe(true);
  });

  it('a migration that throws on an old file it cannot read is a corruption notice, not a crash', () => {
    const dir = tempDir();
    const { bytes } = write(dir, { schemaVersion: 1 });
    const store = open(dir, 2, v2, () => ({ schemaVersion: 2 as const, items: [] }), [oneToTwo]);
    expect(movedAside(store.notice).reason).toMatch(/^the migration from schema version 1 failed/);
    expect(readFileSync(movedAside(store.notice).movedTo).equals(bytes)).toBe(true);
    expect(store.data).toEqual({ schemaVersion: 2, items: [] });
  });
});

describe('one bad record never costs the rest of a file', () => {
  /** A ledger entry as a damaged file holds it: its revoked flag is not a boolean. */
  function withBrokenLedgerEntry(): { text: string; bad: unknown } {
    const data = JSON.parse(goodLedgerText()) as LedgerFile;
    const bad = { ...LEDGER_ENTRY, id: 't2', revoked: 'no' };
    return { text: JSON.stringify({ ...data, entries: [...data.entries, bad] }), bad };
  }

  it('a ledger entry that breaks the schema is set aside alone, with a notice naming it; the other entries stay', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.json');
    const { text, bad } = withBrokenLedgerEntry();
    writeFileSync(file, text, { mode: 0o600 });
    writeFileSync(path.join(dir, 'vault.json'), goodVaultText(), { mode: 0o600 });

    const stores = openLocalStores({ dir, createFile: confFile, now: () => NOW });
    const store = stores.ledger;
    const movedTo = `${file}.set-aside-${STAMP}.json`;
    expect(store.notice).toEqual({
      kind: 'set-aside',
      file,
      movedTo,
      records: [{ label: 'token t2', reason: 'revoked: Invalid input: expected boolean, received string' }],
    });
    expect(storeNoticeText(store.notice!)).toContain('token t2');
    expect(store.data.entries.map((entry) => entry.id)).toEqual(['t1']);
    expect(stores.vault.notice).toBeUndefined();
    expect(stores.vault.data).toEqual(JSON.parse(goodVaultText()));
    // The record is kept, whole, owner-only; the file on disk no longer holds it.
    const kept = JSON.parse(readFileSync(movedTo, 'utf8')) as { records: { record: unknown }[] };
    expect(kept.records[0]!.record).toEqual(bad);
    expect(modeOf(movedTo)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(store.data);
    expect(openLocalStores({ dir, createFile: confFile }).ledger.notice).toBeUndefined();
  });

  it('sealed secrets and settings are set aside one by one too', () => {
    const dir = tempDir();
    const vault = JSON.parse(goodVaultText()) as { secrets: Record<string, unknown> };
    vault.secrets['request:r9/clientSecret'] = 42;
    writeFileSync(path.join(dir, 'vault.json'), JSON.stringify(vault));
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 1, autoLockMinutes: -1 }));

    const stores = openLocalStores({ dir, createFile: confFile, now: () => NOW });
    const labels = (notice: StoreNotice | undefined) =>
      notice?.kind === 'set-aside' ? notice.records.map((record) => record.label) : notice;
    expect(labels(stores.vault.notice)).toEqual(['secret request:r9/clientSecret']);
    expect(labels(stores.settings.notice)).toEqual(['the settings']);
    expect(stores.vault.data.secrets).toEqual({ 'request:r1/clientSecret': 'tsv1.os.gnome_libsecret.AAAA' });
    expect(stores.settings.data).toEqual(defaultSettings());
  });

  it('a version-1 store: a saved request that breaks the schema stays in tokensmith.json.v1; the others move to the workspace', () => {
    const dir = tempDir();
    const file = path.join(dir, 'tokensmith.json');
    const bad = {
      ...V1_REQUEST,
      id: 'r2',
      name: 'Too long',
      secretFields: [],
      followUps: [
        {
          id: 'f1',
          name: 'Huge',
          method: 'GET',
          url: `https://api.example/${'a'.repeat(9000)}`,
          headers: [],
          body: '',
        },
      ],
    };
    const { schemaVersion: _version, ...vault } = JSON.parse(goodVaultText()) as VaultFile;
    const text = JSON.stringify({
      schemaVersion: 1,
      vault,
      savedRequests: [V1_REQUEST, bad],
      environments: [],
      ledger: [LEDGER_ENTRY],
      settings: { autoLockMinutes: 15 },
    });
    writeFileSync(file, text, { mode: 0o600 });

    const { stores, notices, workspace } = openStorage({
      dataDir: dir,
      createFile: confFile,
      owner: 'test',
      now: () => NOW,
    });
    expect(notices).toEqual([]);
    expect(stores.vault.data).toEqual(JSON.parse(goodVaultText()));
    expect(stores.ledger.data.entries).toEqual([LEDGER_ENTRY]);
    expect(workspace.requests().map((request) => request.id)).toEqual(['r1']);
    expect(workspaceOnDisk(dir).requests.map((request) => request.id)).toEqual(['r1']);
    // The old file, the request left behind with it, is kept byte for byte.
    expect(readFileSync(`${file}.v1`, 'utf8')).toBe(text);
    expect(existsSync(file)).toBe(false);
  });

  it('a command that only reads sets nothing aside on disk: the file stays as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.json');
    const { text } = withBrokenLedgerEntry();
    writeFileSync(file, text);
    const store = openLocalStores({ dir, createFile: confFile, readOnly: true }).ledger;
    expect(store.notice).toMatchObject({ kind: 'set-aside', movedTo: file });
    expect(store.data.entries).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['ledger.json']);
    expect(() => store.save(store.data)).toThrow(expect.objectContaining({ code: 'STORE_READ_ONLY' }));
  });

  it('a command that only reads refuses a file it cannot read, and leaves it where it is', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.json');
    writeFileSync(file, '{"schemaVersion": 1, "secrets": {');
    expect(() => openVault({ dir, readOnly: true })).toThrow(
      expect.objectContaining({ code: 'STORE_UNREADABLE', message: containing(file) }),
    );
    expect(readdirSync(dir)).toEqual(['vault.json']);
  });
});

describe('a file written by a newer Tokensmith', () => {
  it('is opened read-only: never moved, never written, and saving says to update', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.json');
    const newer = VAULT_FILE_VERSION + 1;
    const text = JSON.stringify({ ...JSON.parse(goodVaultText()), schemaVersion: newer, newField: 1 });
    writeFileSync(file, text);
    const store = openVault({ dir });
    expect(store.notice).toEqual({ kind: 'newer', file, version: newer, supported: VAULT_FILE_VERSION });
    expect(storeNoticeText(store.notice!)).toContain(
      `written by a newer Tokensmith (v${newer}); this one reads up to v${VAULT_FILE_VERSION}. Update Tokensmith`,
    );
    expect(() => store.save(store.data)).toThrow(
      expect.objectContaining({ code: 'STORE_READ_ONLY', message: containing('Update Tokensmith') }),
    );
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((name) => name.startsWith('vault.json'))).toEqual(['vault.json']);
  });
});

describe('every write is checked against the schema first', () => {
  it('a document over a limit is not written: STORE_INVALID, and the file keeps what it had', () => {
    const dir = tempDir();
    const store = openLocalStores({ dir, createFile: confFile }).settings;
    const before = readFileSync(store.path, 'utf8');
    expect(() => store.save({ ...store.data, workspace: `/${'x'.repeat(5000)}` })).toThrow(
      expect.objectContaining({
        code: 'STORE_INVALID',
        message: containing('workspace: longer than'),
      }),
    );
    expect(readFileSync(store.path, 'utf8')).toBe(before);
  });
});

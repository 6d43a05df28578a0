import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedConfirm } from '../../support/scripted-confirm.ts';
import { startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { makeKdbxwebDatabase, makePassStore } from '../../support/password-stores.ts';
import { filesUnder, findCanaries } from '../vault/canary-scan.ts';
import { newUserDataDir, removeTempDirs, startApp } from '../vault/profile.ts';

/**
 * References in the app: read in main at send time through a real pass store, approved when
 * typed, asked about (main's dialog) when they came from an imported file, and never written
 * anywhere in clear.
 */

const CANARY = 'canary-9f2c1e7a-pass-secret ü';
const CLIENT = { clientId: 'canary-client', clientSecret: CANARY };
const REF = 'ref+pass://team/kaisa';
const EXPORT_PASSPHRASE = 'export passphrase for refs';

let root: string;
let kaisa: KaisaSimulator;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-app-refs-'));
  kaisa = await startKaisaSimulator(CLIENT);
  const store = await makePassStore(root);
  await store.insert('team/kaisa', CANARY);
  // The app reads references with its own environment: this worker's.
  Object.assign(process.env, store.env);
}, 60_000);
afterAll(async () => {
  await Promise.all([kaisa.close(), rm(root, { recursive: true, force: true })]);
  removeTempDirs();
});

const form = () => ({ tokenUrl: kaisa.tokenUrl, clientId: CLIENT.clientId, bodyFormat: 'form' });

describe('references in the app', () => {
  it('typed: read through pass at send time, approved, kept as the reference; imported elsewhere: asked first', async () => {
    const confirm = new ScriptedConfirm();
    const dir = newUserDataDir();
    const app = await startApp(dir, { keychain: new FakeKeychain(), confirm });
    const saved = await app.call('requests:save', {
      name: 'Kaisa from pass',
      profileId: 'kaisa',
      values: { ...form(), clientSecret: REF },
    });
    const report = await app.call('grant:run', {
      profileId: 'kaisa',
      savedRequestId: saved.id,
      values: { clientSecret: REF },
    });
    expect(report.error).toBeUndefined();
    expect(kaisa.issued).toHaveLength(1);
    expect(confirm.asked).toEqual([]);
    expect(app.onDisk().vault.approvedRefs?.[REF]).toMatch(/^\d{4}-/);
    // Run again from the vault alone: the reference is stored, approved, and read again.
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(kaisa.issued).toHaveLength(2);
    // The export fetches the reference itself.
    const exported = await app.call('snippet:export', {
      runId: report.runId,
      stepId: report.steps[0]!.id,
      lang: 'curl',
      mode: 'env',
    });
    expect(exported.code).toContain('"$(pass show team/kaisa | head -n 1)"');
    expect(exported.variables).toEqual([]);
    const { path: file } = await app.call('vault:export', { withSecrets: true, passphrase: EXPORT_PASSPHRASE });

    // A teammate imports the file: the reference did not come from them typing it.
    const other = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), confirm });
    other.dialogs.openPath = file!;
    await other.call('vault:import', { passphrase: EXPORT_PASSPHRASE });
    const before = kaisa.requests.length;
    const refused = await other.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} });
    expect(refused.error?.code).toBe('REF_NOT_APPROVED');
    expect(refused.error?.message).toContain(REF);
    expect(confirm.asked).toHaveLength(1);
    expect(confirm.asked[0]!.message).toContain(REF);
    expect(kaisa.requests.length).toBe(before);
    confirm.answer = true;
    expect(
      (await other.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(confirm.asked).toHaveLength(2);
    expect(
      (await other.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(confirm.asked).toHaveLength(2);

    // The canary: nowhere on disk (store, vault, ledger, history, logs, workspace, export), in any encoding.
    await app.close();
    await other.close();
    const files = [...filesUnder(dir), ...filesUnder(other.dir)];
    expect(files.some((name) => name.endsWith('.yaml'))).toBe(true);
    const contents = await Promise.all(files.map(async (name) => ({ name, bytes: await readFile(name) })));
    expect(findCanaries(contents, { secret: CANARY })).toEqual([]);
    // The scan finds it where it is: the test would see a leak.
    expect(
      findCanaries([{ name: 'probe', bytes: Buffer.from(`x=${encodeURIComponent(CANARY)}`) }], { secret: CANARY }),
    ).not.toEqual([]);
  });
});

describe('the picker and the Test button', () => {
  it('browse pass and a KeePass database by name, test references: "found" or the reference\'s own error, never a value', async () => {
    const confirm = new ScriptedConfirm();
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), confirm });
    const db = path.join(root, 'picker.kdbx');
    await makeKdbxwebDatabase({
      file: db,
      password: 'db password',
      group: 'Kaisa',
      title: 'Prod',
      entryPassword: CANARY,
      custom: { 'API key': CANARY },
    });

    const pass = await app.call('refs:pass-entries', {});
    expect(pass).toEqual({ store: process.env.PASSWORD_STORE_DIR, entries: ['team/kaisa'] });

    expect((await app.refused('refs:kdbx-entries', { path: db })).message).toBe(`${db} needs its password.`);
    expect((await app.refused('refs:kdbx-entries', { path: db, password: 'wrong' })).code).toBe('REF_WRONG_PASSWORD');
    // No password given and none kept yet: the reference cannot be opened.
    expect((await app.refused('refs:test', { ref: `ref+kdbx://${db}#Kaisa/Prod`, typed: true })).code).toBe(
      'REF_UNAVAILABLE',
    );
    const listed = await app.call('refs:kdbx-entries', { path: db, password: 'db password' });
    expect(listed).toEqual({ entries: [{ path: 'Kaisa/Prod', fields: ['UserName', 'Password', 'API key'] }] });
    // The password that opened it is kept sealed: the reference now reads without asking for it.
    expect(await app.call('refs:test', { ref: `ref+kdbx://${db}?field=API%20key#Kaisa/Prod`, typed: true })).toEqual({
      found: true,
    });
    expect(await app.call('refs:kdbx-entries', { path: db })).toEqual(listed);

    expect(await app.call('refs:test', { ref: REF, typed: true })).toEqual({ found: true });
    const missing = await app.refused('refs:test', { ref: 'ref+pass://team/nope', typed: true });
    expect(missing.code).toBe('REF_NOT_FOUND');
    expect(missing.message).toBe('ref+pass://team/nope: there is no such entry in the password store.');
    // Not typed and not approved: main asks, and a no is a refusal.
    expect((await app.refused('refs:test', { ref: 'ref+pass://team/other', typed: false })).code).toBe(
      'REF_NOT_APPROVED',
    );
    expect(confirm.asked).toHaveLength(1);
    expect((await app.call('refs:op-items', {})).available).toBe(false);

    // A saved request with a reference: the form is told the reference, not a mask.
    const saved = await app.call('requests:save', {
      name: 'Kaisa from pass',
      profileId: 'kaisa',
      values: { ...form(), clientSecret: REF },
    });
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { ref: REF },
    });
    await app.close();
    const contents = await Promise.all(
      filesUnder(app.dir).map(async (name) => ({ name, bytes: await readFile(name) })),
    );
    expect(findCanaries(contents, { secret: CANARY })).toEqual([]);
  });
});

describe('a vault secret moves out to KeePassXC, and back', () => {
  it('Move to KeePassXC writes the value into the entry (keepassxc-cli reads it), the field then reads it; Keep a copy brings it back', async () => {
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain() });
    const db = path.join(root, 'move.kdbx');
    await makeKdbxwebDatabase({ file: db, password: 'move pw', group: 'Other', title: 'Old', entryPassword: 'x' });
    const saved = await app.call('requests:save', {
      name: 'Kaisa in the vault',
      profileId: 'kaisa',
      values: { ...form(), clientSecret: CANARY },
    });
    const target = { profileId: 'kaisa', savedRequestId: saved.id, field: 'clientSecret' };
    expect(
      (await app.refused('refs:move-to-kdbx', { ...target, path: db, entryPath: 'Kaisa/Prod', password: 'wrong' }))
        .code,
    ).toBe('REF_WRONG_PASSWORD');
    const { ref } = await app.call('refs:move-to-kdbx', {
      ...target,
      path: db,
      entryPath: 'Kaisa/Prod',
      password: 'move pw',
    });
    expect(ref).toBe(`ref+kdbx://${db}#Kaisa/Prod`);
    const shown = await promisify(execFile)('bash', [
      '-c',
      `printf '%s\\n' 'move pw' | keepassxc-cli show -q -s -a Password "$0" Kaisa/Prod`,
      db,
    ]);
    expect(shown.stdout).toBe(`${CANARY}\n`);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { ref },
    });
    // The reference is the workspace's now (a teammate gets it with the folder); the value left the vault.
    expect(app.workspaceOnDisk().requests).toMatchObject([{ refs: { clientSecret: ref }, secretFields: [] }]);
    expect(Object.keys(app.onDisk().vault.secrets).filter((key) => key.includes(saved.id))).toEqual([]);
    const issued = kaisa.issued.length;
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(kaisa.issued.length).toBe(issued + 1);

    expect(await app.call('refs:copy-to-vault', target)).toEqual({ copied: true });
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: '••••' },
    });
    expect(app.workspaceOnDisk().requests[0]!.refs).toBeUndefined();
    expect(app.workspaceOnDisk().requests[0]!.secretFields).toEqual(['clientSecret']);
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(kaisa.issued.length).toBe(issued + 2);
    await app.close();
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './profile.ts';

const OTHER_SECRET = 'the staging client secret, not sent yet';
const ROTATED = 'a rotated client secret 2026';

let sim: KaisaSimulator;
beforeAll(async () => {
  sim = await startKaisaSimulator();
});
afterAll(async () => {
  await sim.close();
  removeTempDirs();
});
beforeEach(() => {
  sim.requests.length = 0;
});

const sentSecrets = () =>
  sim.requests.map((request) => new URLSearchParams(request.body.toString()).get('client_secret'));

/** Whether the vault's and the ledger's files hold these bytes now. */
const fileHolds = (app: App, sealed: string): boolean => app.localBytes().includes(sealed);

/** An app with two saved Kaisa requests, each with its client secret in the vault. */
async function twoRequests(): Promise<{ app: App; prod: string; staging: string }> {
  const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain() });
  const values = { tokenUrl: sim.tokenUrl, clientId: KAISA_CLIENT.clientId, bodyFormat: 'form' };
  const prod = await app.call('requests:save', {
    name: 'Kaisa prod',
    profileId: 'kaisa',
    values: { ...values, clientSecret: KAISA_CLIENT.clientSecret },
  });
  const staging = await app.call('requests:save', {
    name: 'Kaisa staging',
    folder: 'Team',
    profileId: 'kaisa',
    values: { ...values, clientSecret: OTHER_SECRET },
  });
  return { app, prod: prod.id, staging: staging.id };
}

describe('the vault inventory', () => {
  it('lists each secret with its request, field, kind, protection and times, and never a value', async () => {
    const { app, prod, staging } = await twoRequests();
    const before = await app.call('vault:list', {});
    expect(
      before.map((entry) => [entry.owner.name, entry.fieldLabel, entry.kind, entry.protection, entry.leftover]),
    ).toEqual([
      ['Kaisa prod', 'Client secret', 'client-secret', 'keychain', false],
      ['Team / Kaisa staging', 'Client secret', 'client-secret', 'keychain', false],
    ]);
    expect(before.map((entry) => entry.ref)).toEqual([
      `request:${prod}/clientSecret`,
      `request:${staging}/clientSecret`,
    ]);
    expect(before.every((entry) => entry.setAt !== undefined && entry.usedAt === undefined)).toBe(true);
    expect(before[0]!.origins).toEqual([]);
    const text = JSON.stringify(before);
    expect(text).not.toContain(KAISA_CLIENT.clientSecret);
    expect(text).not.toContain(OTHER_SECRET);

    const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: prod, values: {} });
    expect(report.error).toBeUndefined();
    const after = await app.call('vault:list', {});
    expect(after[0]!.origins).toEqual([sim.origin]);
    expect(Date.parse(after[0]!.usedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(after[0]!.setAt ?? ''));
    expect(after[1]!.usedAt).toBeUndefined();
    // Kept in the store file, so the list says the same after a restart.
    expect(app.onDisk().vault.meta?.[`request:${prod}/clientSecret`]?.usedAt).toBe(after[0]!.usedAt);
    await app.close();
  });

  it('a deleted request leaves its secrets as leftovers; prune takes their sealed values out of the store file, undo puts them back', async () => {
    const { app, staging } = await twoRequests();
    const ref = `request:${staging}/clientSecret`;
    const sealed = app.onDisk().vault.secrets[ref]!;
    expect(fileHolds(app, sealed)).toBe(true);
    await app.call('requests:delete', { id: staging });
    const listed = await app.call('vault:list', {});
    expect(listed.filter((entry) => entry.leftover).map((entry) => [entry.ref, entry.owner.kind])).toEqual([
      [ref, 'none'],
    ]);

    const pruned = await app.call('vault:prune', {});
    expect(pruned.removed).toBe(1);
    expect(fileHolds(app, sealed)).toBe(false);
    expect(Object.keys(app.onDisk().vault.secrets)).toHaveLength(1);
    expect((await app.call('vault:list', {})).some((entry) => entry.leftover)).toBe(false);

    expect(await app.call('vault:undo', { undoId: pruned.undoId })).toEqual({ restored: 1 });
    expect(fileHolds(app, sealed)).toBe(true);
    // An undo is good once.
    expect((await app.refused('vault:undo', { undoId: pruned.undoId })).code).toBe('INVALID_INPUT');
    await app.close();
  });

  it('deletes one secret of a request from the store file; a grant then says the secret is not set', async () => {
    const { app, prod } = await twoRequests();
    const ref = `request:${prod}/clientSecret`;
    const sealed = app.onDisk().vault.secrets[ref]!;
    const { removed } = await app.call('vault:delete', { refs: [ref] });
    expect(removed).toBe(1);
    expect(fileHolds(app, sealed)).toBe(false);
    const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: prod, values: {} });
    expect(report.error?.code).toBe('MISSING_FIELD');
    expect(sim.requests).toHaveLength(0);
    expect((await app.refused('vault:delete', { refs: [ref] })).code).toBe('VAULT_ENTRY_LOCKED');
    await app.close();
  });

  it('replacing a secret makes the next grant send the new value, and marks the tokens got with the old one', async () => {
    const { app, prod } = await twoRequests();
    const first = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: prod, values: {} });
    expect(first.error).toBeUndefined();
    expect((await app.call('ledger:list', {})).map((view) => view.replacedSecret)).toEqual([undefined]);

    const ref = `request:${prod}/clientSecret`;
    expect(await app.call('vault:replace', { ref, value: ROTATED })).toEqual({ marked: 1 });
    expect((await app.call('ledger:list', {})).map((view) => view.replacedSecret)).toEqual([true]);
    await app.core.tokens.flushed();
    expect(app.onDisk().ledger.entries.map((entry) => entry.replacedSecret)).toEqual([true]);

    await app.call('grant:run', { profileId: 'kaisa', savedRequestId: prod, values: {} });
    expect(sentSecrets()).toEqual([KAISA_CLIENT.clientSecret, ROTATED]);
    expect(app.localBytes()).not.toContain(ROTATED);
    await app.close();
  });

  it('the auto-lock setting is kept in the store file and holds from now on', async () => {
    const app = await startApp(newUserDataDir());
    await app.call('vault:use-passphrase', { passphrase: 'correct horse battery staple' });
    expect((await app.call('vault:auto-lock', { minutes: 5 })).autoLockMinutes).toBe(5);
    expect(app.onDisk().settings.autoLockMinutes).toBe(5);
    expect((await app.call('vault:state', {})).vault.autoLockMinutes).toBe(5);
    expect((await app.refused('vault:auto-lock', { minutes: 24 * 60 + 1 })).code).toBe('INVALID_INPUT');
    await app.close();
  });

  it('copies a secret from main to the clipboard, to be cleared later', async () => {
    const { app, prod } = await twoRequests();
    const copied = await app.call('vault:copy', { ref: `request:${prod}/clientSecret` });
    expect(copied).toEqual({ copied: true, clearsInSeconds: 30 });
    expect(app.clipboard.at(-1)).toBe(KAISA_CLIENT.clientSecret);
    expect((await app.refused('vault:copy', { ref: 'request:nothing/clientSecret' })).code).toBe('VAULT_ENTRY_LOCKED');
    await app.close();
  });
});

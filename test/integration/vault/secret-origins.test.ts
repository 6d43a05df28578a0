import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConfirmDialog } from '../../../src/main/core/services.ts';
import { ScriptedConfirm } from '../../support/scripted-confirm.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './profile.ts';

/** Two real token servers on two origins: A, where the secret was saved for, and B. */
let serverA: KaisaSimulator;
let serverB: KaisaSimulator;
beforeAll(async () => {
  [serverA, serverB] = await Promise.all([startKaisaSimulator(), startKaisaSimulator()]);
});
afterAll(async () => {
  await Promise.all([serverA.close(), serverB.close()]);
  removeTempDirs();
});
beforeEach(() => {
  serverA.requests.length = 0;
  serverB.requests.length = 0;
});

/** The native dialog as the core sees it: answers as told, and keeps every question asked. */

const sentSecret = (server: KaisaSimulator) =>
  server.requests.map((request) => new URLSearchParams(request.body.toString()).get('client_secret'));

/** An app with a saved request whose client secret is in the vault, run once against A. */
async function savedForA(confirm: ConfirmDialog | undefined): Promise<{ app: App; id: string }> {
  const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), ...(confirm ? { confirm } : {}) });
  const saved = await app.call('requests:save', {
    name: 'Kaisa on A',
    profileId: 'kaisa',
    values: { tokenUrl: serverA.tokenUrl, ...KAISA_CLIENT, bodyFormat: 'form' },
  });
  const first = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} });
  expect(first.error).toBeUndefined();
  expect(sentSecret(serverA)).toEqual([KAISA_CLIENT.clientSecret]);
  return { app, id: saved.id };
}

describe('a stored secret is bound to the origin it was saved for', () => {
  it('grant:run with only tokenUrl changed to B, refused in the dialog → SECRET_ORIGIN_REFUSED, B gets nothing', async () => {
    const confirm = new ScriptedConfirm();
    const { app, id } = await savedForA(confirm);
    const report = await app.call('grant:run', {
      profileId: 'kaisa',
      savedRequestId: id,
      values: { tokenUrl: serverB.tokenUrl },
    });
    expect(report.error?.code).toBe('SECRET_ORIGIN_REFUSED');
    expect(report.error?.message).toContain(serverB.origin);
    expect(report.token).toBeUndefined();
    expect(serverB.requests).toEqual([]);
    expect(confirm.asked).toHaveLength(1);
    expect(confirm.asked[0]!.message).toContain('Client secret');
    expect(confirm.asked[0]!.message).toContain(serverA.origin);
    expect(confirm.asked[0]!.message).toContain(serverB.origin);
    expect(JSON.stringify(confirm.asked)).not.toContain(KAISA_CLIENT.clientSecret);
    // Nothing was recorded: the next try asks again.
    await app.call('grant:run', { profileId: 'kaisa', savedRequestId: id, values: { tokenUrl: serverB.tokenUrl } });
    expect(confirm.asked).toHaveLength(2);
    expect(serverB.requests).toEqual([]);
    // A is still fine, without a question.
    expect((await app.call('grant:run', { profileId: 'kaisa', savedRequestId: id, values: {} })).error).toBeUndefined();
    expect(confirm.asked).toHaveLength(2);
    await app.close();
  });

  it('approved in the dialog → B gets the secret, and B is recorded: the next run does not ask', async () => {
    const confirm = new ScriptedConfirm();
    confirm.answer = true;
    const { app, id } = await savedForA(confirm);
    const report = await app.call('grant:run', {
      profileId: 'kaisa',
      savedRequestId: id,
      values: { tokenUrl: serverB.tokenUrl },
    });
    expect(report.error).toBeUndefined();
    expect(report.token).toBeDefined();
    expect(sentSecret(serverB)).toEqual([KAISA_CLIENT.clientSecret]);
    expect(confirm.asked).toHaveLength(1);
    const ref = `request:${id}/clientSecret`;
    expect(app.onDisk().vault.origins?.[ref]).toEqual([serverA.origin, serverB.origin]);

    await app.call('grant:run', { profileId: 'kaisa', savedRequestId: id, values: { tokenUrl: serverB.tokenUrl } });
    expect(confirm.asked).toHaveLength(1);
    expect(sentSecret(serverB)).toHaveLength(2);
    await app.close();
  });

  it('without a dialog to ask (no confirm service) the secret is never sent to another origin', async () => {
    const { app, id } = await savedForA(undefined);
    const report = await app.call('grant:run', {
      profileId: 'kaisa',
      savedRequestId: id,
      values: { tokenUrl: serverB.tokenUrl },
    });
    expect(report.error?.code).toBe('SECRET_ORIGIN_REFUSED');
    expect(serverB.requests).toEqual([]);
    await app.close();
  });

  it('a saved request never run yet: its own URL binds silently, another one asks', async () => {
    const confirm = new ScriptedConfirm();
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), confirm });
    const saved = await app.call('requests:save', {
      name: 'Kaisa on A',
      profileId: 'kaisa',
      values: { tokenUrl: serverA.tokenUrl, ...KAISA_CLIENT, bodyFormat: 'form' },
    });
    await app.call('grant:run', {
      profileId: 'kaisa',
      savedRequestId: saved.id,
      values: { tokenUrl: serverB.tokenUrl },
    });
    expect(confirm.asked).toHaveLength(1);
    expect(serverB.requests).toEqual([]);
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(confirm.asked).toHaveLength(1);
    expect(sentSecret(serverA)).toEqual([KAISA_CLIENT.clientSecret]);
    await app.close();
  });

  it('a secret typed for this run goes where the user sends it, without a question', async () => {
    const confirm = new ScriptedConfirm();
    const { app, id } = await savedForA(confirm);
    const report = await app.call('grant:run', {
      profileId: 'kaisa',
      savedRequestId: id,
      values: { tokenUrl: serverB.tokenUrl, clientSecret: KAISA_CLIENT.clientSecret },
    });
    expect(report.error).toBeUndefined();
    expect(confirm.asked).toEqual([]);
    expect(sentSecret(serverB)).toEqual([KAISA_CLIENT.clientSecret]);
    await app.close();
  });

  it('a secret typed on the scratch form is bound where it was sent: the next run (from the vault) goes there too', async () => {
    const confirm = new ScriptedConfirm();
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), confirm });
    const form = { tokenUrl: serverA.tokenUrl, clientId: KAISA_CLIENT.clientId, bodyFormat: 'form' };
    const typed = await app.call('grant:run', {
      profileId: 'kaisa',
      values: { ...form, clientSecret: KAISA_CLIENT.clientSecret },
    });
    expect(typed.error).toBeUndefined();
    expect(app.onDisk().vault.origins?.['draft:kaisa/clientSecret']).toEqual([serverA.origin]);
    expect((await app.call('grant:run', { profileId: 'kaisa', values: form })).error).toBeUndefined();
    expect(sentSecret(serverA)).toEqual([KAISA_CLIENT.clientSecret, KAISA_CLIENT.clientSecret]);
    const elsewhere = await app.call('grant:run', {
      profileId: 'kaisa',
      values: { ...form, tokenUrl: serverB.tokenUrl },
    });
    expect(elsewhere.error?.code).toBe('SECRET_ORIGIN_REFUSED');
    expect(confirm.asked).toHaveLength(1);
    expect(serverB.requests).toEqual([]);
    await app.close();
  });
});

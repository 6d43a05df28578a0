import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../src/renderer/src/store/index.ts';
import type { Channel } from '../../../../src/shared/contract.ts';
import type { AppErrorData } from '../../../../src/shared/domain/errors.ts';
import { defaultValues } from '../../../../src/shared/domain/profile.ts';
import type { SavedRequest } from '../../../../src/shared/domain/workspace.ts';
import { findProfile } from '../../../../src/shared/providers/index.ts';
import { failure, fakeApi, installApi, ok, type Answers } from './fake-api.ts';

type Store = ReturnType<typeof createAppStore>;

const PROFILE = 'oauth2';
const DRAFT = `draft:${PROFILE}`;

function errorOf(channel: Channel): AppErrorData {
  return { code: 'STORE_BUSY', message: `${channel} failed`, hint: 'Try again.' };
}

/** Every channel left out of `answers` fails with its own error. */
function storeWith(answers: Answers): { store: Store; calls: ReturnType<typeof fakeApi>['calls'] } {
  const fake = fakeApi(answers, (channel) => failure(errorOf(channel)));
  installApi(fake.api);
  return { store: createAppStore(), calls: fake.calls };
}

const request = (id: string, values: Record<string, string>, updatedAt = '2026-03-01T00:00:00.000Z'): SavedRequest => ({
  id,
  name: `Request ${id}`,
  folder: '',
  order: 0,
  profileId: PROFILE,
  values,
  secretFields: [],
  followUps: [],
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt,
});

const workspaceAnswers = (requests: () => SavedRequest[]): Answers => ({
  'requests:list': () => ok({ requests: requests(), environments: [], problems: [] }),
  'workspace:current': () => ok({ dir: '/tmp/workspace', name: 'workspace', recent: [] }),
  'secrets:masks': () => ok({}),
  'ledger:list': () => ok([]),
});

const running = { runId: 'run-1', editorKey: DRAFT, progress: {} };

describe('every failed call shows its error', () => {
  const cases: { action: string; channel: Channel; answers?: Answers; act: (store: Store) => Promise<unknown> }[] = [
    { action: 'loadLedger', channel: 'ledger:list', act: (store) => store.getState().loadLedger() },
    { action: 'renewToken', channel: 'ledger:renew', act: (store) => store.getState().renewToken('t1') },
    {
      action: 'deleteToken',
      channel: 'ledger:delete',
      answers: { 'ledger:list': () => ok([]) },
      act: (store) => store.getState().deleteToken('t1'),
    },
    { action: 'copyLedgerToken', channel: 'ledger:copy', act: (store) => store.getState().copyLedgerToken('t1') },
    { action: 'callUserinfo', channel: 'ledger:userinfo', act: (store) => store.getState().callUserinfo('t1') },
    {
      action: 'loadSecretMasks',
      channel: 'secrets:masks',
      act: async (store) => {
        store.setState({ editor: { key: DRAFT, profileId: PROFILE } });
        await store.getState().loadSecretMasks();
      },
    },
    {
      action: 'runGrant',
      channel: 'grant:run',
      answers: { 'secrets:masks': () => ok({}) },
      act: async (store) => {
        store.setState({ editor: { key: DRAFT, profileId: PROFILE } });
        await store.getState().runGrant();
      },
    },
    {
      action: 'cancelGrant',
      channel: 'grant:cancel',
      act: async (store) => {
        store.setState({ running });
        await store.getState().cancelGrant();
      },
    },
    {
      action: 'pasteRedirect',
      channel: 'grant:paste-redirect',
      act: async (store) => {
        store.setState({ running });
        await store.getState().pasteRedirect('http://127.0.0.1/callback?code=1');
      },
    },
    { action: 'copyLink', channel: 'link:copy', act: (store) => store.getState().copyLink('https://example.test/') },
    {
      action: 'loadWorkspace (its folder)',
      channel: 'workspace:current',
      answers: { 'requests:list': () => ok({ requests: [], environments: [], problems: [] }) },
      act: (store) => store.getState().loadWorkspace(),
    },
    {
      action: 'loadWorkspace (its requests)',
      channel: 'requests:list',
      answers: { 'workspace:current': () => ok({ dir: null, name: null, recent: [] }) },
      act: (store) => store.getState().loadWorkspace(),
    },
    {
      action: 'saveEditor',
      channel: 'requests:save',
      act: async (store) => {
        store.setState({ editor: { key: DRAFT, profileId: PROFILE } });
        await store.getState().saveEditor('Mine');
      },
    },
    {
      action: 'duplicateRequest',
      channel: 'requests:duplicate',
      answers: workspaceAnswers(() => []),
      act: (store) => store.getState().duplicateRequest('r1'),
    },
    { action: 'loadVaultEntries', channel: 'vault:list', act: (store) => store.getState().loadVaultEntries() },
    { action: 'copyVaultSecret', channel: 'vault:copy', act: (store) => store.getState().copyVaultSecret('ref', 'It') },
    { action: 'exportPostman', channel: 'export:postman', act: (store) => store.getState().exportPostman() },
    {
      action: 'sendFollowUp',
      channel: 'followup:send',
      act: async (store) => {
        store.setState({ editor: { key: DRAFT, profileId: PROFILE } });
        await store
          .getState()
          .sendFollowUp({ id: 'f1', name: 'Me', method: 'GET', url: 'https://api.test/me', headers: [], body: '' });
      },
    },
    { action: 'chooseRefFile', channel: 'refs:choose-file', act: (store) => store.getState().chooseRefFile('file') },
  ];

  it.each(cases)('$action: the error of $channel', async ({ channel, answers, act }) => {
    const { store, calls } = storeWith(answers ?? {});
    await act(store);
    expect(calls.map((call) => call.channel)).toContain(channel);
    expect(store.getState().notice).toMatchObject({
      tone: 'error',
      code: 'STORE_BUSY',
      text: `${channel} failed — Try again.`,
    });
  });

  it('a failed preview shows in the preview, not as a toast per keystroke', async () => {
    const { store } = storeWith({});
    store.setState({ editor: { key: DRAFT, profileId: PROFILE } });
    await store.getState().loadPreview();
    expect(store.getState().previews[DRAFT]).toEqual({ steps: [], error: errorOf('grant:preview') });
    expect(store.getState().notice).toBeUndefined();
  });

  it('a failed ledger load keeps the tokens it had and says why the list is not new', async () => {
    const { store } = storeWith({});
    const before = store.getState().ledger;
    await store.getState().loadLedger();
    expect(store.getState().ledger).toBe(before);
    expect(store.getState().notice).toMatchObject({ tone: 'error', code: 'STORE_BUSY' });
  });
});

describe('saving the editor', () => {
  it('turns the draft into the saved request, not dirty, without its secrets', async () => {
    const saved = { ...request('r1', { clientId: 'app' }), name: 'My API' };
    let requests: SavedRequest[] = [];
    const { store, calls } = storeWith({
      ...workspaceAnswers(() => requests),
      'requests:save': () => {
        requests = [saved];
        return ok(saved);
      },
    });
    store.getState().openDraft(PROFILE);
    store.getState().setValue('clientId', 'app');
    store.getState().setValue('clientSecret', 's3cret');
    store.getState().setName(DRAFT, 'My API');
    expect(store.getState().dirty[DRAFT]).toBe(true);

    await store.getState().saveEditor();

    const sent = calls.find((call) => call.channel === 'requests:save')?.input;
    expect(sent).toMatchObject({
      name: 'My API',
      profileId: PROFILE,
      values: { clientId: 'app', clientSecret: 's3cret' },
    });
    const state = store.getState();
    expect(state.editor).toEqual({ key: 'r1', profileId: PROFILE, savedRequestId: 'r1' });
    expect(state.dirty.r1).toBe(false);
    expect(state.values.r1).toMatchObject({ clientId: 'app' });
    expect(state.values.r1).not.toHaveProperty('clientSecret');
    expect(state.values[DRAFT]).not.toHaveProperty('clientSecret');
    expect(state.names).toEqual({});
    expect(state.followUps.r1).toEqual([]);
    expect(state.requests).toEqual([saved]);
    expect(state.notice).toMatchObject({ tone: 'info', text: 'Saved “My API”.' });
  });

  it('keeps the run report of the draft for the saved request', async () => {
    const saved = request('r2', {});
    const { store } = storeWith({ ...workspaceAnswers(() => [saved]), 'requests:save': () => ok(saved) });
    store.getState().openDraft(PROFILE);
    const report = { runId: 'run-9', profileId: PROFILE, steps: [] } as unknown as ReturnType<
      Store['getState']
    >['reports'][string];
    store.setState({ reports: { [DRAFT]: report } });
    await store.getState().saveEditor('Two');
    expect(store.getState().reports.r2).toBe(report);
  });
});

describe('a request changed on disk under unsaved edits', () => {
  let onDisk: SavedRequest[];
  let store: Store;

  beforeEach(async () => {
    onDisk = [request('r1', { clientId: 'one' })];
    ({ store } = storeWith(workspaceAnswers(() => onDisk)));
    await store.getState().loadWorkspace();
    store.getState().openSaved(onDisk[0]!);
    store.getState().setValue('clientId', 'mine');
    store.getState().setName('r1', 'Renamed');
  });

  async function changeOnDisk(requests: SavedRequest[]): Promise<void> {
    onDisk = requests;
    await store.getState().loadWorkspace();
  }

  it('asks which to keep', async () => {
    const theirs = { ...request('r1', { clientId: 'theirs' }, '2026-03-02T00:00:00.000Z') };
    await changeOnDisk([theirs]);
    expect(store.getState().diskConflicts).toEqual({ r1: theirs });
    expect(store.getState().notice).toMatchObject({ tone: 'error' });
  });

  it('keepMyEdits keeps the edits, still unsaved', async () => {
    await changeOnDisk([request('r1', { clientId: 'theirs' }, '2026-03-02T00:00:00.000Z')]);
    store.getState().keepMyEdits('r1');
    const state = store.getState();
    expect(state.diskConflicts).toEqual({});
    expect(state.values.r1?.clientId).toBe('mine');
    expect(state.dirty.r1).toBe(true);
    expect(state.names.r1).toBe('Renamed');
  });

  it('takeDiskVersion drops the edits for the version on disk', async () => {
    const follow = { id: 'f1', name: 'Me', method: 'GET' as const, url: 'https://api.test/me', headers: [], body: '' };
    const theirs = { ...request('r1', { clientId: 'theirs' }, '2026-03-02T00:00:00.000Z'), followUps: [follow] };
    await changeOnDisk([theirs]);
    store.getState().takeDiskVersion('r1');
    const state = store.getState();
    expect(state.diskConflicts).toEqual({});
    expect(state.values.r1).toEqual({ ...defaultValues(findProfile(PROFILE)!), clientId: 'theirs' });
    expect(state.dirty).not.toHaveProperty('r1');
    expect(state.names).not.toHaveProperty('r1');
    expect(state.followUps.r1).toEqual([follow]);
    expect(state.editor).toEqual({ key: 'r1', profileId: PROFILE, savedRequestId: 'r1' });
  });

  it('takeDiskVersion of a request deleted on disk closes it', async () => {
    await changeOnDisk([]);
    expect(store.getState().diskConflicts).toEqual({ r1: null });
    store.getState().takeDiskVersion('r1');
    const state = store.getState();
    expect(state.editor).toBeUndefined();
    expect(state.values).not.toHaveProperty('r1');
    expect(state.followUps).not.toHaveProperty('r1');
    expect(state.dirty).not.toHaveProperty('r1');
  });
});

describe('what the form chooses itself', () => {
  it('preselects the client authentication the server accepts, without marking the draft edited', async () => {
    const { store } = storeWith({
      'secrets:masks': () => ok({}),
      'grant:discover': () =>
        ok({ metadata: { issuer: 'https://id.test', tokenEndpointAuthMethods: ['private_key_jwt'] } }),
    });
    store.getState().openDraft(PROFILE);
    await store.getState().discoverIssuer();
    const state = store.getState();
    expect(state.values[DRAFT]?.clientAuth).toBe('private_key_jwt');
    expect(state.autoValues[DRAFT]?.clientAuth?.value).toBe('private_key_jwt');
    expect(state.dirty).not.toHaveProperty(DRAFT);
  });
});

describe('the vault', () => {
  it('a failed auto-lock change shows its error and keeps it for the dialog', async () => {
    const { store } = storeWith({});
    await store.getState().setAutoLock(5);
    expect(store.getState().notice).toMatchObject({
      tone: 'error',
      code: 'STORE_BUSY',
      text: 'vault:auto-lock failed — Try again.',
    });
    expect(store.getState().vaultError).toEqual(errorOf('vault:auto-lock'));
  });
});

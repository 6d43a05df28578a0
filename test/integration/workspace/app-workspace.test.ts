import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../vault/profile.ts';

/** The app's side of a workspace: which folder is open, opening another, and changes made outside it. */

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tokensmith-app-workspace-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const KAISA = { tokenUrl: 'https://auth.example/oauth2/token', clientId: 'team' };

describe('the workspace in the app', () => {
  it('starts on the default workspace in the user-data folder, opens a new one, and remembers it', async () => {
    const dataDir = mkdtempSync(path.join(root, 'data-'));
    const app = await startApp(dataDir);
    expect(await app.call('workspace:current', {})).toEqual({
      dir: path.join(dataDir, 'workspace'),
      name: 'My workspace',
      recent: [],
    });
    const teamDir = path.join(root, 'team');
    app.dialogs.folderPath = teamDir;
    expect(await app.call('workspace:open', { create: true })).toEqual({ dir: teamDir });
    await app.call('requests:save', { name: 'Kaisa team', profileId: 'kaisa', values: KAISA });
    expect(readdirSync(path.join(teamDir, 'requests'))).toContain('kaisa-team.yaml');
    expect(await app.call('workspace:current', {})).toMatchObject({ dir: teamDir, name: 'team', recent: [teamDir] });
    await app.close();

    // The next start opens the workspace it had open.
    const again = await startApp(dataDir);
    expect((await again.call('requests:list', {})).requests.map((request) => request.name)).toEqual(['Kaisa team']);
    await again.close();
  });

  it('Open Workspace… on a folder that is not one says so; a page may name only a recent workspace', async () => {
    const app = await startApp(mkdtempSync(path.join(root, 'data-')));
    app.dialogs.folderPath = mkdtempSync(path.join(root, 'plain-'));
    expect(await app.refused('workspace:open', {})).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('is not a Tokensmith workspace') as string,
    });
    expect(await app.refused('workspace:open', { recent: '/etc' })).toMatchObject({ code: 'INVALID_INPUT' });
    app.dialogs.folderPath = undefined;
    expect(await app.call('workspace:open', {})).toEqual({ dir: null });
    await app.close();
  });

  it('a file changed outside the app (git pull, an editor) shows without a restart; a broken one is listed', async () => {
    const app = await startApp(mkdtempSync(path.join(root, 'data-')));
    const { dir } = await app.call('workspace:current', {});
    await app.call('requests:save', { name: 'Mine', profileId: 'kaisa', values: KAISA });
    await app.core.workspaces.watching();
    writeFileSync(
      path.join(dir!, 'requests', 'pulled.yaml'),
      'id: 0d1b2c3d-pulled\nname: Pulled from git\nprofile: kaisa\nvalues:\n  clientId: teammate\n',
    );
    writeFileSync(path.join(dir!, 'requests', 'conflict.yaml'), 'id: x\n<<<<<<< HEAD\nname: a\n');
    await expect
      .poll(() => app.events.filter((event) => event.event === 'workspace:changed').length)
      .toBeGreaterThan(0);
    const listed = await app.call('requests:list', {});
    expect(listed.requests.map((request) => request.name).sort()).toEqual(['Mine', 'Pulled from git']);
    expect(listed.problems).toEqual([
      { path: 'requests/conflict.yaml', error: expect.stringMatching(/^not YAML: /) as string },
    ]);
    await app.close();
  });
});

describe('a teammate’s request, pulled with git', () => {
  it('names the secret this machine has no value for, and a grant stops before sending anything', async () => {
    const app = await startApp(mkdtempSync(path.join(root, 'data-')));
    const { dir } = await app.call('workspace:current', {});
    await app.core.workspaces.watching();
    mkdirSync(path.join(dir!, 'requests'), { recursive: true });
    writeFileSync(
      path.join(dir!, 'requests', 'kaisa-team.yaml'),
      'id: 5a7c9e11-teammate\nname: Kaisa team\nprofile: kaisa\nvalues:\n  tokenUrl: http://127.0.0.1:9/never\n  clientId: team\nsecrets:\n  - clientSecret\n',
    );
    await expect.poll(async () => (await app.call('requests:list', {})).requests.length).toBe(1);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: '5a7c9e11-teammate' })).toEqual({
      clientSecret: { locked: 'Client secret is not set on this machine.' },
    });
    const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: '5a7c9e11-teammate', values: {} });
    expect(report.error).toMatchObject({ code: 'MISSING_FIELD', field: 'clientSecret' });
    await app.close();
  });
});

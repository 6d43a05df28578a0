import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedConfirm } from '../../support/scripted-confirm.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { tokensmith, tokensmithOnTerminal, type CliResult } from '../../support/cli.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { filesUnder, findCanaries } from '../vault/canary-scan.ts';
import { newUserDataDir, removeTempDirs, startApp } from '../vault/profile.ts';

/**
 * A reference is not a secret: a saved request's `ref+…` travels with the workspace folder (its
 * `refs:`), so a teammate who pulls it gets it; and one that arrives that way is read on their
 * machine only once approved there (the app asks; the command line wants --allow-refs or a yes).
 */

const VAULT_PASSPHRASE = 'workspace refs passphrase';
const PLAIN_SECRET = 'plain-canary-3b91d2c7e5 secret';

let root: string;
let kaisa: KaisaSimulator;
let secretFile: string;
let ref: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'tokensmith-workspace-refs-'));
  kaisa = await startKaisaSimulator();
  secretFile = path.join(root, 'kaisa-secret.txt');
  writeFileSync(secretFile, `${KAISA_CLIENT.clientSecret}\n`);
  ref = `ref+file://${secretFile}`;
});
afterAll(async () => {
  await kaisa.close();
  rmSync(root, { recursive: true, force: true });
  removeTempDirs();
});

const form = () => ({ tokenUrl: kaisa.tokenUrl, clientId: KAISA_CLIENT.clientId, bodyFormat: 'form' });

/** A Kaisa request's file whose secret is a reference, as Tokensmith writes it and `git pull` brings it. */
function requestFile(id: string, reference: string, name = 'Kaisa team'): string {
  return [
    `id: ${id}`,
    `name: ${name}`,
    'profile: kaisa',
    'values:',
    '  bodyFormat: form',
    `  clientId: ${KAISA_CLIENT.clientId}`,
    `  tokenUrl: ${kaisa.tokenUrl}`,
    'refs:',
    `  clientSecret: ${reference}`,
    '',
  ].join('\n');
}

describe('a reference in the workspace file', () => {
  it('is written under refs: (not the vault), the same bytes on every save; a plain secret stays out of the folder', async () => {
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain() });
    const saved = await app.call('requests:save', {
      name: 'Kaisa from a file',
      profileId: 'kaisa',
      values: { ...form(), clientSecret: ref },
    });
    const file = path.join(app.workspaceDir, 'requests', 'kaisa-from-a-file.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(requestFile(saved.id, ref, 'Kaisa from a file'));
    expect(saved.refs).toEqual({ clientSecret: ref });
    expect(saved.secretFields).toEqual([]);
    // The vault keeps no copy: the reference has one home, the file.
    expect(Object.keys(app.onDisk().vault.secrets).filter((key) => key.includes(saved.id))).toEqual([]);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { ref },
    });
    // The Vault view still lists where the secret is: the reference, as the request's.
    expect(await app.call('vault:list', {})).toMatchObject([
      { owner: { kind: 'request', id: saved.id }, field: 'clientSecret', protection: 'reference', reference: ref },
    ]);

    // Saved again, with the field left as it is (the form sends it empty) or typed again: the same bytes.
    await app.call('requests:save', { id: saved.id, name: saved.name, profileId: 'kaisa', values: form() });
    expect(readFileSync(file, 'utf8')).toBe(text);
    await app.call('requests:save', {
      id: saved.id,
      name: saved.name,
      profileId: 'kaisa',
      values: { ...form(), clientSecret: ref },
    });
    expect(readFileSync(file, 'utf8')).toBe(text);
    // Typed by this user: read without asking.
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();

    // A plain value replaces the reference: it goes to the vault, the file only names the field.
    await app.call('requests:save', {
      id: saved.id,
      name: saved.name,
      profileId: 'kaisa',
      values: { ...form(), clientSecret: PLAIN_SECRET },
    });
    const plain = readFileSync(file, 'utf8');
    expect(plain).toContain('secrets:\n  - clientSecret\n');
    expect(plain).not.toContain('refs:');
    expect(plain).not.toContain(ref);
    await app.close();
    const contents = filesUnder(app.workspaceDir).map((name) => ({ name, bytes: readFileSync(name) }));
    expect(contents.length).toBeGreaterThan(1);
    expect(findCanaries(contents, { plain: PLAIN_SECRET })).toEqual([]);
  });

  it('Keep a copy in the vault: the value goes to the vault, the file then names the field in secrets:', async () => {
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain() });
    const saved = await app.call('requests:save', {
      name: 'Kaisa copied',
      profileId: 'kaisa',
      values: { ...form(), clientSecret: ref },
    });
    const target = { profileId: 'kaisa', savedRequestId: saved.id, field: 'clientSecret' };
    expect(await app.call('refs:copy-to-vault', target)).toEqual({ copied: true });
    expect(app.workspaceOnDisk().requests).toMatchObject([{ secretFields: ['clientSecret'] }]);
    expect(app.workspaceOnDisk().requests[0]!.refs).toBeUndefined();
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: '••••' },
    });
    // The file reads differently, the secret still is not in it.
    const text = readFileSync(path.join(app.workspaceDir, 'requests', 'kaisa-copied.yaml'), 'utf8');
    expect(text).not.toContain(KAISA_CLIENT.clientSecret);
    expect(text).not.toContain('refs:');
    const issued = kaisa.issued.length;
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(kaisa.issued.length).toBe(issued + 1);
    await app.close();
  });

  it('a refs: value that is not a reference breaks the schema: listed as a problem, never read as a secret', async () => {
    const app = await startApp(newUserDataDir());
    const { dir } = await app.call('workspace:current', {});
    mkdirSync(path.join(dir!, 'requests'), { recursive: true });
    writeFileSync(path.join(dir!, 'requests', 'bad.yaml'), requestFile('4d2e-bad', 'a-plain-secret'));
    await app.close();
    const again = await startApp(app.dir);
    const listed = await again.call('requests:list', {});
    expect(listed.requests).toEqual([]);
    expect(listed.problems).toEqual([
      { path: 'requests/bad.yaml', error: expect.stringMatching(/^refs\.clientSecret: /) as string },
    ]);
    await again.close();
  });
});

describe('a reference in an environment', () => {
  it('is written under refs: in its file; one pulled from git is read only once approved', async () => {
    const confirm = new ScriptedConfirm();
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), confirm });
    const environment = {
      id: 'kaisa-team-env',
      profileId: 'kaisa',
      name: 'Kaisa team',
      values: { tokenUrl: kaisa.tokenUrl, clientSecret: ref },
      variables: {},
    };
    await app.call('environments:save', environment);
    const file = path.join(app.workspaceDir, 'environments', 'kaisa-team.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(
      [
        'id: kaisa-team-env',
        'name: Kaisa team',
        'profile: kaisa',
        'values:',
        `  tokenUrl: ${kaisa.tokenUrl}`,
        'refs:',
        `  clientSecret: ${ref}`,
        'variables: {}',
        '',
      ].join('\n'),
    );
    expect((await app.call('requests:list', {})).environments).toContainEqual(environment);
    await app.call('environments:save', environment);
    expect(readFileSync(file, 'utf8')).toBe(text);

    // The request a teammate saved with it: the environment's reference was not typed on this machine.
    const saved = await app.call('requests:save', {
      name: 'Kaisa with the team environment',
      profileId: 'kaisa',
      environmentId: environment.id,
      values: { clientId: KAISA_CLIENT.clientId, bodyFormat: 'form' },
    });
    const before = kaisa.requests.length;
    const refused = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} });
    expect(refused.error?.code).toBe('REF_NOT_APPROVED');
    expect(kaisa.requests.length).toBe(before);
    confirm.answer = true;
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} })).error,
    ).toBeUndefined();
    expect(kaisa.requests.length).toBe(before + 1);
    await app.close();
  });
});

describe('a reference pulled from git', () => {
  it('the app asks before its first use (main’s dialog); a no sends nothing, a yes is kept in the vault', async () => {
    const confirm = new ScriptedConfirm();
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), confirm });
    const { dir } = await app.call('workspace:current', {});
    await app.core.workspaces.watching();
    mkdirSync(path.join(dir!, 'requests'), { recursive: true });
    const id = '7c1f0a3e-teammate';
    writeFileSync(path.join(dir!, 'requests', 'kaisa-team.yaml'), requestFile(id, ref));
    await expect.poll(async () => (await app.call('requests:list', {})).requests.length).toBe(1);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: id })).toEqual({
      clientSecret: { ref },
    });

    const before = kaisa.requests.length;
    const refused = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: id, values: {} });
    expect(refused.error?.code).toBe('REF_NOT_APPROVED');
    expect(refused.error?.message).toContain(ref);
    expect(confirm.asked).toHaveLength(1);
    expect(confirm.asked[0]!.message).toContain(ref);
    expect(kaisa.requests.length).toBe(before);
    expect(app.onDisk().vault.approvedRefs?.[ref]).toBeUndefined();

    confirm.answer = true;
    const issued = kaisa.issued.length;
    const granted = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: id, values: {} });
    expect(granted.error).toBeUndefined();
    expect(granted.token?.tokenType).toBe('Bearer');
    expect(kaisa.issued.length).toBe(issued + 1);
    expect(app.onDisk().vault.approvedRefs?.[ref]).toMatch(/^\d{4}-/);
    // Approved on this machine: not asked again.
    expect((await app.call('grant:run', { profileId: 'kaisa', savedRequestId: id, values: {} })).error).toBeUndefined();
    expect(confirm.asked).toHaveLength(2);
    // A grant wrote nothing into the workspace.
    expect(readFileSync(path.join(dir!, 'requests', 'kaisa-team.yaml'), 'utf8')).toBe(requestFile(id, ref));
    await app.close();
  });
});

/** One line on stderr, exit 1, nothing on stdout. */
function refusal(result: CliResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(result.stderr).not.toContain(KAISA_CLIENT.clientSecret);
  return result.stderr.trimEnd();
}

function teammateWorkspace(name: string, id: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'requests'), { recursive: true });
  writeFileSync(path.join(dir, 'workspace.yaml'), `format: 1\nname: ${name}\n`);
  writeFileSync(path.join(dir, 'requests', 'kaisa-team.yaml'), requestFile(id, ref));
  return dir;
}

describe('tokensmith on a workspace pulled from git', () => {
  it('grant --saved: refused in one line without --allow-refs, nothing sent; with it, a token', async () => {
    const dir = teammateWorkspace('cli-grant-workspace', '2b8d4f60-teammate');
    const dataDir = path.join(root, 'cli-grant-data');
    const args = ['grant', '--saved', 'Kaisa team', '--workspace', dir, '--data-dir', dataDir];
    const before = kaisa.requests.length;
    const line = refusal(await tokensmith(args));
    expect(line).toMatch(
      new RegExp(
        `^tokensmith: ${ref.replace(/[.+/]/g, '\\$&')}: .* not approved on this machine\\. — Add --allow-refs`,
      ),
    );
    expect(kaisa.requests.length).toBe(before);

    const granted = await tokensmith([...args, '--allow-refs']);
    expect(granted.code, granted.stderr).toBe(0);
    expect(kaisa.issued).toContain(granted.stdout.trimEnd());
    expect(readdirSync(path.join(dir, 'requests'))).toEqual(['kaisa-team.yaml']);
  });

  it('token --saved: refused without --allow-refs; with it, a token, and the approval kept in the vault', async () => {
    const dir = teammateWorkspace('cli-token-workspace', '9e4a1c27-teammate');
    const dataDir = path.join(root, 'cli-token-data');
    const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
    const args = ['token', '--saved', 'Kaisa team', '--workspace', dir, '--data-dir', dataDir];
    const before = kaisa.requests.length;
    expect(refusal(await tokensmith(args, { env }))).toMatch(/not approved on this machine\. — Add --allow-refs/);
    expect(kaisa.requests.length).toBe(before);

    const granted = await tokensmith([...args, '--allow-refs'], { env });
    expect(granted.code, granted.stderr).toBe(0);
    expect(kaisa.issued).toContain(granted.stdout.trimEnd());
    const vault = JSON.parse(readFileSync(path.join(dataDir, 'vault.json'), 'utf8')) as {
      approvedRefs?: Record<string, string>;
    };
    expect(vault.approvedRefs?.[ref]).toMatch(/^\d{4}-/);
    // The ledger keeps the reference, not its value: the next call is answered from it, unresolved.
    const sent = kaisa.requests.length;
    const fromLedger = await tokensmith([...args, '--json'], { env });
    expect(fromLedger.code, fromLedger.stderr).toBe(0);
    expect(JSON.parse(fromLedger.stdout)).toMatchObject({ source: 'ledger', accessToken: granted.stdout.trimEnd() });
    expect(kaisa.requests.length).toBe(sent);
    // Approved on this machine now: grant --saved reads it without asking.
    const again = await tokensmith(['grant', '--saved', 'Kaisa team', '--workspace', dir, '--data-dir', dataDir], {
      env,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(kaisa.issued).toContain(again.stdout.trimEnd());
  });

  it('token --saved on a terminal asks; a no sends nothing, a yes is kept in the vault', async () => {
    const dir = teammateWorkspace('cli-prompt-workspace', '3c6d9a14-teammate');
    const dataDir = path.join(root, 'cli-prompt-data');
    const args = ['token', '--saved', 'Kaisa team', '--workspace', dir, '--data-dir', dataDir];
    const onTerminal = (answer: string) =>
      tokensmithOnTerminal(args, { env: { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE }, stdin: `${answer}\n` });
    const before = kaisa.requests.length;
    const refused = await onTerminal('n');
    expect(refused.stdout).toContain(`the saved values read ${ref}. Allow it on this machine? [y/N]`);
    expect(refused.stdout).toMatch(/not approved on this machine\. — Add --allow-refs/);
    expect(refused.code).toBe(1);
    expect(kaisa.requests.length).toBe(before);

    const allowed = await onTerminal('y');
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(kaisa.requests.length).toBe(before + 1);
    expect(kaisa.issued.some((token) => allowed.stdout.includes(token))).toBe(true);
    const vault = JSON.parse(readFileSync(path.join(dataDir, 'vault.json'), 'utf8')) as {
      approvedRefs?: Record<string, string>;
    };
    expect(vault.approvedRefs?.[ref]).toMatch(/^\d{4}-/);
  });

  it('vault set on a field that reads a reference: the value is kept in the vault, and the file no longer names the reference', async () => {
    const dir = teammateWorkspace('cli-vault-set-workspace', '5f3b8e02-teammate');
    const dataDir = path.join(root, 'cli-vault-set-data');
    const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
    const set = await tokensmith(
      ['vault', 'set', 'Kaisa team', 'clientSecret', '--workspace', dir, '--data-dir', dataDir],
      {
        env,
        stdin: KAISA_CLIENT.clientSecret,
      },
    );
    expect(set.code, set.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'requests', 'kaisa-team.yaml'), 'utf8');
    expect(text).toContain('secrets:\n  - clientSecret\n');
    expect(text).not.toContain('refs:');
    expect(text).not.toContain(KAISA_CLIENT.clientSecret);
    // The vault's value is what the grant sends: no reference left to approve.
    const granted = await tokensmith(['grant', '--saved', 'Kaisa team', '--workspace', dir, '--data-dir', dataDir], {
      env,
    });
    expect(granted.code, granted.stderr).toBe(0);
    expect(kaisa.issued).toContain(granted.stdout.trimEnd());
  });
});

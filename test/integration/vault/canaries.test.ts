import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readVaultExport } from '../../../src/main/core/vault/vault-transfer.ts';
import { startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { encodingsOf, filesUnder, findCanaries } from './canary-scan.ts';
import { newUserDataDir, removeTempDirs, startApp } from './profile.ts';

const hex = () => randomBytes(16).toString('hex');
const canary = () => `canary-${hex()}`;

const sims: KaisaSimulator[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const sim of sims.splice(0)) await sim.close();
});
afterAll(removeTempDirs);

describe('the canary scanner finds what it looks for', () => {
  it('in every encoding, at any base64 alignment', () => {
    const secret = `canary ${hex()} with spaces & "quotes" ü!`;
    const planted = [
      secret,
      Buffer.from(`x${secret}y`).toString('base64'),
      Buffer.from(`xy${secret}`).toString('base64url'),
      Buffer.from(secret).toString('hex').toUpperCase(),
      new URLSearchParams({ a: secret }).toString(),
      JSON.stringify({ secret }),
    ];
    for (const text of planted) {
      expect(findCanaries([{ name: 'planted', bytes: Buffer.from(`prefix ${text} suffix`) }], { secret })).not.toEqual(
        [],
      );
    }
    expect(findCanaries([{ name: 'utf16', bytes: Buffer.from(secret, 'utf16le') }], { secret })).toEqual([
      'secret (UTF-16LE) in utf16',
    ]);
    expect(encodingsOf(secret).map((encoding) => encoding.name)).toEqual(
      expect.arrayContaining([
        'raw',
        'hex',
        'HEX',
        'encodeURIComponent',
        'form-encoded',
        'JSON-escaped',
        'base64 at offset 0',
        'base64 at offset 1',
        'base64 at offset 2',
      ]),
    );
  });
});

describe.each([{ protection: 'keychain' as const }, { protection: 'passphrase' as const }])(
  'canary secrets with a $protection vault: none reaches the disk in any encoding',
  ({ protection }) => {
    it('saves, grants, exports and cURL output leave no canary in the user-data folder, exports or logs', async () => {
      const canaries: Record<string, string> = {
        savedSecret: canary(),
        typedSecret: `canary ${hex()} with spaces & "quotes" + plus/slash?=%25 ü €!'()*~`,
        savedOnlySecret: canary(),
        oauthClientSecret: canary(),
        oauthPassword: `canary password ${hex()} ü`,
        wrongTypedSecret: canary(),
        exportPassphrase: `canary export passphrase ${hex()}`,
        ...(protection === 'passphrase' ? { vaultPassphrase: `canary vault passphrase ${hex()}` } : {}),
      };
      const simA = await startKaisaSimulator({ clientId: 'client-a', clientSecret: canaries.savedSecret! });
      const simB = await startKaisaSimulator({ clientId: 'client-b', clientSecret: canaries.typedSecret! });
      sims.push(simA, simB);
      const logged: string[] = [];
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
        });
      }

      const dir = newUserDataDir('tokensmith-canary-');
      const keychain = new FakeKeychain({ available: protection === 'keychain' });
      const app = await startApp(dir, { keychain });
      /** Everything the renderer was given. */
      const seen: unknown[] = [];
      const call: typeof app.call = async (channel, input) => {
        const output = await app.call(channel, input);
        seen.push(output);
        return output;
      };
      if (protection === 'passphrase') await call('vault:use-passphrase', { passphrase: canaries.vaultPassphrase! });
      expect((await call('vault:state', {})).vault).toMatchObject({ protection, locked: false });

      // Saved through the core, the way the request form saves.
      const savedA = await call('requests:save', {
        name: 'Kaisa A',
        profileId: 'kaisa',
        values: {
          tokenUrl: simA.tokenUrl,
          clientId: 'client-a',
          clientSecret: canaries.savedSecret!,
          bodyFormat: 'form',
        },
      });
      const savedB = await call('requests:save', {
        name: 'Kaisa B',
        folder: 'Typed',
        profileId: 'kaisa',
        values: { tokenUrl: simB.tokenUrl, clientId: 'client-b', clientSecret: '', bodyFormat: 'json' },
      });
      await call('requests:save', {
        name: 'Kaisa never run',
        profileId: 'kaisa',
        values: { tokenUrl: simA.tokenUrl, clientId: 'client-c', clientSecret: canaries.savedOnlySecret! },
      });
      await call('requests:save', {
        name: 'OAuth password grant',
        profileId: 'oauth2',
        values: {
          grantType: 'password',
          tokenUrl: `${simA.origin}/oauth2/token`,
          clientId: 'client-o',
          clientAuth: 'basic',
          clientSecret: canaries.oauthClientSecret!,
          username: 'someone',
          password: canaries.oauthPassword!,
        },
      });

      // Granted the way the UI runs them: a saved request, typed secrets with and without one.
      const reports = [
        await call('grant:run', { profileId: 'kaisa', savedRequestId: savedA.id, values: {} }),
        await call('grant:run', {
          profileId: 'kaisa',
          savedRequestId: savedB.id,
          values: { clientSecret: canaries.typedSecret! },
        }),
        await call('grant:run', {
          profileId: 'kaisa',
          values: {
            tokenUrl: simB.tokenUrl,
            clientId: 'client-b',
            clientSecret: canaries.typedSecret!,
            bodyFormat: 'form',
          },
        }),
      ];
      for (const report of reports) expect(report.error).toBeUndefined();
      const failed = await call('grant:run', {
        profileId: 'kaisa',
        values: { tokenUrl: simA.tokenUrl, clientId: 'client-a', clientSecret: canaries.wrongTypedSecret! },
      });
      expect(failed.error?.code).toBe('INVALID_CLIENT');
      reports.push(failed);

      const tokens = [...simA.issued, ...simB.issued];
      expect(tokens).toHaveLength(3);
      tokens.forEach((token, index) => (canaries[`token${index}`] = token));
      expect(await call('ledger:list', {})).toHaveLength(2);
      await call('secrets:masks', { profileId: 'kaisa', savedRequestId: savedA.id });
      await call('secrets:masks', { profileId: 'kaisa' });
      await call('requests:list', {});

      // cURL as shown: secrets as variables, or masked.
      const curl: string[] = [];
      for (const report of reports) {
        for (const mode of ['env', 'mask'] as const) {
          const { code, variables } = await call('snippet:export', {
            runId: report.runId,
            stepId: 'token',
            lang: 'curl',
            mode,
          });
          curl.push(code, JSON.stringify(variables));
        }
      }

      // Both exports, into the user-data folder.
      const shared = await call('vault:export', { withSecrets: false });
      const encrypted = await call('vault:export', { withSecrets: true, passphrase: canaries.exportPassphrase! });
      expect(shared.path).toBe(path.join(dir, 'exports', app.dialogs.suggested[0]!));
      expect(encrypted.path).toBe(path.join(dir, 'exports', app.dialogs.suggested[1]!));
      await app.close();

      // The scan is not vacuous: the data is there, sealed, and the encrypted export holds every secret.
      const onDisk = app.onDisk();
      expect(Object.keys(onDisk.vault.secrets)).toHaveLength(6);
      expect(onDisk.ledger.entries).toHaveLength(2);
      expect(app.history.entries()).toHaveLength(4);
      const payload = await readVaultExport(readFileSync(encrypted.path!), canaries.exportPassphrase!);
      for (const label of ['savedSecret', 'typedSecret', 'savedOnlySecret', 'oauthClientSecret', 'oauthPassword'])
        expect(Object.values(payload.secrets)).toContain(canaries[label]);
      expect(payload.ledger.map((entry) => entry.token.accessToken)).toEqual(
        expect.arrayContaining([simA.issued[0], simB.issued[1]]),
      );

      // The saved requests are in the workspace folder of the user-data folder, one file each: scanned too.
      expect(app.workspaceOnDisk().requests).toHaveLength(4);
      const files = filesUnder(dir);
      const workspaceFiles = filesUnder(app.workspaceDir).map((file) => path.relative(dir, file));
      expect(workspaceFiles).toEqual(expect.arrayContaining([path.join('workspace', 'workspace.yaml')]));
      expect(files.map((file) => path.relative(dir, file)).toSorted()).toEqual(
        [
          'history.json',
          'ledger.json',
          'settings.json',
          'vault.json',
          ...app.dialogs.suggested.map((name) => path.join('exports', name)),
          ...workspaceFiles,
        ].toSorted(),
      );
      const contents = [
        ...files.map((file) => ({ name: path.relative(dir, file), bytes: readFileSync(file) })),
        { name: 'logs', bytes: Buffer.from(logged.join('\n')) },
        { name: 'cURL output', bytes: Buffer.from(curl.join('\n')) },
        { name: 'what the renderer was given', bytes: Buffer.from(JSON.stringify(seen)) },
      ];
      expect(Object.keys(canaries).length).toBeGreaterThanOrEqual(10);
      expect(findCanaries(contents, canaries)).toEqual([]);
    });
  },
);

import { openStorage } from '../../src/main/core/store/storage.ts';
import { KAISA_CLIENT } from '../fixtures/simulators/kaisa.ts';
import { CHEAP_KDF, confFile } from './conf-store.ts';
import { startCore } from './core.ts';

/** The saved request "Kaisa prod" against a simulator, with its secret, as the app saves it. */
export function kaisaProdRequest(tokenUrl: string) {
  return {
    name: 'Kaisa prod',
    profileId: 'kaisa',
    values: {
      tokenUrl,
      clientId: KAISA_CLIENT.clientId,
      clientSecret: KAISA_CLIENT.clientSecret,
      bodyFormat: 'json',
    },
  };
}

/**
 * An app's data folder as the command line finds it after a day in the app: a passphrase vault
 * (cheap KDF) and a saved request "Kaisa prod" whose client secret is in the vault.
 */
export async function kaisaDataFolder(options: { dataDir: string; tokenUrl: string; passphrase: string }) {
  const { stores, workspace } = openStorage({
    dataDir: options.dataDir,
    createFile: confFile,
    owner: 'Tokensmith (test app)',
  });
  const app = await startCore({ stores, workspace, kdf: CHEAP_KDF, autoRenew: false });
  await app.call('vault:use-passphrase', { passphrase: options.passphrase });
  await app.call('requests:save', kaisaProdRequest(options.tokenUrl));
  await app.close();
}

import os from 'node:os';
import path from 'node:path';

/**
 * The app's user-data folder, where Electron's app.getPath('userData') puts it for the product
 * name Tokensmith, so the command line and the app share one vault.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.TOKENSMITH_DATA_DIR) return env.TOKENSMITH_DATA_DIR;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Tokensmith');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Tokensmith');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Tokensmith');
}

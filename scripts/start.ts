/**
 * `npm start`: the real Electron app. When Electron's binary is missing (it is downloaded on
 * first use), this tries to get it, and if that fails says so in one line instead of a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const electronDir = path.join(root, 'node_modules', 'electron');

function electronBinary(): string | undefined {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

if (!existsSync(electronDir)) {
  console.error('Tokensmith: Electron is not installed; run `npm install` first.');
  process.exit(1);
}
if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !electronBinary()) {
  const install = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: root, stdio: 'ignore' });
  if (install.status !== 0 || !electronBinary()) {
    console.error(
      'Tokensmith: the Electron binary is missing and could not be downloaded; run `npx install-electron` with network access (or set ELECTRON_OVERRIDE_DIST_PATH to an Electron build), then `npm start` again.',
    );
    process.exit(1);
  }
}

const preview = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['preview'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(preview.status ?? 1);

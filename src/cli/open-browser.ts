import { spawn } from 'node:child_process';
import { isSafeExternalUrl } from '../main/core/safe-url.ts';

/** Opens a URL with the desktop's handler (xdg-open, open, start); failing that, the user has the printed URL. */
export function openInBrowser(url: string): Promise<void> {
  if (!isSafeExternalUrl(url)) return Promise.resolve();
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => resolve());
    child.on('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import { isSafeExternalUrl } from '../main/core/safe-url.ts';

export interface BrowserCommand {
  command: string;
  args: string[];
}

/**
 * The program and argument vector that open a URL in the desktop's browser, or undefined for a URL
 * that is not safe to open (see isSafeExternalUrl). A URL can come from a server (a device flow's
 * `verification_uri_complete`), so no shell ever reads it: on Windows `cmd /c start` would run what
 * follows a `&`, `|` or `^`, so url.dll's handler gets the URL as one argument instead. The URL is
 * passed as parsed, so spaces and quotes arrive percent-encoded and cannot split the command line.
 */
export function browserCommand(
  url: string,
  host: { platform: NodeJS.Platform; systemRoot?: string | undefined },
): BrowserCommand | undefined {
  if (!isSafeExternalUrl(url)) return undefined;
  const href = new URL(url).href;
  switch (host.platform) {
    case 'win32':
      // A full path: Windows looks for a bare program name in the current folder first.
      return {
        command: path.win32.join(host.systemRoot ?? 'C:\\Windows', 'System32', 'rundll32.exe'),
        args: ['url.dll,FileProtocolHandler', href],
      };
    case 'darwin':
      return { command: '/usr/bin/open', args: [href] };
    default:
      return { command: 'xdg-open', args: [href] };
  }
}

/** Opens a URL with the desktop's handler; failing that, the user has the printed URL. */
export function openInBrowser(url: string): Promise<void> {
  const opener = browserCommand(url, { platform: process.platform, systemRoot: process.env.SystemRoot });
  if (!opener) return Promise.resolve();
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true, shell: false });
    child.on('error', () => resolve());
    child.on('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

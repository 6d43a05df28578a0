import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../../src/cli/open-browser.ts';

/** cmd.exe reads & | ^ as operators: a URL carrying them must reach the browser as one argument. */
const HOSTILE = 'https://x.test/?a=1&b=2|c^d';

describe('browserCommand', () => {
  it('on Windows: rundll32 from the system folder, the URL one argument, no cmd.exe', () => {
    expect(browserCommand(HOSTILE, { platform: 'win32', systemRoot: 'C:\\Windows' })).toEqual({
      command: 'C:\\Windows\\System32\\rundll32.exe',
      args: ['url.dll,FileProtocolHandler', HOSTILE],
    });
  });

  it('on Windows without SystemRoot in the environment: the default system folder', () => {
    expect(browserCommand(HOSTILE, { platform: 'win32' })?.command).toBe('C:\\Windows\\System32\\rundll32.exe');
  });

  it('on macOS: /usr/bin/open with the URL', () => {
    expect(browserCommand(HOSTILE, { platform: 'darwin' })).toEqual({ command: '/usr/bin/open', args: [HOSTILE] });
  });

  it.each(['linux', 'freebsd'] as const)('on %s: xdg-open with the URL', (platform) => {
    expect(browserCommand(HOSTILE, { platform })).toEqual({ command: 'xdg-open', args: [HOSTILE] });
  });

  it('hands over the URL as parsed: quotes and spaces arrive percent-encoded, never as shell syntax', () => {
    const { args } = browserCommand('https://x.test/a b?q="x y"', { platform: 'win32' }) ?? { args: [] };
    expect(args).toEqual(['url.dll,FileProtocolHandler', 'https://x.test/a%20b?q=%22x%20y%22']);
  });

  it.each([
    'not a url',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'ms-settings:',
    'smb://attacker/share',
    'http://example.com/',
    'https://a.com@evil.example/',
    '" & calc.exe',
  ])('opens nothing for %s', (url) => {
    for (const platform of ['win32', 'darwin', 'linux'] as const)
      expect(browserCommand(url, { platform })).toBeUndefined();
  });
});

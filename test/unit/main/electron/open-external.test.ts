/** The one openExternal helper, with a fake shell in place of Electron's. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../src/shared/domain/errors.ts';

const shell = vi.hoisted(() => ({ openExternal: vi.fn<(url: string) => Promise<void>>(() => Promise.resolve()) }));
vi.mock('electron', () => ({ shell }));

const { openExternal } = await import('../../../../src/main/electron/open-external.ts');

beforeEach(() => shell.openExternal.mockClear());

describe('openExternal', () => {
  it.each([
    'https://api.smooch.io/oauth/authorize?client_id=x',
    'http://127.0.0.1:51234/callback',
    'http://localhost:3000/',
    'http://[::1]:8080/',
  ])('hands %s to the shell', async (url) => {
    await openExternal(url);
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith(url);
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'http://example.com/',
    'http://127.0.0.1.evil.example/',
    'https://a.com@evil.example/',
    'https://user:pass@example.com/',
    'not a url',
  ])('refuses %s with INVALID_INPUT and never reaches the shell', async (url) => {
    const error = await openExternal(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../../../src/main/core/safe-url.ts';

describe('isSafeExternalUrl', () => {
  it.each([
    'https://api.smooch.io/oauth/authorize?client_id=x',
    'http://127.0.0.1:51234/callback',
    'http://localhost:3000/',
    'http://[::1]:8080/',
  ])('allows %s', (url) => expect(isSafeExternalUrl(url)).toBe(true));

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'smb://attacker/share',
    'http://example.com/',
    'https://a.com@evil.example/',
    'https://user:pass@example.com/',
    'not a url',
    'HTTPS:',
  ])('refuses %s', (url) => expect(isSafeExternalUrl(url)).toBe(false));
});

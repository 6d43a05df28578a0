import { isLoopbackHost } from '../../shared/security/loopback.ts';

/**
 * Whether a URL may be handed to the operating system: https anywhere, http to loopback only, and
 * never with credentials in it (`https://a.com@evil.example` reads as a.com but goes to evil).
 */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname);
  return false;
}

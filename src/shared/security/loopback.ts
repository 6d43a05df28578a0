/**
 * The loopback host names, each with the address a listener for it binds to. A redirect URI,
 * an external link or a discovered endpoint may use plain http only to one of these.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export const LOOPBACK_HOSTS: Readonly<Record<string, string>> = {
  '127.0.0.1': '127.0.0.1',
  localhost: '127.0.0.1',
  '[::1]': '::1',
};

/** Whether a URL's `hostname` (as `new URL` gives it: IPv6 in brackets) is the local machine. */
export function isLoopbackHost(hostname: string): boolean {
  return Object.hasOwn(LOOPBACK_HOSTS, hostname);
}

/**
 * The Content-Security-Policy of the packaged renderer, sent as a header with every app:// response.
 *
 * index.html carries its own policy in a <meta> tag with `connect-src 'self'`, because the
 * end-to-end tests serve that same built file over http and carry `window.api` over fetch to their
 * own origin. A page obeys every policy it is given, so in the app this header narrows the meta
 * policy to `connect-src 'none'`: the renderer talks to main over IPC only and has nothing to fetch.
 * `frame-src 'none'` does not touch the response viewer's `<iframe sandbox srcdoc>` preview, which
 * loads no URL and inherits both policies (so it runs no script either).
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

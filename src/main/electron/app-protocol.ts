import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../core/protocol/app-origin.ts';
import { createRendererFiles } from '../core/protocol/renderer-files.ts';

/**
 * Must run before the app is ready: gives app:// the standing of a secure, standard origin. With
 * codeCache, V8 keeps the compiled renderer bundle in the profile's code cache (Chromium does so for
 * http(s) only unless told), so every start after the first skips parsing and compiling it: in a cold
 * start that is most of the time the browser spends before the first screen (BENCHMARKS.md, figure 2).
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer from app://tokensmith/ (never file://), with its CSP as a header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createRendererFiles({ root: rendererDir, host: APP_HOST }));
}

import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../../../../src/main/core/protocol/app-origin.ts';
import { rendererSource } from '../../../../../src/main/core/window/renderer-source.ts';

const BUILT = { url: 'app://tokensmith/index.html', appOrigin: 'app://tokensmith', devServer: false };

describe('rendererSource', () => {
  it('the app is served from app://tokensmith', () => {
    expect(APP_ORIGIN).toBe('app://tokensmith');
  });

  it.each([
    ['a page elsewhere', 'https://evil.example/'],
    ['a local dev server', 'http://localhost:5173/'],
  ])('packaged: ignores ELECTRON_RENDERER_URL naming %s, and has no DevTools', (_what, url) => {
    expect(rendererSource({ isPackaged: true, env: { ELECTRON_RENDERER_URL: url } })).toEqual({
      ...BUILT,
      devTools: false,
    });
  });

  it('packaged, without the variable: the built files, no DevTools', () => {
    expect(rendererSource({ isPackaged: true, env: {} })).toEqual({ ...BUILT, devTools: false });
  });

  it('in development: the dev server electron-vite names, trusted as the IPC origin, with DevTools', () => {
    expect(rendererSource({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } })).toEqual({
      url: 'http://localhost:5173/',
      appOrigin: 'http://localhost:5173',
      devServer: true,
      devTools: true,
    });
  });

  it.each([
    ['without the variable', {}],
    ['with it empty', { ELECTRON_RENDERER_URL: '' }],
  ])('in development %s: the built files, with DevTools', (_what, env) => {
    expect(rendererSource({ isPackaged: false, env })).toEqual({ ...BUILT, devTools: true });
  });

  it.each(['not a url', 'file:///tmp/index.html', 'javascript:alert(1)'])(
    'in development: refuses ELECTRON_RENDERER_URL=%s rather than load it',
    (url) => {
      expect(() => rendererSource({ isPackaged: false, env: { ELECTRON_RENDERER_URL: url } })).toThrow(
        /^ELECTRON_RENDERER_URL must be an http\(s\) URL/,
      );
    },
  );
});

/**
 * The Electron security checklist, proven on the source: each check passes over src/ and fails
 * over its broken fixture in test/fixtures/security/ (see the README there).
 */
import { describe, expect, it } from 'vitest';
import {
  REQUIRED_WEB_PREFERENCES,
  checkDevServerUrlGated,
  checkElectronImports,
  checkIpcThroughDispatch,
  checkNavigationBlocked,
  checkOpenExternal,
  checkPermissionsDenied,
  checkPreloadExposure,
  checkSafeStorageInsideFunctions,
  checkServedByProtocol,
  checkStartupOrder,
  checkWindowOpenDenied,
  checkWindowPreferences,
} from '../../support/security/electron-checks.ts';
import { fixtureAs, readSource, readSources } from '../../support/security/sources.ts';

const src = readSources('src');
const main = src.filter((source) => source.path.startsWith('src/main/'));
const withFixture = (fixture: string, as: string) => [
  ...main.filter((source) => source.path !== as),
  fixtureAs(fixture, as),
];

describe('every BrowserWindow', () => {
  it('is made in one place, with hardened webPreferences and a preload', () => {
    const results = main.map((source) => ({ path: source.path, ...checkWindowPreferences(source) }));
    expect(results.filter((result) => result.windows > 0).map((result) => result.path)).toEqual([
      'src/main/electron/window.ts',
    ]);
    expect(results.flatMap((result) => result.problems)).toEqual([]);
  });

  it('fails a window without the sandbox (fixture)', () => {
    const { windows, problems } = checkWindowPreferences(
      fixtureAs('window-sandbox-off.ts', 'src/main/electron/window.ts'),
    );
    expect(windows).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/webPreferences\.sandbox must be true$/)]);
  });

  it.each(Object.entries(REQUIRED_WEB_PREFERENCES))('fails when %s is not %s', (name, value) => {
    const window = readSource('src/main/electron/window.ts');
    const broken = { ...window, text: window.text.replace(new RegExp(`${name}: ${value},`), `${name}: ${!value},`) };
    expect(broken.text).not.toBe(window.text);
    expect(checkWindowPreferences(broken).problems).toEqual([expect.stringContaining(`webPreferences.${name}`)]);
  });

  it.each([
    ['left out', ''],
    ['true', 'devTools: true,'],
  ])('fails devTools %s (Electron would open DevTools in the packaged app)', (_what, replacement) => {
    const window = readSource('src/main/electron/window.ts');
    const broken = { ...window, text: window.text.replace('devTools: options.devTools,', replacement) };
    expect(broken.text).not.toBe(window.text);
    expect(checkWindowPreferences(broken).problems).toEqual([
      expect.stringMatching(/webPreferences\.devTools must be set, and false in packaged builds$/),
    ]);
  });

  it('fails enableBlinkFeatures, a missing preload and spread-in options', () => {
    const window = readSource('src/main/electron/window.ts');
    const blink = window.text.replace('spellcheck: false,', "spellcheck: false, enableBlinkFeatures: 'CSSPaintAPI',");
    const noPreload = window.text.replace('preload: options.preload,', '');
    const spread = window.text.replace('spellcheck: false,', 'spellcheck: false, ...extra,');
    expect(checkWindowPreferences({ ...window, text: blink }).problems).toEqual([
      expect.stringContaining('enableBlinkFeatures is not allowed'),
    ]);
    expect(checkWindowPreferences({ ...window, text: noPreload }).problems).toEqual([
      expect.stringContaining('preload is missing'),
    ]);
    expect(checkWindowPreferences({ ...window, text: spread }).problems).toEqual([
      expect.stringContaining('must not spread'),
    ]);
  });
});

describe('new windows and navigation', () => {
  it('window.open and target=_blank are denied', () => {
    expect(checkWindowOpenDenied(readSource('src/main/electron/window.ts'))).toEqual([]);
    expect(checkWindowOpenDenied(readSource('src/main/electron/web-contents.ts'))).toEqual([]);
  });

  it('fails a handler that allows a window (fixture)', () => {
    expect(checkWindowOpenDenied(fixtureAs('window-open-allowed.ts', 'src/main/electron/window.ts'))).toEqual([
      expect.stringMatching(/must always return \{ action: 'deny' \}/),
    ]);
  });

  it('will-navigate and will-redirect are prevented', () => {
    expect(checkNavigationBlocked(readSource('src/main/electron/window.ts'))).toEqual([]);
  });

  it('fails a handler that does not prevent, and a missing will-redirect (fixture)', () => {
    expect(checkNavigationBlocked(fixtureAs('navigation-unblocked.ts', 'src/main/electron/window.ts'))).toEqual([
      expect.stringMatching(/will-navigate handler never calls event\.preventDefault/),
      expect.stringMatching(/no will-redirect handler/),
    ]);
  });

  it('webviews are refused for every web contents', () => {
    const hardening = readSource('src/main/electron/web-contents.ts').text;
    expect(hardening).toMatch(/on\('will-attach-webview', \(event\) => event\.preventDefault\(\)\)/);
    expect(readSource('src/main/index.ts').text).toMatch(/^hardenAllWebContents\(\);$/m);
  });
});

describe('permissions', () => {
  it('requests and checks are denied', () => {
    expect(checkPermissionsDenied(readSource('src/main/electron/web-contents.ts'))).toEqual([]);
    expect(readSource('src/main/index.ts').text).toMatch(/denyPermissions\(session\.defaultSession\)/);
  });

  it('fails handlers that grant (fixture)', () => {
    expect(checkPermissionsDenied(fixtureAs('permissions-granted.ts', 'src/main/electron/web-contents.ts'))).toEqual([
      expect.stringMatching(/must answer callback\(false\)/),
      expect.stringMatching(/must return false/),
    ]);
  });
});

describe('the renderer is served through protocol.handle', () => {
  it('app:// serves it, and main never loads file://', () => {
    expect(checkServedByProtocol(main)).toEqual([]);
  });

  it('fails loadFile and file:// URLs without protocol.handle (fixture)', () => {
    const problems = checkServedByProtocol([
      ...main.filter((source) => source.path !== 'src/main/electron/app-protocol.ts'),
      fixtureAs('load-file.ts', 'src/main/electron/app-protocol.ts'),
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/loadFile loads file:\/\/ pages/),
      expect.stringMatching(/a file: URL in main/),
      'no protocol.handle: the renderer must be served from app://',
    ]);
  });
});

describe('IPC', () => {
  it('every handler is registered in src/main/ipc.ts through dispatch', () => {
    expect(checkIpcThroughDispatch(src)).toEqual([]);
    expect(readSource('src/main/ipc.ts').text).toMatch(/for \(const channel of CHANNELS\)/);
  });

  it('fails a handler outside ipc.ts, one that skips dispatch and a raw listener (fixture)', () => {
    expect(checkIpcThroughDispatch(withFixture('ipc-bypass.ts', 'src/main/electron/shortcuts.ts'))).toEqual([
      expect.stringMatching(/ipcMain\.handle outside src\/main\/ipc\.ts/),
      expect.stringMatching(/ipcMain\.on outside src\/main\/ipc\.ts/),
    ]);
    expect(checkIpcThroughDispatch([fixtureAs('ipc-bypass.ts', 'src/main/ipc.ts')])).toEqual([
      expect.stringMatching(/must return dispatch\(channel, input, sender\)/),
      expect.stringMatching(/ipcMain\.on: only ipcMain\.handle goes through the wrapper/),
    ]);
  });

  it('the preload exposes only api and never ipcRenderer', () => {
    expect(checkPreloadExposure(readSource('src/preload/index.ts'))).toEqual([]);
  });

  it('fails a preload that hands out ipcRenderer (fixture)', () => {
    const problems = checkPreloadExposure(fixtureAs('preload-exposes-ipc.ts', 'src/preload/index.ts'));
    expect(problems).toEqual([
      expect.stringMatching(/exposeInMainWorld must be called exactly once/),
      expect.stringMatching(/the preload exposes only "api"/),
      expect.stringMatching(/ipcRenderer must not be passed around/),
      expect.stringMatching(/ipcRenderer must not be passed around/),
      expect.stringMatching(/ipcRenderer must not be passed around/),
    ]);
  });
});

describe('layers', () => {
  it('electron is imported only by src/main/index.ts, ipc.ts, src/main/electron and the preload', () => {
    expect(checkElectronImports(src)).toEqual([]);
  });

  it('fails electron imported in core (fixture)', () => {
    expect(checkElectronImports(withFixture('core-imports-electron.ts', 'src/main/core/vault/os-cipher.ts'))).toEqual([
      expect.stringMatching(/src\/main\/core\/vault\/os-cipher\.ts:1: imports electron outside/),
    ]);
  });
});

describe('shell.openExternal', () => {
  it('is called only in the helper, after isSafeExternalUrl', () => {
    expect(checkOpenExternal(main)).toEqual([]);
  });

  it('fails a direct call elsewhere, and an unguarded helper (fixture)', () => {
    expect(checkOpenExternal(withFixture('open-external-direct.ts', 'src/main/electron/window.ts'))).toEqual([
      expect.stringMatching(/\.openExternal outside src\/main\/electron\/open-external\.ts/),
    ]);
    expect(checkOpenExternal(withFixture('open-external-direct.ts', 'src/main/electron/open-external.ts'))).toEqual([
      expect.stringMatching(/must be guarded by if \(!isSafeExternalUrl\(url\)\) throw/),
    ]);
  });
});

describe('the dev server URL', () => {
  it('is read only by rendererSource, which ignores it in the packaged app', () => {
    expect(checkDevServerUrlGated(main)).toEqual([]);
  });

  it('fails start-up code that reads it itself (fixture)', () => {
    expect(checkDevServerUrlGated(withFixture('renderer-url-unguarded.ts', 'src/main/index.ts'))).toEqual([
      expect.stringMatching(/^src\/main\/index\.ts:\d+: ELECTRON_RENDERER_URL read outside/),
    ]);
    expect(
      checkDevServerUrlGated(main.filter((source) => source.path !== 'src/main/core/window/renderer-source.ts')),
    ).toEqual(['src/main/core/window/renderer-source.ts does not decide about ELECTRON_RENDERER_URL']);
  });
});

describe('start-up', () => {
  it('takes the single-instance lock, and asks the keychain and opens the stores only once the app is ready', () => {
    expect(checkStartupOrder(readSource('src/main/index.ts'))).toEqual([]);
    expect(checkSafeStorageInsideFunctions(readSource('src/main/electron/os-keychain.ts'))).toEqual([]);
  });

  it('fails safeStorage before ready and a missing lock (fixture)', () => {
    const fixture = fixtureAs('startup-before-ready.ts', 'src/main/index.ts');
    expect(checkStartupOrder(fixture)).toEqual([
      'src/main/index.ts: no single-instance lock',
      'src/main/index.ts: no second-instance handler to focus the first window',
      expect.stringMatching(/safeStorage is used before await app\.whenReady\(\)/),
    ]);
    expect(checkSafeStorageInsideFunctions(fixture)).toEqual([
      expect.stringMatching(/safeStorage used at module load/),
    ]);
  });
});

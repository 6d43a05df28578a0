import { APP_ORIGIN } from '../protocol/app-origin.ts';

/** Where the window's page comes from and what the window may do, decided once at start-up. */
export interface RendererSource {
  /** The page the window loads. */
  url: string;
  /** The only origin whose top frame may call the contract (dispatch's sender check) and navigate. */
  appOrigin: string;
  /** The page comes from electron-vite's dev server, so the built files need not be served. */
  devServer: boolean;
  /** webPreferences.devTools and the View menu's item. */
  devTools: boolean;
}

/**
 * electron-vite's dev server names itself in ELECTRON_RENDERER_URL. The packaged app ignores it:
 * whoever can set an environment variable for the app (a shortcut, a launcher, any program of the
 * user) would otherwise have their page loaded with the preload and trusted as the app's origin.
 * Nor does the packaged app have DevTools, a way around the UI into what the window holds.
 */
export function rendererSource(options: {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): RendererSource {
  const devUrl = options.isPackaged ? undefined : options.env.ELECTRON_RENDERER_URL;
  if (!devUrl) {
    return { url: `${APP_ORIGIN}/index.html`, appOrigin: APP_ORIGIN, devServer: false, devTools: !options.isPackaged };
  }
  const parsed = URL.parse(devUrl);
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new Error(`ELECTRON_RENDERER_URL must be an http(s) URL, not "${devUrl}".`);
  }
  return { url: devUrl, appOrigin: parsed.origin, devServer: true, devTools: true };
}

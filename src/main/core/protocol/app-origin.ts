/** The scheme and host the built renderer is served from: app://tokensmith/ (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tokensmith';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

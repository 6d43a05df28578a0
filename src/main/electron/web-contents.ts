import { app, type Session } from 'electron';

/** Permission requests (camera, notifications, geolocation…) and checks: the app needs none. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * A floor under every web contents the app ever gets, not only the windows createMainWindow makes:
 * no <webview>, no new windows. createMainWindow then sets its own window-open handler on top.
 */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

import type { Configuration } from 'electron-builder';

/**
 * `npm run dist`: installers for the platform it runs on (AppImage and deb on Linux, dmg on macOS,
 * nsis on Windows). electron-builder downloads Electron for the target, so this needs the network;
 * test/unit/security/packaging.test.ts checks this file without it.
 */
const config: Configuration = {
  appId: 'io.tokensmith.app',
  productName: 'Tokensmith',
  copyright: 'Copyright © Tokensmith contributors',
  directories: { output: 'dist', buildResources: 'resources' },
  // The built app only: electron-vite's out/ and package.json (the production dependencies are
  // added by electron-builder itself). Sources, tests and fixtures stay out of the installer.
  files: ['out/**', 'package.json'],
  asar: true,
  // No native modules (hash-wasm is WebAssembly), so nothing to rebuild for Electron's ABI.
  npmRebuild: false,
  icon: 'resources/icon.png',
  /**
   * Electron's fuses, flipped in the packaged binary (https://www.electronjs.org/docs/latest/tutorial/fuses):
   * it cannot be run as plain Node, ignores NODE_OPTIONS and --inspect, encrypts its cookie store,
   * loads its code only from an app.asar whose integrity it checks, and gives file:// pages no
   * extra privileges (the renderer is served from app://).
   */
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'resources/icon.png',
    maintainer: 'Tokensmith contributors',
    synopsis: 'Get, keep and use API access tokens',
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    icon: 'resources/icon.icns',
    hardenedRuntime: true,
  },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};

export default config;

/** The electron-builder configuration, checked as data: the fuses, the targets, the icons. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'electron-builder';

/** Each fuse and the only value allowed (see electron-builder.ts for why). */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

export function checkFuses(config: Configuration): string[] {
  const fuses = config.electronFuses;
  if (!fuses) return ['electronFuses is not set: the packaged app would keep Electron’s default fuses'];
  const problems = Object.entries(REQUIRED_FUSES)
    .filter(([name, value]) => (fuses as Record<string, unknown>)[name] !== value)
    .map(([name, value]) => `electronFuses.${name} must be ${value}`);
  // onlyLoadAppFromAsar and the integrity check mean nothing without an asar.
  if (config.asar !== true) problems.push('asar must be true');
  return problems;
}

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : target === undefined || target === null ? [] : [target];
  return list.map((item: unknown) => {
    const name = typeof item === 'string' ? item : (item as { target?: unknown }).target;
    return typeof name === 'string' ? name : '';
  });
}

/** PNG width and height from its IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } | undefined {
  const data = readFileSync(file);
  if (data.subarray(1, 4).toString('latin1') !== 'PNG') return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

export function checkPackaging(config: Configuration, root: string): string[] {
  const problems: string[] = [];
  if (config.appId !== 'io.tokensmith.app') problems.push('appId must be io.tokensmith.app');
  if (config.productName !== 'Tokensmith') problems.push('productName must be Tokensmith');
  const expect = (platform: string, actual: unknown, wanted: readonly string[]): void => {
    const names = targetNames(actual);
    for (const name of wanted) if (!names.includes(name)) problems.push(`${platform} targets must include ${name}`);
  };
  expect('linux', config.linux?.target, ['AppImage', 'deb']);
  expect('mac', config.mac?.target, ['dmg']);
  expect('win', config.win?.target, ['nsis']);
  const files = Array.isArray(config.files) ? config.files : [];
  const allowed = new Set(['out/**', 'package.json']);
  if (files.length === 0 || files.some((pattern) => typeof pattern !== 'string' || !allowed.has(pattern))) {
    problems.push('files must list only out/** and package.json');
  }
  const icons: [string, string | null | undefined, string][] = [
    ['icon', config.icon, '.png'],
    ['linux.icon', config.linux?.icon, '.png'],
    ['mac.icon', config.mac?.icon, '.icns'],
    ['win.icon', config.win?.icon, '.ico'],
  ];
  for (const [name, file, extension] of icons) {
    if (!file || !file.startsWith('resources/') || !file.endsWith(extension)) {
      problems.push(`${name} must be a ${extension} file in resources/`);
    } else if (!existsSync(path.join(root, file))) {
      problems.push(`${name}: ${file} does not exist`);
    }
  }
  const png = config.icon ? path.join(root, config.icon) : undefined;
  const size = png && existsSync(png) && png.endsWith('.png') ? pngSize(png) : undefined;
  if (!size || size.width < 512 || size.height < 512) problems.push('the PNG icon must be at least 512×512');
  return problems;
}

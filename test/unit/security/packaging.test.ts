/** electron-builder's configuration, checked without building: fuses, targets, icons, scripts. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder.ts';
import brokenConfig from '../../fixtures/security/electron-builder-run-as-node.ts';
import { REQUIRED_FUSES, checkFuses, checkPackaging, pngSize } from '../../support/security/packaging-checks.ts';
import { ROOT } from '../../support/security/sources.ts';

const require = createRequire(import.meta.url);

describe('electron-builder.ts', () => {
  it('sets every fuse the design asks for, with an asar', () => {
    expect(checkFuses(config)).toEqual([]);
    expect(config.electronFuses).toMatchObject(REQUIRED_FUSES);
  });

  it('fails a configuration with RunAsNode on (fixture)', () => {
    expect(checkFuses(brokenConfig)).toEqual(['electronFuses.runAsNode must be false']);
  });

  it.each(Object.keys(REQUIRED_FUSES))('fails when %s is flipped or missing', (fuse) => {
    const fuses = { ...config.electronFuses } as Record<string, unknown>;
    const flipped = { ...fuses, [fuse]: !fuses[fuse] };
    expect(checkFuses({ ...config, electronFuses: flipped })).toEqual([expect.stringContaining(fuse)]);
    const missing = Object.fromEntries(Object.entries(fuses).filter(([name]) => name !== fuse));
    expect(checkFuses({ ...config, electronFuses: missing })).toEqual([expect.stringContaining(fuse)]);
  });

  it('fails without an asar or without fuses at all', () => {
    expect(checkFuses({ ...config, asar: false })).toEqual(['asar must be true']);
    expect(checkFuses({ ...config, electronFuses: undefined })).toEqual([
      expect.stringContaining('electronFuses is not set'),
    ]);
  });

  it('builds AppImage and deb, dmg and nsis, as io.tokensmith.app, from out/ only, with its icons', () => {
    expect(checkPackaging(config, ROOT)).toEqual([]);
  });

  it('would notice a missing target, a wide files list or a missing icon', () => {
    const broken: Configuration = {
      ...config,
      files: ['**/*'],
      linux: { ...config.linux, target: ['AppImage'] },
      win: { ...config.win, icon: 'resources/nope.ico' },
    };
    expect(checkPackaging(broken, ROOT)).toEqual([
      'linux targets must include deb',
      'files must list only out/** and package.json',
      'win.icon: resources/nope.ico does not exist',
    ]);
  });

  it('is valid for electron-builder’s own schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: Configuration, logger: { isEnabled: boolean; add: () => void }) => Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    // The schema catches a misspelt fuse name and a fuse that is not a boolean.
    await expect(
      validateConfiguration({ ...config, electronFuses: { runAsNodee: false } } as Configuration, {
        isEnabled: false,
        add: () => undefined,
      }),
    ).rejects.toThrow(/configuration\.electronFuses/);
    await expect(
      validateConfiguration({ ...config, electronFuses: { runAsNode: 'no' } } as unknown as Configuration, {
        isEnabled: false,
        add: () => undefined,
      }),
    ).rejects.toThrow(/electronFuses\.runAsNode should be a boolean/);
  });
});

describe('the icons in resources/', () => {
  const read = (name: string) => readFileSync(path.join(ROOT, 'resources', name));

  it('icon.png is 512×512', () => {
    expect(pngSize(path.join(ROOT, 'resources/icon.png'))).toEqual({ width: 512, height: 512 });
  });

  it('icon.ico holds PNG images up to 256 px', () => {
    const ico = read('icon.ico');
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, index) => ico.readUInt8(6 + index * 16) || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (let index = 0; index < count; index++) {
      const offset = ico.readUInt32LE(6 + index * 16 + 12);
      expect(ico.subarray(offset + 1, offset + 4).toString('latin1')).toBe('PNG');
    }
  });

  it('icon.icns holds PNG images up to 1024 px, and its length adds up', () => {
    const icns = read('icon.icns');
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      types.push(icns.subarray(offset, offset + 4).toString('latin1'));
      expect(icns.subarray(offset + 9, offset + 12).toString('latin1')).toBe('PNG');
    }
    expect(types).toEqual(['icp4', 'icp5', 'icp6', 'ic07', 'ic08', 'ic09', 'ic10']);
  });
});

describe('package.json and README.md', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('`npm run dist` builds the app and then the installers', () => {
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder');
    for (const platform of ['linux', 'mac', 'win']) {
      expect(pkg.scripts[`dist:${platform}`]).toBe(`electron-vite build && electron-builder --${platform}`);
    }
    expect(pkg.devDependencies).toHaveProperty('electron-builder');
  });

  it('README documents packaging, the security model and how to report a vulnerability', () => {
    for (const heading of ['## Packaging', '## Security model', '## Reporting a vulnerability']) {
      expect(readme).toContain(`\n${heading}\n`);
    }
    expect(readme).toMatch(/npm run dist/);
    for (const fuse of ['RunAsNode', 'NODE_OPTIONS', '--inspect', 'cookie', 'ASAR integrity'])
      expect(readme).toContain(fuse);
  });

  it('README links SECURITY.md, which covers the boundary, the keychain per OS, the CLI, the redirect and reporting', () => {
    expect(readme.slice(readme.indexOf('\n## Security model\n'))).toMatch(/\]\(SECURITY\.md\)/);
    const security = readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8');
    for (const heading of [
      '## The renderer boundary',
      '## The vault',
      '## The command line',
      '## The authorization redirect',
      '## What Tokensmith does not protect',
      '## Reporting a vulnerability',
    ]) {
      expect(security).toContain(`\n${heading}\n`);
    }
    for (const topic of ['contextIsolation', 'Content-Security-Policy', 'DPAPI', 'basic_text', 'Argon2id', 'RFC 8252'])
      expect(security).toContain(topic);
  });

  it('every file SECURITY.md names exists, so the document follows the code it describes', () => {
    const security = readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8');
    const files = [...security.matchAll(/`((?:src|test|security)\/[^`]+|electron-builder\.ts)`/g)].map(
      (match) => match[1]!,
    );
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
  });
});

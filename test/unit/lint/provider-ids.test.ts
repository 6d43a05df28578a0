import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERIC_PROFILE_ID, PROFILES } from '../../../src/shared/providers/index.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Provider knowledge lives in src/shared/providers/<id>.ts alone. The generic profile's id is also
 * the protocol's name (`oauth2` is a Postman and OpenAPI auth type), so it is left out.
 */
const PROVIDER_IDS = [
  ...new Set([
    'kaisa',
    'kpn',
    'khoros',
    'sunshine',
    'kinetic',
    'freespee',
    'spredfast',
    'smooch',
    ...PROFILES.map((profile) => profile.id).filter((id) => id !== GENERIC_PROFILE_ID),
  ]),
];
const NAMES_PROVIDER = new RegExp(`(?<![\\w-])(${PROVIDER_IDS.join('|')})(?![\\w])`);

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(root, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.includes('.layer-probe.'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe('no provider is named outside its profile', () => {
  it('the check finds an id, a provider host and a profile id, and passes a word that only contains one', () => {
    expect(NAMES_PROVIDER.exec("if (profile.id === 'kinetic')")?.[1]).toBe('kinetic');
    expect(NAMES_PROVIDER.exec("within('api.spredfast.com')")?.[1]).toBe('spredfast');
    expect(NAMES_PROVIDER.exec("profileId: 'khoros-token'")?.[1]).toBe('khoros');
    expect(NAMES_PROVIDER.test('const kpnish = 1; // akaisa')).toBe(false);
  });

  it.each(['src/main', 'src/renderer'])('%s names no provider id or host', async (folder) => {
    const found: string[] = [];
    for (const file of await sourceFiles(folder)) {
      const lines = (await readFile(path.join(root, file), 'utf8')).split('\n');
      lines.forEach((line, index) => {
        const match = NAMES_PROVIDER.exec(line);
        if (match) found.push(`${file}:${index + 1}: ${match[1]}`);
      });
    }
    expect(found).toEqual([]);
  });
});

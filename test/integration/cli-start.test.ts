import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, start, tokensmith } from '../support/cli.ts';

const RECORD_LOADS = path.join(ROOT, 'test/support/record-loads.ts');
const SOURCES_MAIN = path.join(ROOT, 'src/cli/main.ts');
const JWT = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"1"}').toString('base64url')}.c2ln`;

/** What no command that neither imports, exports nor opens a vault may load. */
const HEAVY = [
  /node_modules\/(postman-collection|@faker-js|curlconverter|tree-sitter[^/]*|hash-wasm|undici|conf|ajv|yaml)\//,
  /src\/main\/core\/(interop|vault|store|http)\//,
  /src\/shared\/snippets\//,
];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-start-'));
  dirs.push(dir);
  return dir;
}

/** Runs node with the load recorder; the files the command loaded, relative to the repository. */
async function loadsOf(args: readonly string[]): Promise<{ code: number | null; stdout: string; files: string[] }> {
  const log = path.join(tempDir(), 'loads.txt');
  writeFileSync(log, '');
  const result = await start(process.execPath, ['--import', RECORD_LOADS, ...args], {
    env: { TOKENSMITH_TEST_LOADS: log },
  }).done;
  const files = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => path.relative(ROOT, fileURLToPath(url)).split(path.sep).join('/'))
    .filter((file) => file !== 'test/support/record-loads.ts');
  return { code: result.code, stdout: result.stdout, files };
}

describe('a command loads only what it needs', () => {
  it.each([
    ['providers', ['providers']],
    ['decode', ['decode', JWT]],
  ])('%s, from the sources: no import parsers, KDF, store, HTTP client or snippet languages', async (_, args) => {
    const { code, files } = await loadsOf([SOURCES_MAIN, ...args]);
    expect(code).toBe(0);
    expect(files).toContain('src/cli/main.ts');
    expect(files.filter((file) => HEAVY.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it.each([
    ['providers', ['providers']],
    ['decode', ['decode', JWT]],
  ])('%s, through bin/tokensmith.js: the bundle only, and none of its heavy chunks', async (_, args) => {
    const { code, files } = await loadsOf([BIN, ...args]);
    expect(code).toBe(0);
    // Nothing but the bin and the build: no .ts source is type-stripped, no package resolved.
    expect(files.filter((file) => file !== 'bin/tokensmith.js' && !file.startsWith('out/cli/'))).toEqual([]);
    expect(files).toContain('out/cli/tokensmith.cjs');
    const chunks = JSON.parse(readFileSync(path.join(ROOT, 'out/cli/chunks.json'), 'utf8')) as Record<string, string[]>;
    const bundled = files.flatMap((file) => chunks[file.slice('out/cli/'.length)] ?? []);
    expect(bundled).toContain('src/cli/main.ts');
    expect(bundled.filter((file) => HEAVY.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it('the bundle prints what the sources print', async () => {
    const fromSources = await start(process.execPath, [SOURCES_MAIN, 'providers', '--json']).done;
    const fromBundle = await tokensmith(['providers', '--json']);
    expect(fromBundle).toEqual({ code: 0, stdout: fromSources.stdout, stderr: '' });
    expect(JSON.parse(fromBundle.stdout)).toContainEqual(expect.objectContaining({ id: 'oauth2' }));
  });
});

/**
 * A package laid out as this one, with sources and a bundle that say which of them ran: by default a
 * bundle of one file; `bundle` gives its files instead, by their path under out/cli.
 */
function fakePackage(bundle: Record<string, string> = { 'tokensmith.cjs': "console.log('bundle');\n" }): {
  dir: string;
  bin: string;
  manifest: string;
  builtAt: number;
} {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'src/cli'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  copyFileSync(BIN, path.join(dir, 'bin/tokensmith.js'));
  writeFileSync(path.join(dir, 'src/cli/main.ts'), "console.log('sources');\n");
  writeFileSync(path.join(dir, 'src/cli/other.ts'), 'export {};\n');
  for (const [file, text] of Object.entries(bundle)) {
    mkdirSync(path.dirname(path.join(dir, 'out/cli', file)), { recursive: true });
    writeFileSync(path.join(dir, 'out/cli', file), text);
  }
  // Sources written a minute before the build began.
  const builtAt = Date.now();
  const before = new Date(builtAt - 60_000);
  for (const file of ['src/cli/main.ts', 'src/cli/other.ts']) utimesSync(path.join(dir, file), before, before);
  const manifest = path.join(dir, 'out/cli/sources.json');
  writeFileSync(manifest, JSON.stringify({ builtAt, sources: ['src/cli/main.ts', 'src/cli/other.ts'] }));
  return { dir, bin: path.join(dir, 'bin/tokensmith.js'), manifest, builtAt };
}

describe('bin/tokensmith.js never runs a bundle older than its sources', () => {
  const ran = async (bin: string): Promise<string> => {
    const result = await start(process.execPath, [bin]).done;
    expect(result.code).toBe(0);
    return result.stdout.trim();
  };

  it('runs the bundle while no source it was built from is newer', async () => {
    const { bin } = fakePackage();
    expect(await ran(bin)).toBe('bundle');
  });

  it('runs the sources once one of them was saved after the build', async () => {
    const { dir, bin, builtAt } = fakePackage();
    const after = new Date(builtAt + 1000);
    utimesSync(path.join(dir, 'src/cli/other.ts'), after, after);
    expect(await ran(bin)).toBe('sources');
  });

  it('runs the sources when a file the bundle was built from is gone', async () => {
    const { dir, bin } = fakePackage();
    unlinkSync(path.join(dir, 'src/cli/other.ts'));
    expect(await ran(bin)).toBe('sources');
  });

  it('runs the sources when there is no build', async () => {
    const { bin, manifest } = fakePackage();
    unlinkSync(manifest);
    expect(await ran(bin)).toBe('sources');
  });
});

describe("bin/tokensmith.js keeps V8's code of the bundle between runs", () => {
  /** A package with a bundle of two files; the chunk throws when asked, to show where. */
  function bundledPackage(): { bin: string; cache: string } {
    const { dir, bin } = fakePackage({
      'tokensmith.cjs': "const chunk = require('./chunks/words.cjs');\nconsole.log(chunk.words(process.argv[3]));\n",
      'chunks/words.cjs':
        "exports.words = (what) => {\n  if (what === 'throw') throw new Error('asked to');\n  return `bundle ${what}`;\n};\n",
    });
    return { bin, cache: path.join(dir, 'node_modules/.cache/tokensmith-cli/bundle') };
  }
  const run = (bin: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    start(process.execPath, [bin, ...args], { env }).done;
  const cached = (cache: string, command: string): string[] => {
    try {
      return readdirSync(path.join(cache, command)).sort();
    } catch {
      return [];
    }
  };

  it('per command and file: made by the first run, read by the next, made again when V8 refuses it', async () => {
    const { bin, cache } = bundledPackage();
    expect(await run(bin, ['providers', 'one'])).toMatchObject({ code: 0, stdout: 'bundle one\n', stderr: '' });
    const files = cached(cache, 'providers');
    expect(files.map((file) => file.replace(/-\d+-\d+-v[\d.]+-\w+\.v8$/, ''))).toEqual(['tokensmith.cjs', 'words.cjs']);
    expect(cached(cache, 'token')).toEqual([]);

    const words = path.join(cache, 'providers', files[1]!);
    const made = readFileSync(words);
    expect(await run(bin, ['providers', 'two'])).toMatchObject({ code: 0, stdout: 'bundle two\n' });
    expect(readFileSync(words).equals(made)).toBe(true);

    // Damaged code: V8 refuses it, the command runs all the same and the file is made again.
    const damaged = Buffer.alloc(made.length, 7);
    writeFileSync(words, damaged);
    expect(await run(bin, ['providers', 'three'])).toMatchObject({ code: 0, stdout: 'bundle three\n', stderr: '' });
    const remade = readFileSync(words);
    expect(remade.equals(damaged)).toBe(false);
    expect(await run(bin, ['providers', 'four'])).toMatchObject({ code: 0, stdout: 'bundle four\n' });
    expect(readFileSync(words).equals(remade)).toBe(true);

    // A failure in a chunk still says where, by the chunk's own lines.
    const failed = await run(bin, ['providers', 'throw']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/words\.cjs:2\b/);
  });

  it('keeps nothing with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const { bin, cache } = bundledPackage();
    expect(await run(bin, ['providers', 'one'], { NODE_DISABLE_COMPILE_CACHE: '1' })).toMatchObject({
      code: 0,
      stdout: 'bundle one\n',
    });
    expect(cached(cache, 'providers')).toEqual([]);
  });
});

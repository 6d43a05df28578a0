/**
 * Builds the `tokensmith` command into out/cli/: one CommonJS module to start from (tokensmith.cjs) and a
 * chunk per command, loaded when that command runs (see COMMANDS in src/cli/main.ts). Node then
 * reads a few files instead of type-stripping hundreds of .ts sources and resolving their packages.
 *
 * Beside the bundle it writes out/cli/sources.json: every file the bundle was built from (and the
 * lockfile), and when the build began. bin/tokensmith.js runs the bundle only while none of those
 * files is newer (one stat each, no directory walk), so an edited source is never shadowed by an old
 * bundle: the command falls back to the sources until the next build.
 *
 * Run by `npm ci` / `npm install` (the `prepare` script), `npm test` and the integration tests'
 * global setup. Without Vite (an install without dev dependencies) it says so and leaves the
 * sources to run.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';

const root = path.resolve(import.meta.dirname, '..');
export const CLI_OUT_DIR = path.join(root, 'out', 'cli');
export const CLI_MANIFEST = path.join(CLI_OUT_DIR, 'sources.json');
export const CLI_CHUNKS = path.join(CLI_OUT_DIR, 'chunks.json');
/** Where bin/tokensmith.js keeps V8's code of the bundle. */
const CLI_CODE_CACHE = path.join(root, 'node_modules', '.cache', 'tokensmith-cli', 'bundle');

/** What bin/tokensmith.js reads: the inputs to check, relative to the package, and the build's start. */
export interface CliManifest {
  builtAt: number;
  sources: string[];
}

/**
 * Native addons stay outside the bundle, loaded from node_modules by the one command that needs
 * them (the cURL import's bash parser, the OS keyring); a bundler cannot inline a compiled `.node` file.
 */
const EXTERNAL = /^(tree-sitter|tree-sitter-bash|@napi-rs\/keyring)(\/|$)/;

/**
 * The packages bundled in are pinned here: a lockfile that changed (a pull, another branch) makes the
 * bundle stale until `npm ci` or `npm install` runs prepare and builds it again. Not node_modules'
 * own .package-lock.json: npm rewrites it on installs that change nothing bundled, and a checkout
 * whose node_modules is shared with others sees their installs.
 */
const INSTALL_STAMP = 'package-lock.json';

/** The test bin/tokensmith.js makes before it runs the bundle: built, and no input newer than the build. */
export function bundleIsFresh(): boolean {
  let manifest: CliManifest;
  try {
    manifest = JSON.parse(readFileSync(CLI_MANIFEST, 'utf8')) as CliManifest;
  } catch {
    return false;
  }
  return manifest.sources.every((file) => {
    const stat = statSync(path.join(root, file), { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs <= manifest.builtAt;
  });
}

export async function buildCli(): Promise<CliManifest | undefined> {
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    process.stderr.write('build-cli: Vite is not installed (no dev dependencies); tokensmith runs from its sources.\n');
    return undefined;
  }
  // Earlier than any input is read: a source saved during the build counts as newer than the bundle.
  const builtAt = Date.now();
  // Built beside, then put in place: a command starting meanwhile finds the old bundle or the new one.
  const building = `${CLI_OUT_DIR}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const output = await vite.build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: 'src/cli/main.ts',
      outDir: building,
      emptyOutDir: false,
      target: 'node24',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: (id) => EXTERNAL.test(id) || id === 'electron',
        // A zod schema nothing uses is not built at each start: making a schema has no effect beyond
        // the schema (the command line registers none), but the bundler cannot know that by itself.
        treeshake: { manualPureFunctions: ['z'] },
        output: {
          format: 'cjs',
          // require() for the packages left outside (the OS keyring, tree-sitter), not import():
          // bin/tokensmith.js compiles the bundle with vm.Script, which has no loader for import().
          dynamicImportInCjs: false,
          entryFileNames: 'tokensmith.cjs',
          chunkFileNames: 'chunks/[name]-[hash].cjs',
        },
      },
    },
    // Everything else is bundled: resolving and reading a package's many files is most of a start.
    ssr: { target: 'node', noExternal: true },
  });
  const results = Array.isArray(output) ? output : [output];
  const sources = new Set<string>([INSTALL_STAMP, 'package.json']);
  const chunks: Record<string, string[]> = {};
  for (const result of results) {
    if (!('output' in result)) throw new Error('build-cli: Vite returned a watcher, not a build');
    for (const chunk of result.output) {
      if (chunk.type !== 'chunk') continue;
      const modules = (chunks[chunk.fileName] = [] as string[]);
      for (const id of chunk.moduleIds) {
        const file = id.startsWith('file:') ? fileURLToPath(id) : id.split('?')[0]!;
        // Virtual modules (\0…) are the bundler's own.
        if (!path.isAbsolute(file)) continue;
        const relative = path.relative(root, file).split(path.sep).join('/');
        modules.push(relative);
        // Packages are covered by the install stamp.
        if (!file.includes(`${path.sep}node_modules${path.sep}`)) sources.add(relative);
      }
    }
  }
  const manifest: CliManifest = { builtAt, sources: [...sources].sort() };
  writeFileSync(path.join(building, path.basename(CLI_MANIFEST)), `${JSON.stringify(manifest, null, 2)}\n`);
  // What each file of the bundle holds, for the tests that check what a command loads (not read at start).
  writeFileSync(path.join(building, path.basename(CLI_CHUNKS)), `${JSON.stringify(chunks, null, 2)}\n`);
  const old = `${CLI_OUT_DIR}.old.${process.pid}`;
  try {
    renameSync(CLI_OUT_DIR, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  renameSync(building, CLI_OUT_DIR);
  rmSync(old, { recursive: true, force: true });
  // The compiled code bin/tokensmith.js kept for the bundle just replaced: it would never be read again.
  rmSync(CLI_CODE_CACHE, { recursive: true, force: true });
  return manifest;
}

if (import.meta.main) {
  const started = performance.now();
  const manifest = await buildCli();
  if (manifest) {
    process.stderr.write(
      `build-cli: out/cli/tokensmith.cjs from ${manifest.sources.length} sources in ${Math.round(performance.now() - started)} ms\n`,
    );
  }
}

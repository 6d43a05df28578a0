#!/usr/bin/env node
// The `tokensmith` command. Node 24 runs the TypeScript sources directly (type stripping); an older
// Node would stop at the first .ts import with a stack trace, so it is told in one line instead.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `tokensmith: this needs Node.js 24 or later, and this is Node.js ${process.versions.node}. — Install Node.js 24 LTS (see .nvmrc) and run it again.\n`,
  );
  process.exit(1);
}

// Node's own modules without an `import`, which would build an ES module facade for each (reading
// every export: node:fs's getters load all of Node's streams) and would run before the check above.
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const path = process.getBuiltinModule('node:path');
const { fileURLToPath } = process.getBuiltinModule('node:url');
const vm = process.getBuiltinModule('node:vm');

/**
 * The build of the command (scripts/build-cli.ts, run by `npm ci`'s prepare and by the tests) when
 * it is there and none of the files it was built from changed since: a few files to load instead
 * of hundreds of .ts sources. Its manifest lists those files, so this is one stat per file, no walk
 * of src/. An edited source, a deleted one or another `npm install` sends the command back to the
 * sources until the next build: an old bundle never runs in place of new code.
 */
function freshBundle() {
  const root = new URL('../', import.meta.url);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('out/cli/sources.json', root), 'utf8'));
  } catch {
    return undefined;
  }
  for (const file of manifest.sources) {
    const stat = statSync(new URL(file, root), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.builtAt) return undefined;
  }
  return fileURLToPath(new URL('out/cli/tokensmith.cjs', root));
}

/** Written whole or not at all (a rename): a command starting meanwhile reads the old file or none. */
function writeCodeCache(file, data) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch {
    // A folder it cannot write (an install owned by another user) only means no cache.
  }
}

/**
 * V8's code of the bundle's files, kept between runs with every function a command ran, not only
 * each file's top level. Node's compile cache stores a file's code as it is right after compiling,
 * before anything ran, so each start compiled again every function it called (YAML's parser, zod,
 * the command itself): a fifth of a `tokensmith token` answered from the ledger. Node's loader still
 * resolves and reads each file (its hooks see them all); only the compiling is done here.
 *
 * The code is kept per command, since each runs other functions of the same files, and per file,
 * named by its size and time: a new build gives new names, and scripts/build-cli.ts empties the
 * folder. V8 refuses code made by another V8 or with other flags; it is then made again.
 */
function useCodeCache({ bundleDir, cacheDir, command }) {
  const folder = path.join(cacheDir, /^[a-z][a-z-]{0,30}$/.test(command ?? '') ? command : 'other');
  const unsaved = [];
  const compile = module.Module.prototype._compile;
  module.Module.prototype._compile = function (content, filename, format) {
    if (!filename.startsWith(bundleDir + path.sep) || !filename.endsWith('.cjs'))
      return compile.call(this, content, filename, format);
    const stat = statSync(filename);
    const cache = path.join(
      folder,
      `${path.basename(filename)}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.v8`,
    );
    let cachedData;
    try {
      cachedData = readFileSync(cache);
    } catch {
      cachedData = undefined;
    }
    // Node's own wrapper, on the file's first line: stack traces keep the file's line numbers.
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${content}\n})`, {
      filename,
      cachedData,
    });
    if (cachedData === undefined || script.cachedDataRejected) unsaved.push({ script, cache });
    const require = (id) => this.require(id);
    return script.runInThisContext()(this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { script, cache } of unsaved) writeCodeCache(cache, script.createCachedData());
  });
}

// V8's compiled code, kept for the next start in the package's own folder rather than a temporary one
// other users can write: Node's compile cache for the sources and the packages outside the bundle
// (checked against each file's content, so it cannot go stale; NODE_COMPILE_CACHE, when set, wins),
// and the bundle's own (useCodeCache). NODE_DISABLE_COMPILE_CACHE=1 turns both off.
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/tokensmith-cli', import.meta.url));
module.enableCompileCache(cacheDir);

const bundle = freshBundle();
if (bundle) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE !== '1')
    useCodeCache({
      bundleDir: path.dirname(bundle),
      cacheDir: path.join(cacheDir, 'bundle'),
      command: process.argv[2],
    });
  // The bundle is CommonJS: require() loads Node's own modules without the namespace an ES import
  // builds for each (for node:util, node:fs and node:crypto that alone was ~8 ms of every start).
  module.createRequire(import.meta.url)(bundle);
} else await import('../src/cli/main.ts');

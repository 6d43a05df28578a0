#!/usr/bin/env node
// The `tokensmith` command. Node 24 runs the TypeScript sources directly (type stripping); an older
// Node would stop at the first .ts import with a stack trace, so it is told in one line instead.
import { readFileSync, statSync } from 'node:fs';
// The default export only: a named import Node 20 lacks would fail before the version check below.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `tokensmith: this needs Node.js 24 or later, and this is Node.js ${process.versions.node}. — Install Node.js 24 LTS (see .nvmrc) and run it again.\n`,
  );
  process.exit(1);
}

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

// V8's compiled code of the command, kept for the next start (checked against each file's content, so
// it cannot go stale) in the package's own folder rather than a temporary one other users can write.
// NODE_COMPILE_CACHE, when set, wins; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache(fileURLToPath(new URL('../node_modules/.cache/tokensmith-cli', import.meta.url)));

const bundle = freshBundle();
// The bundle is CommonJS: require() loads Node's own modules without the namespace an ES import
// builds for each (for node:util, node:fs and node:crypto that alone was ~8 ms of every start).
if (bundle) module.createRequire(import.meta.url)(bundle);
else await import('../src/cli/main.ts');

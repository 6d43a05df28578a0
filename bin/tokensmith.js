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
await import('../src/cli/main.ts');

// `npm ci` and `npm install` run this (package.json's prepare): it builds the command line, so that
// `npx tokensmith` starts from the bundle. The build is TypeScript run by Node 24; on an older Node
// the install goes on without it, and `tokensmith` itself says which Node it needs. npx runs prepare
// too, the first time it runs this package from a folder: a build that is still fresh is kept, so
// that first `npx tokensmith` does not wait for a build it does not need.
const [major] = process.versions.node.split('.').map(Number);
if (major >= 24) {
  const { buildCli, bundleIsFresh } = await import('./build-cli.ts');
  if (!bundleIsFresh()) await buildCli();
}

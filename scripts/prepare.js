// `npm ci` and `npm install` run this (package.json's prepare): it builds the command line, so that
// `npx tokensmith` starts from the bundle. The build is TypeScript run by Node 24; on an older Node
// the install goes on without it, and `tokensmith` itself says which Node it needs.
const [major] = process.versions.node.split('.').map(Number);
if (major >= 24) {
  const { buildCli } = await import('./build-cli.ts');
  await buildCli();
}

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    // The import worker is an entry of its own: it runs in a worker thread (parse-import.ts).
    build: {
      rolldownOptions: {
        input: { index: 'src/main/index.ts', 'import-worker': 'src/main/core/interop/import-worker.ts' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require electron, so zod and the contract are bundled in,
      // and it must be CommonJS.
      externalizeDeps: false,
      rolldownOptions: { input: { index: 'src/preload/index.ts' }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      minify: true,
      rolldownOptions: {
        input: 'src/renderer/index.html',
        // The renderer imports plain functions (formatErrorLine, bodyText, decodeJwt) from shared
        // modules that also build zod schemas at the top level. Building a schema has no side effect,
        // but the bundler cannot know that, so it kept every schema and all of zod: a quarter of the
        // initial JavaScript, evaluated before the first screen. The renderer validates nothing
        // itself (main does, behind the contract), so unused schemas, and zod with them, drop out.
        treeshake: { manualPureFunctions: ['z'] },
      },
    },
  },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: { rolldownOptions: { input: { index: 'src/main/index.ts' } } },
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
    build: { minify: true, rolldownOptions: { input: 'src/renderer/index.html' } },
  },
});

import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        // Workers are entries of their own: worker_threads start them from out/main/<name>.js.
        input: {
          index: resolve('src-main/electron/main.ts'),
          'simulation-worker': resolve('src-main/jobs/simulation-worker.ts'),
          'wire-solve-worker': resolve('src-main/sim/circuit/wire-solve-worker.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      // A sandboxed preload must be CommonJS; with "type": "module" the default would be ESM.
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte()],
    build: { rollupOptions: { input: { index: resolve('src-renderer/index.html') } } },
  },
});

import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'job-worker': resolve('src/main/engine/jobs/worker.ts'),
          // helper threads of data-parallel training, started by the job worker from its own folder
          'replica-worker': resolve('src/main/engine/ml/train/replica-worker.ts'),
          // the parsing thread of pickle imports, started by the job worker from its own folder
          'rml-parse-worker': resolve('src/main/engine/io/rml-parse-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: { rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs' } } },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
});

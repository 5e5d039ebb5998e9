import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Static files only: relative asset paths (works from any folder or file server), the model trained at
// build time (scripts/build-web-model.mjs) copied from build/public/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: fileURLToPath(new URL('../build/public', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 6000, // h5wasm carries HDF5 compiled to wasm (~4 MB, ~1.5 MB gzip)
    reportCompressedSize: false,
    // two pages: the demo, and url.html (a model opened by URL, lazily, through hdf5-js: no wasm)
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        url: fileURLToPath(new URL('./url.html', import.meta.url)),
      },
    },
  },
  // in `vite dev`, pre-bundling would move hdf5-wasm's JavaScript away from its hdf5.wasm (see its README)
  optimizeDeps: { exclude: ['@icepickle/hdf5-wasm'] },
});

import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const conditions = ['@icepickle/source', 'node', 'import', 'module', 'default'];

// The edge and browser entries start h5wasm's build without its embedded wasm, which only exists in
// dist/ (scripts/build-edge.mjs): tests of those entries from src/ use it from there (needs the build).
const edgeBuild = fileURLToPath(new URL('./dist/vendor/h5wasm-edge.js', import.meta.url));

export default defineProject({
  resolve: { conditions, alias: [{ find: /^\.\/vendor\/h5wasm-edge\.js$/, replacement: edgeBuild }] },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { name: 'hdf5-wasm', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});

import { defineProject } from 'vitest/config';

const conditions = ['@icepickle/source', 'node', 'import', 'module', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { name: 'hdf5-js', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});

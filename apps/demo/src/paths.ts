import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/demo/dist → the repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const imdbCsv = join(repoRoot, 'datasets', 'imdb_subset.csv');
export const sklearnModels = join(repoRoot, 'packages', 'test-utils', 'fixtures', 'sklearn', 'models');

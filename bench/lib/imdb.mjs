/** The imdb corpus for the benchmarks: the reviews, and a digest to compare outputs. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReviews } from '../../apps/demo/dist/csv.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * datasets/imdb_subset.csv as { text, label } records, read by the demo's own parser (apps/demo/src/csv.ts;
 * `pnpm bench` builds every package first).
 */
export function imdbReviews() {
  return parseReviews(readFileSync(join(root, 'datasets', 'imdb_subset.csv'), 'utf8'));
}

/** sha256 of a CSR matrix as int32 indptr/indices and float64 data (what the Python side hashes too). */
export function csrDigest(X) {
  const h = createHash('sha256');
  h.update(Buffer.from(Int32Array.from(X.indptr).buffer));
  h.update(Buffer.from(Int32Array.from(X.indices).buffer));
  h.update(Buffer.from(Float64Array.from(X.data).buffer));
  return h.digest('hex');
}

/**
 * Where fixtures live (one home per package):
 * - a package's own fixtures, and the scripts that make or compute them (live Python runners
 *   included), are in its `test/fixtures/`;
 * - the fixtures several packages share are test-utils': scikit-learn goldens (`sklearnFixtures`,
 *   `fixturePath`, `loadFixture`), h5py-written storage files (`storageFixtures`) and the hostile
 *   corpus (`hostileDir`), each with its generator. Other packages reach them only through these
 *   helpers, never by a path of their own, so the shared fixtures can move in one place.
 * The scikit-learn goldens are in `fixtures/sklearn/` here; READMEs' tested examples, which run from the
 * repository root, name them as `packages/test-utils/fixtures/sklearn/...`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsrMatrix } from '@icepickle/core';

/** The repository's root, found from this file (packages/test-utils/src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Golden files made with real scikit-learn 1.2.1 (see packages/test-utils/fixtures/sklearn/README.md). */
export const sklearnFixtures = join(repoRoot, 'packages', 'test-utils', 'fixtures', 'sklearn');

const cache = new Map<string, unknown>();

/** Parses a JSON fixture, relative to packages/test-utils/fixtures/sklearn, once per test process. */
export function loadFixture<T = any>(relativePath: string): T {
  const path = join(sklearnFixtures, relativePath);
  if (!cache.has(path)) cache.set(path, JSON.parse(readFileSync(path, 'utf8')));
  return cache.get(path) as T;
}

export function fixturePath(relativePath: string): string {
  return join(sklearnFixtures, relativePath);
}

export interface CsrFixture {
  format: 'csr';
  shape: [number, number];
  indptr: number[];
  indices: number[];
  data: number[];
}

export function csrFromFixture(x: CsrFixture): CsrMatrix {
  return new CsrMatrix({ indptr: x.indptr, indices: x.indices, data: x.data, shape: x.shape });
}

export interface NonzerosFixture {
  format: 'nonzeros';
  shape: number[];
  flat_indices: number[];
  values: number[];
}

/** Expands a "nonzeros" object into a dense row-major Float64Array. */
export function denseFromNonzeros(x: NonzerosFixture): Float64Array {
  const out = new Float64Array(x.shape.reduce((a, b) => a * b, 1));
  x.flat_indices.forEach((flat, k) => (out[flat] = x.values[k]!));
  return out;
}

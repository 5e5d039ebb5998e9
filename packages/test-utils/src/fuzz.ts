/**
 * A bounded mutation fuzzer for model files: bit flips, byte runs, truncations, splices and copied
 * regions of valid files (scikit-learn's models from packages/test-utils/fixtures/sklearn/models, our own files in every
 * coefficient layout, model collections). Cases are a pure function of (seed, index), so a crash
 * found by `pnpm fuzz` is reproduced from its numbers alone (and its bytes are saved too).
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CoefLayout,
  LogisticRegression,
  ModelCollection,
  SGDRegressor,
  type StorageBackend,
  loadCoefficients,
  saveCoefficients,
} from '@icepickle/core';
import { sklearnFixtures } from './fixtures.js';

export interface FuzzSeed {
  file: string;
  kind: 'model' | 'collection';
  estimator: 'classifier' | 'regressor';
  bytes: Uint8Array;
}

export interface FuzzCase {
  seed: FuzzSeed;
  bytes: Uint8Array;
  /** What was done, e.g. `flip 3 bits at 17.2, 940.0, 88.7`. */
  description: string;
}

/** Writes the seed corpus (valid files) into `dir` with a manifest; returns the manifest. */
export async function prepareSeeds(dir: string, backend: StorageBackend): Promise<Array<Omit<FuzzSeed, 'bytes'>>> {
  mkdirSync(dir, { recursive: true });
  const manifest: Array<Omit<FuzzSeed, 'bytes'>> = [];
  const models = join(sklearnFixtures, 'models');
  for (const name of readdirSync(models)
    .filter((n) => n.endsWith('.h5'))
    .sort()) {
    copyFileSync(join(models, name), join(dir, name));
    manifest.push({ file: name, kind: 'model', estimator: /linreg|regressor/.test(name) ? 'regressor' : 'classifier' });
  }
  const iris = await loadCoefficients(new LogisticRegression(), join(models, 'logreg_iris.h5'), { backend });
  const diabetes = await loadCoefficients(new SGDRegressor(), join(models, 'sgd_regressor_diabetes.h5'), { backend });
  for (const layout of ['contiguous', 'column-chunked', 'float32', 'gzip', 'sparse'] as CoefLayout[]) {
    const name = `ours-iris-${layout}.h5`;
    await saveCoefficients(iris, join(dir, name), { backend, layout, metadata: { fuzz: true } });
    manifest.push({ file: name, kind: 'model', estimator: 'classifier' });
  }
  await saveCoefficients(diabetes, join(dir, 'ours-diabetes.h5'), { backend });
  manifest.push({ file: 'ours-diabetes.h5', kind: 'model', estimator: 'regressor' });
  const collection = ModelCollection.create(join(dir, 'collection.h5'), { backend });
  collection
    .put('iris', iris)
    .put('diabetes', diabetes)
    .putDocument('search', { best: 'iris', scores: [0.9, 0.8] });
  await collection.save();
  manifest.push({ file: 'collection.h5', kind: 'collection', estimator: 'classifier' });
  writeFileSync(join(dir, 'seeds.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}

export function loadSeeds(dir: string): FuzzSeed[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'seeds.json'), 'utf8')) as Array<Omit<FuzzSeed, 'bytes'>>;
  return manifest.map((m) => ({ ...m, bytes: new Uint8Array(readFileSync(join(dir, m.file))) }));
}

/** mulberry32: small, fast, good enough to spread mutations; deterministic per (seed, index). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];

export function fuzzCase(seeds: readonly FuzzSeed[], seed: number, index: number): FuzzCase {
  const r = rng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const int = (n: number) => Math.floor(r() * n);
  const base = seeds[int(seeds.length)]!;
  const src = base.bytes;
  // half of the positions fall in the first 4 KiB, where the superblock and most headers live
  const pos = (len: number) => (r() < 0.5 ? int(Math.min(len, 4096)) : int(len));
  const op = r();
  let bytes: Uint8Array;
  let description: string;
  if (op < 0.35) {
    bytes = src.slice();
    const k = 1 + int(8);
    const flips: string[] = [];
    for (let j = 0; j < k; j++) {
      const at = pos(bytes.length);
      const bit = int(8);
      bytes[at] = bytes[at]! ^ (1 << bit);
      flips.push(`${at}.${bit}`);
    }
    description = `flip ${k} bit(s) at ${flips.join(', ')}`;
  } else if (op < 0.55) {
    bytes = src.slice();
    const at = pos(bytes.length);
    const n = 1 + int(8);
    const value = r() < 0.7 ? INTERESTING[int(INTERESTING.length)]! : -1;
    for (let j = at; j < Math.min(bytes.length, at + n); j++) bytes[j] = value < 0 ? int(256) : value;
    description = `overwrite ${n} byte(s) at ${at} with ${value < 0 ? 'random' : `0x${value.toString(16)}`}`;
  } else if (op < 0.7) {
    const cut = int(src.length);
    bytes = src.slice(0, cut);
    description = `truncate to ${cut} of ${src.length} bytes`;
  } else if (op < 0.85) {
    const other = seeds[int(seeds.length)]!;
    const i = int(src.length);
    const j = int(other.bytes.length);
    bytes = new Uint8Array(i + other.bytes.length - j);
    bytes.set(src.subarray(0, i));
    bytes.set(other.bytes.subarray(j), i);
    description = `splice ${base.file}[0:${i}] + ${other.file}[${j}:]`;
  } else {
    bytes = src.slice();
    const n = 1 + int(256);
    const from = int(Math.max(1, bytes.length - n));
    const to = pos(Math.max(1, bytes.length - n));
    bytes.copyWithin(to, from, from + n);
    description = `copy ${n} bytes from ${from} to ${to}`;
  }
  return { seed: base, bytes, description: `${base.file}: ${description}` };
}

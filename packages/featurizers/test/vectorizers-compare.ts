/** Compares our vectorizers with scikit-learn's recorded output (live or golden): names, idf_, CSR. */
import { expect } from 'vitest';
import type { CsrMatrix } from '@icepickle/core';
import { CountVectorizer, TfidfVectorizer } from '@icepickle/featurizers';

export interface Config {
  name: string;
  class: 'CountVectorizer' | 'TfidfVectorizer';
  params: Record<string, unknown>;
}
export interface RefCsr {
  shape: [number, number];
  indptr: number[];
  indices: number[];
  data: (number | string)[];
}
export interface RefResult {
  config: string;
  corpus: string;
  error?: string;
  features?: string[];
  stop_words?: string[];
  idf?: (number | string)[] | null;
  fit?: RefCsr;
  transform?: RefCsr;
}
export interface Corpus {
  fit: string[];
  transform: string[];
}

/** 1e-12 relative for float64 (scikit-learn's libm log may differ from V8's in the last bit), 1e-6 float32. */
export const REL_FLOAT64 = 1e-12;
export const REL_FLOAT32 = 1e-6;

export function build(config: Config): CountVectorizer | TfidfVectorizer {
  return config.class === 'CountVectorizer'
    ? CountVectorizer.fromSklearnParams(config.params)
    : TfidfVectorizer.fromSklearnParams(config.params);
}

/** Python writes non-finite floats as "inf", "-inf", "nan". */
function value(v: number | string): number {
  return typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number.NaN;
}

function expectClose(
  ours: ArrayLike<number>,
  refValues: readonly (number | string)[],
  rel: number,
  what: string,
): void {
  const ref = refValues.map(value);
  expect(ours.length, `${what} length`).toBe(ref.length);
  let worst = 0;
  let at = -1;
  for (let k = 0; k < ref.length; k++) {
    const a = ours[k]!;
    const b = ref[k]!;
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
    const err = Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
    if (!(err <= worst)) {
      worst = err;
      at = k;
    }
  }
  expect(worst, `${what}: worst relative error at ${at} (${ours[at]} vs ${ref[at]})`).toBeLessThanOrEqual(rel);
}

export function expectCsr(ours: CsrMatrix, ref: RefCsr, rel: number, what: string): void {
  expect([...ours.shape], `${what} shape`).toEqual(ref.shape);
  expect(Array.from(ours.indptr), `${what} indptr`).toEqual(ref.indptr);
  expect(Array.from(ours.indices), `${what} indices`).toEqual(ref.indices);
  expectClose(ours.data, ref.data, rel, `${what} data`);
}

/** Fits ours on the corpus and checks everything scikit-learn recorded. */
export function compareWithReference(config: Config, corpus: Corpus, ref: RefResult): void {
  const what = `${config.name} on ${ref.corpus}`;
  const v = build(config);
  if (ref.error !== undefined) {
    expect(() => v.fitTransform(corpus.fit), `${what}: scikit-learn raised ${ref.error}`).toThrow();
    return;
  }
  const float32 = config.params.dtype === 'float32';
  const rel = float32 ? REL_FLOAT32 : REL_FLOAT64;
  const X = v.fitTransform(corpus.fit);
  expect(v.getFeatureNamesOut(), `${what} feature names`).toEqual(ref.features);
  expect([...v.stopWords_].sort(), `${what} stop_words_`).toEqual([...ref.stop_words!].sort());
  if (ref.idf !== null && ref.idf !== undefined) expectClose((v as TfidfVectorizer).idf_, ref.idf, rel, `${what} idf_`);
  expect(X.data instanceof Float32Array, `${what} dtype`).toBe(float32);
  expectCsr(X, ref.fit!, rel, `${what} fit_transform`);
  expectCsr(v.transform(corpus.transform), ref.transform!, rel, `${what} transform`);
  // fit then transform gives what fit_transform gave
  expectCsr(build(config).fit(corpus.fit).transform(corpus.fit), ref.fit!, rel, `${what} fit + transform`);
}

/**
 * The step contract (issue 16) for CountVectorizer, TfidfVectorizer and TfidfTransformer: scikit-learn's
 * get_params() both ways, fitted state out and back in (checked whole, nothing set on error), and
 * TfidfTransformer alone against live scikit-learn.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsrMatrix, type Transformer, isIcepickleError } from '@icepickle/core';
import { CountVectorizer, TfidfTransformer, TfidfVectorizer } from '@icepickle/featurizers';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { type Config, type RefCsr, build, expectCsr } from './vectorizers-compare.js';

const CONFIGS = JSON.parse(
  readFileSync(new URL('./fixtures/vectorizers/configs.json', import.meta.url), 'utf8'),
) as Config[];
const DOCS = ['the pizza pizza beer', 'the burger beer beer', 'coke burger', 'Ünïcödé café 𝒳yz and ΣΑΣ'];

function errorOf(fn: () => unknown): { code: string; detail: string; scope?: string } {
  try {
    fn();
  } catch (e) {
    if (isIcepickleError(e)) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe.skipIf(!hasSklearn())('toSklearnParams is scikit-learn get_params()', () => {
  it('for every config, and fromSklearnParams reads it back', () => {
    const ref = runPythonCode<Record<string, unknown>[]>(
      String.raw`
import json, sys
import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
out = []
for c in json.load(sys.stdin):
    p = dict(c["params"])
    if "ngram_range" in p: p["ngram_range"] = tuple(p["ngram_range"])
    if "dtype" in p: p["dtype"] = np.dtype(p["dtype"]).type
    g = {"CountVectorizer": CountVectorizer, "TfidfVectorizer": TfidfVectorizer}[c["class"]](**p).get_params()
    g["dtype"] = np.dtype(g["dtype"]).name
    g["ngram_range"] = list(g["ngram_range"])
    out.append(g)
print(json.dumps(out))`,
      CONFIGS,
    );
    for (const [k, config] of CONFIGS.entries()) {
      const ours = build(config).toSklearnParams();
      expect(ours, config.name).toEqual(ref[k]);
      expect(build({ ...config, params: ours }).toSklearnParams(), config.name).toEqual(ours);
    }
  });
});

describe('options', () => {
  it('unknown names are INVALID_PARAMETER listing the valid ones', () => {
    for (const make of [
      () => new CountVectorizer({ maxDF: 1 } as never),
      () => new TfidfVectorizer({ idf: true } as never),
      () => new TfidfTransformer({ smooth: true } as never),
    ]) {
      const e = errorOf(make);
      expect(e.code).toBe('INVALID_PARAMETER');
      expect(e.detail).toMatch(/valid options are .*norm|valid options are .*minDf/);
    }
    const e = errorOf(() => CountVectorizer.fromSklearnParams({ max_dff: 1 }));
    expect(e.code).toBe('INVALID_PARAMETER');
    expect(e.detail).toMatch(/"max_dff".*valid parameters are .*max_df/);
    expect(errorOf(() => TfidfTransformer.fromSklearnParams({ use_idf: true, x: 1 })).code).toBe('INVALID_PARAMETER');
  });
  it('bad values are INVALID_PARAMETER with the class as scope', () => {
    const cases: [() => unknown, string][] = [
      [() => new CountVectorizer({ maxDf: 1.5 }), 'CountVectorizer'],
      [() => new CountVectorizer({ minDf: -1 }), 'CountVectorizer'],
      [() => new CountVectorizer({ maxFeatures: 0 }), 'CountVectorizer'],
      [() => new CountVectorizer({ binary: 'yes' as never }), 'CountVectorizer'],
      [() => new CountVectorizer({ ngramRange: [1, -1] }), 'CountVectorizer'],
      [() => new TfidfVectorizer({ norm: 'max' as never }), 'TfidfVectorizer'],
      [() => new TfidfVectorizer({ maxDf: 2.5 }), 'TfidfVectorizer'],
      [() => new TfidfTransformer({ useIdf: 1 as never }), 'TfidfTransformer'],
    ];
    for (const [make, scope] of cases) {
      const e = errorOf(make);
      expect(e.code).toBe('INVALID_PARAMETER');
      // ngramRange is checked by HashingVectorizer's code, whose errors are re-scoped once they carry a scope
      // (the legacy (code, message) form they use today leaves it undefined)
      if (make !== cases[4]![0]) expect(e.scope).toBe(scope);
    }
  });
  it('setParams checks as the constructor does and keeps the fitted state', () => {
    const tv = new TfidfVectorizer().fit(DOCS);
    const before = tv.transform(DOCS);
    expect(errorOf(() => tv.setParams({ norm: 'max' as never })).code).toBe('INVALID_PARAMETER');
    expect(errorOf(() => tv.setParams({ minDf: 2.5 })).code).toBe('INVALID_PARAMETER');
    expect(tv.getParams().norm).toBe('l2');
    tv.setParams({ norm: 'l1' });
    const l1 = tv.transform(DOCS);
    expect(l1.indices).toEqual(before.indices);
    for (let i = 0; i < l1.nRows; i++) {
      let s = 0;
      for (let k = l1.indptr[i]!; k < l1.indptr[i + 1]!; k++) s += l1.data[k]!;
      expect(s).toBeCloseTo(1, 12);
    }
    const t = new TfidfTransformer().setParams({ sublinearTf: true });
    expect(t.toSklearnParams()).toEqual({ norm: 'l2', use_idf: true, smooth_idf: true, sublinear_tf: true });
    expect(errorOf(() => t.setParams({ smoothIdf: 'no' as never })).code).toBe('INVALID_PARAMETER');
  });
  it('a vocabulary dict from Python JSON (a plain object) is read as a Map', () => {
    const v = CountVectorizer.fromSklearnParams({ vocabulary: { beer: 1, pizza: 0 } });
    expect(v.getFeatureNamesOut()).toEqual(['pizza', 'beer']);
    expect(v.toSklearnParams().vocabulary).toEqual(['pizza', 'beer']);
    expect(errorOf(() => TfidfVectorizer.fromSklearnParams({ vocabulary: { a: 0, b: 0 } })).code).toBe(
      'INVALID_PARAMETER',
    );
  });
  it('the classes are core pipeline Transformers', () => {
    const steps: Transformer[] = [new CountVectorizer(), new TfidfVectorizer(), new TfidfTransformer()];
    expect(steps.map((s) => (s as unknown as { className: string }).className)).toEqual([
      'CountVectorizer',
      'TfidfVectorizer',
      'TfidfTransformer',
    ]);
  });
  it('functions have no scikit-learn form: toSklearnParams refuses them', () => {
    const v = new CountVectorizer({ tokenizer: (s) => s.split(' ') });
    expect(v.fit(['a bb c']).getFeatureNamesOut()).toEqual(['a', 'bb', 'c']);
    expect(errorOf(() => v.toSklearnParams()).code).toBe('NOT_SUPPORTED');
  });
});

describe('fitted state', () => {
  it('CountVectorizer and TfidfVectorizer: getFittedState → setFittedState transforms the same', () => {
    for (const make of [() => new CountVectorizer({ maxFeatures: 5 }), () => new TfidfVectorizer({ minDf: 1 })]) {
      const a = make().fit(DOCS);
      const state = a.getFittedState();
      const b = make().setFittedState(state as never);
      const x = a.transform(DOCS);
      const ref: RefCsr = {
        shape: [x.shape[0], x.shape[1]],
        indptr: Array.from(x.indptr),
        indices: Array.from(x.indices),
        data: Array.from(x.data),
      };
      expectCsr(b.transform(DOCS), ref, 0, 'restored');
      expect(b.getFeatureNamesOut()).toEqual(a.getFeatureNamesOut());
      expect(b.getFittedState()).toEqual(state);
    }
    expect(new CountVectorizer({ maxFeatures: 5 }).fit(DOCS).getFittedState().stopWords_.size).toBeGreaterThan(0);
  });
  it('NotFittedError before fit', () => {
    expect(errorOf(() => new CountVectorizer().getFittedState()).code).toBe('NOT_FITTED');
    expect(errorOf(() => new TfidfVectorizer().getFittedState()).code).toBe('NOT_FITTED');
    expect(errorOf(() => new TfidfVectorizer().transform(DOCS)).code).toBe('NOT_FITTED');
    expect(errorOf(() => new TfidfTransformer().getFittedState()).code).toBe('NOT_FITTED');
  });
  it('bad states are INVALID_INPUT naming the attribute, and nothing is set', () => {
    const v = new TfidfVectorizer().fit(DOCS);
    const good = v.getFittedState();
    const before = v.transform(DOCS);
    const n = good.vocabulary_.size;
    const bad: [Partial<typeof good>, RegExp][] = [
      [{ vocabulary_: new Map([...good.vocabulary_].map(([t]) => [t, 0])) }, /vocabulary_: .*repeated indices/],
      [{ vocabulary_: new Map([...good.vocabulary_].map(([t, i]) => [t, i + 1])) }, /vocabulary_: .*index 0/],
      [{ vocabulary_: [...good.vocabulary_.keys()] as never }, /vocabulary_/],
      [{ stopWords_: ['x'] as never }, /stopWords_/],
      [{ idf_: new Float64Array(n).fill(Number.NaN) }, /idf_\[0\] is NaN/],
      [{ idf_: new Float64Array(n).fill(-1) }, /idf_\[0\] is -1/],
      [{ idf_: [1, 2] as never }, /idf_ must be a Float64Array/],
      [{ idf_: new Float64Array(n + 2).fill(1) }, /idf_ has/],
    ];
    for (const [patch, detail] of bad) {
      const e = errorOf(() => v.setFittedState({ ...good, ...patch }));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.detail).toMatch(detail);
      expect(v.transform(DOCS).data).toEqual(before.data);
      expect(v.getFittedState()).toEqual(good);
    }
  });
  it('TfidfTransformer: state with and without idf', () => {
    const X = new CountVectorizer().fitTransform(DOCS);
    const t = new TfidfTransformer().fit(X);
    expect(new TfidfTransformer().setFittedState(t.getFittedState()).transform(X).data).toEqual(t.transform(X).data);
    const noIdf = new TfidfTransformer({ useIdf: false }).fit(X);
    expect(noIdf.getFittedState()).toEqual({ idf_: null });
    const restored = new TfidfTransformer({ useIdf: false }).setFittedState({ idf_: null });
    expect(restored.transform(X).data).toEqual(noIdf.transform(X).data);
  });
});

describe.skipIf(!hasSklearn())('TfidfTransformer against live scikit-learn', () => {
  it('every norm × useIdf × smoothIdf × sublinearTf, float64 and float32', () => {
    // a fixed sparse count matrix with empty rows and columns (Python builds the same from the parts)
    const rows = 40;
    const cols = 25;
    const indptr = [0];
    const indices: number[] = [];
    const data: number[] = [];
    let s = 7;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        s = (s * 1103515245 + 12345) % 2147483648;
        if (i % 7 !== 3 && j % 5 !== 4 && s % 3 === 0) {
          indices.push(j);
          data.push(1 + (s % 6));
        }
      }
      indptr.push(indices.length);
    }
    const combos: Record<string, unknown>[] = [];
    for (const norm of ['l1', 'l2', null])
      for (const use_idf of [true, false])
        for (const smooth_idf of [true, false])
          for (const sublinear_tf of [true, false])
            for (const dtype of ['float64', 'float32']) combos.push({ norm, use_idf, smooth_idf, sublinear_tf, dtype });
    const ref = runPythonCode<{ fit: RefCsr; idf: (number | string)[] | null }[]>(
      String.raw`
import json, sys
import numpy as np, scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
req = json.load(sys.stdin)
out = []
for c in req["combos"]:
    c = dict(c); dtype = c.pop("dtype")
    X = sp.csr_matrix((np.array(req["data"], dtype=dtype), req["indices"], req["indptr"]), shape=(req["rows"], req["cols"]))
    t = TfidfTransformer(**c)
    Y = t.fit_transform(X).tocsr(); Y.sort_indices()
    out.append({"fit": {"shape": list(Y.shape), "indptr": Y.indptr.tolist(), "indices": Y.indices.tolist(),
                "data": [float(v) for v in Y.data]}, "idf": [float(v) if np.isfinite(v) else str(v) for v in t.idf_] if c["use_idf"] else None})
print(json.dumps(out))`,
      { combos, rows, cols, indptr, indices, data },
    );
    for (const [k, c] of combos.entries()) {
      const float32 = c.dtype === 'float32';
      const X = new CsrMatrix({
        indptr,
        indices,
        data: float32 ? Float32Array.from(data) : Float64Array.from(data),
        shape: [rows, cols],
      });
      const t = TfidfTransformer.fromSklearnParams({
        norm: c.norm,
        use_idf: c.use_idf,
        smooth_idf: c.smooth_idf,
        sublinear_tf: c.sublinear_tf,
      });
      const Y = t.fitTransform(X);
      expect(Y.data instanceof Float32Array).toBe(float32);
      expectCsr(Y, ref[k]!.fit, float32 ? 1e-6 : 1e-12, JSON.stringify(c));
      if (ref[k]!.idf !== null) {
        for (const [j, v] of ref[k]!.idf!.entries()) {
          if (v === 'inf') expect(t.idf_[j]).toBe(Infinity);
          else expect(Math.abs(t.idf_[j]! - (v as number)) / (v as number)).toBeLessThan(float32 ? 1e-6 : 1e-12);
        }
      }
    }
  });
});

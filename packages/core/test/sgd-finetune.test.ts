/**
 * Fine-tuning a loaded model (partialFit on coefficients from setCoefficients, several calls), against
 * live scikit-learn 1.2.1, value for value. A loaded model of known support trains on a compact w (X's
 * stored columns and the model's non-zero ones; estimators/sgd/weight-support.ts): these runs give it
 * non-zeros in columns X never stores, -0s, mid-call wscale folds and a wscale that reaches zero.
 */
import { CsrMatrix, type LinearCoefficients, SGDClassifier, SGDRegressor, isIcepickleError } from '@icepickle/core';
import { csrFromFixture, hasSklearn, loadFixture, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { setWasmSgdKernel } from '../src/wasm-kernel/sgd-rows.js';

const imdb = loadFixture('sgd/data/imdb200.json');
/** imdb200's 4,096 hashed columns spread over 2^16 (column j to 16 j): a support well under a quarter of w. */
const WIDTH = 1 << 16;
const X = spread(csrFromFixture(imdb.X));
const y = imdb.y as number[];
const y3 = y.map((v, i) => (i % 3 === 0 ? 2 : v));
const yRegression = (imdb.y_regression ?? imdb.y) as number[];
/**
 * Rows of each partialFit call: new documents, then documents the pre-trained model has seen, then the
 * same again (X then brings no column outside the support: WasmSparseRows.compact's shortcut).
 */
const BATCHES: [number, number][] = [
  [120, 160],
  [160, 200],
  [0, 40],
  [0, 40],
];

function spread(m: CsrMatrix): CsrMatrix {
  const indices = Int32Array.from(m.indices.subarray(0, m.nnz), (j) => j * 16);
  return new CsrMatrix({ indptr: m.indptr, indices, data: m.data.subarray(0, m.nnz), shape: [m.shape[0], WIDTH] });
}

/**
 * Pre-trained on the first 120 documents, then non-zeros added in columns no document stores (a model
 * trained on other data) and -0s in others.
 */
function pretrained(labels: number[], regressor = false): LinearCoefficients {
  const model = regressor
    ? new SGDRegressor({ maxIter: 3, tol: null, shuffle: false })
    : new SGDClassifier({ maxIter: 3, tol: null, shuffle: false });
  const base = model.fit(X.sliceRows(0, 120), labels.slice(0, 120)).getCoefficients();
  const coef = base.coef.slice();
  for (let j = 3; j < coef.length; j += 101) if (coef[j] === 0) coef[j] = 1e-3 * Math.sin(j);
  for (let j = 5; j < coef.length; j += 211) if (coef[j] === 0) coef[j] = -0;
  return { ...base, coef };
}

interface Step {
  t: number;
  intercept: number[];
  nonzero: [number, number][];
  negative_zeros: number[];
}

const PY = String.raw`
import json, sys, warnings
import numpy as np, scipy.sparse as sp
from sklearn.linear_model import SGDClassifier, SGDRegressor
warnings.simplefilter('ignore')
d = json.load(sys.stdin)
X = sp.csr_matrix((np.array(d['data']), np.array(d['indices']), np.array(d['indptr'])), shape=d['shape'])
regressor = d['classes'] is None
y = np.array(d['y'], dtype=np.float64 if regressor else np.int64)
coef = np.zeros(d['coef_shape'])
flat = coef.reshape(-1)
for j, v in d['nonzero']: flat[j] = v
for j in d['negative_zeros']: flat[j] = -0.0
m = (SGDRegressor if regressor else SGDClassifier)(**d['params'])
m.coef_, m.intercept_ = coef, np.array(d['intercept'], dtype=np.float64)
if not regressor: m.classes_ = np.array(d['classes'])
steps = []
for a, b in d['batches']:
    m.partial_fit(X[a:b], y[a:b])
    w = m.coef_.reshape(-1)
    nz = np.flatnonzero(w)
    steps.append({'t': m.t_, 'intercept': m.intercept_.tolist(),
                  'nonzero': [[int(j), float(w[j])] for j in nz],
                  'negative_zeros': [int(j) for j in np.flatnonzero((w == 0) & np.signbit(w))]})
print(json.dumps(steps))
`;

function sklearnSteps(
  params: Record<string, unknown>,
  c: LinearCoefficients,
  labels: number[],
  classes: number[] | null,
) {
  const nonzero: [number, number][] = [];
  const negativeZeros: number[] = [];
  c.coef.forEach((v, j) => {
    if (v !== 0) nonzero.push([j, v]);
    else if (Object.is(v, -0)) negativeZeros.push(j);
  });
  return runPythonCode<Step[]>(PY, {
    shape: X.shape,
    indptr: Array.from(X.indptr),
    indices: Array.from(X.indices.subarray(0, X.nnz)),
    data: Array.from(X.data.subarray(0, X.nnz)),
    y: labels,
    coef_shape: c.coefShape,
    nonzero,
    negative_zeros: negativeZeros,
    intercept: Array.from(c.intercept),
    classes,
    params,
    batches: BATCHES,
  });
}

/** Positions where ours and scikit-learn's coef_ differ (sign of zero included). */
function differences(ours: Float64Array, step: Step): number[] {
  const expected = new Float64Array(ours.length);
  for (const [j, v] of step.nonzero) expected[j] = v;
  for (const j of step.negative_zeros) expected[j] = -0;
  const out: number[] = [];
  for (let j = 0; j < ours.length; j++) if (!Object.is(ours[j], expected[j])) out.push(j);
  return out;
}

type Kind = 'binary' | 'multiclass' | 'regressor';
const CASES: [string, Record<string, unknown>, Kind][] = [
  ['log_loss, l2 (the fine-tuning bench row)', { loss: 'log_loss' }, 'binary'],
  ['hinge, l1', { penalty: 'l1' }, 'binary'],
  ['modified_huber, elasticnet', { loss: 'modified_huber', penalty: 'elasticnet', l1_ratio: 0.3 }, 'binary'],
  ['log_loss, wscale folds mid-call', { loss: 'log_loss', alpha: 0.3, learning_rate: 'constant', eta0: 0.5 }, 'binary'],
  ['hinge, wscale folds mid-call', { alpha: 0.3, learning_rate: 'constant', eta0: 0.5 }, 'binary'],
  ['hinge, wscale reaches zero', { alpha: 2, learning_rate: 'constant', eta0: 1 }, 'binary'],
  ['one-vs-rest, elasticnet', { penalty: 'elasticnet' }, 'multiclass'],
  [
    'one-vs-rest, log_loss, l1, invscaling',
    { loss: 'log_loss', penalty: 'l1', learning_rate: 'invscaling', eta0: 0.1 },
    true,
  ],
  ['regressor, squared_error, invscaling (the defaults)', {}, 'regressor'],
  [
    'regressor, huber, elasticnet, optimal',
    { loss: 'huber', penalty: 'elasticnet', learning_rate: 'optimal' },
    'regressor',
  ],
  [
    'regressor, epsilon_insensitive, l1, wscale folds',
    { loss: 'epsilon_insensitive', penalty: 'l1', alpha: 0.3, learning_rate: 'constant', eta0: 0.5 },
    'regressor',
  ],
];

const camel = (params: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k.replace(/_(.)/g, (_m, c: string) => c.toUpperCase()), v]),
  );

describe.runIf(hasSklearn())('fine-tuning loaded coefficients matches scikit-learn 1.2.1 exactly', () => {
  for (const [name, params, kind] of CASES) {
    it(name, () => {
      const labels = kind === 'multiclass' ? y3 : kind === 'regressor' ? yRegression : y;
      const classes = kind === 'multiclass' ? [0, 1, 2] : kind === 'regressor' ? null : [0, 1];
      const c = pretrained(labels, kind === 'regressor');
      const expected = sklearnSteps({ ...params, shuffle: false }, c, labels, classes);
      for (const wasm of [true, false]) {
        setWasmSgdKernel(wasm);
        try {
          const options = { ...camel(params), shuffle: false };
          const model = kind === 'regressor' ? new SGDRegressor(options) : new SGDClassifier(options);
          model.setCoefficients(c);
          BATCHES.forEach(([a, b], i) => {
            model.partialFit(X.sliceRows(a, b), labels.slice(a, b));
            const got = model.getCoefficients();
            expect(differences(got.coef, expected[i]!), `call ${i + 1}, wasm ${wasm}`).toEqual([]);
            expect(Array.from(got.intercept)).toEqual(expected[i]!.intercept);
            expect(model.t_).toBe(expected[i]!.t);
          });
        } finally {
          setWasmSgdKernel(true);
        }
      }
    });
  }
});

describe('fine-tuning refuses bad input and leaves the model as it was', () => {
  it('NaN in X: INVALID_INPUT, coefficients and t_ unchanged', () => {
    const c = pretrained(y);
    const clf = new SGDClassifier({ loss: 'log_loss', shuffle: false }).setCoefficients(c);
    clf.partialFit(X.sliceRows(120, 160), y.slice(120, 160));
    const before = clf.getCoefficients();
    const t = clf.t_;
    const bad = X.sliceRows(160, 200);
    bad.data[bad.nnz - 1] = Number.NaN;
    let error: unknown;
    try {
      clf.partialFit(bad, y.slice(160, 200));
    } catch (e) {
      error = e;
    }
    expect(isIcepickleError(error) && error.code).toBe('INVALID_INPUT');
    const after = clf.getCoefficients();
    expect(after.coef.every((v, j) => Object.is(v, before.coef[j]))).toBe(true);
    expect(Array.from(after.intercept)).toEqual(Array.from(before.intercept));
    expect(clf.t_).toBe(t);
    // and the model goes on as if the bad call had not been made
    clf.partialFit(X.sliceRows(160, 200), y.slice(160, 200));
    const straight = new SGDClassifier({ loss: 'log_loss', shuffle: false }).setCoefficients(c);
    straight.partialFit(X.sliceRows(120, 160), y.slice(120, 160)).partialFit(X.sliceRows(160, 200), y.slice(160, 200));
    expect(clf.getCoefficients().coef).toEqual(straight.getCoefficients().coef);
  });

  it('an infinite loaded weight in a column X never stores: the epoch check refuses it, as scikit-learn', () => {
    const c = pretrained(y);
    const coef = c.coef.slice();
    coef[7] = Number.POSITIVE_INFINITY;
    const clf = new SGDClassifier({ shuffle: false }).setCoefficients({ ...c, coef });
    let error: unknown;
    try {
      clf.partialFit(X.sliceRows(120, 160), y.slice(120, 160));
    } catch (e) {
      error = e;
    }
    expect(isIcepickleError(error) && error.code).toBe('INVALID_INPUT');
    expect(isIcepickleError(error) && error.detail).toMatch(/^Floating-point under-\/overflow occurred at epoch #1/);
  });
});

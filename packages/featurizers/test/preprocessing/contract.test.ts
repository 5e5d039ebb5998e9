/**
 * The step contract of issue 16 for the four table transformers: options (unknown and bad ones refused),
 * scikit-learn parameter names both ways, fitted state out and back in with every attribute checked, typed
 * errors for bad input, and use inside core's pipeline.
 */
import {
  CsrMatrix,
  type DenseMatrix,
  type IcepickleErrorCode,
  SGDClassifier,
  isIcepickleError,
  makePartialPipeline,
} from '@icepickle/core';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler } from '../../src/index.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectError(fn: () => unknown, code: IcepickleErrorCode, detail?: RegExp): void {
  const error = thrown(fn);
  expect(isIcepickleError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  if (detail) expect((error as { detail: string }).detail).toMatch(detail);
}

const X = [
  [1, -2, 3, 0.5],
  [4, 0, -6, 0.5],
  [0.25, 8, 9, 0.5],
  [-3, 1, 2, 0.5],
];

const CLASSES = [
  {
    Class: StandardScaler,
    sklearn: { copy: true, with_mean: true, with_std: true },
    custom: { withMean: false },
  },
  {
    Class: MinMaxScaler,
    sklearn: { copy: true, feature_range: [0, 1], clip: false },
    custom: { featureRange: [-2, 5] as const, clip: true },
  },
  { Class: MaxAbsScaler, sklearn: { copy: true }, custom: { copy: false } },
  { Class: Normalizer, sklearn: { copy: true, norm: 'l2' }, custom: { norm: 'max' as const } },
] as const;

describe.each(CLASSES)('$Class.name: the step contract', ({ Class, sklearn, custom }) => {
  const make = (params?: object) => new (Class as unknown as new (p?: object) => StandardScaler)(params);

  it("has scikit-learn's class name and get_params() names and defaults", () => {
    expect(make().className).toBe(Class.name);
    expect(make().toSklearnParams()).toEqual(sklearn);
    expect(JSON.parse(JSON.stringify(make(custom).toSklearnParams()))).toEqual(make(custom).toSklearnParams());
  });

  it('rebuilds the same options from toSklearnParams()', () => {
    const ours = make(custom);
    const again = (Class as unknown as { fromSklearnParams(p: object): StandardScaler }).fromSklearnParams(
      ours.toSklearnParams(),
    );
    expect(again.getParams()).toEqual(ours.getParams());
  });

  it('refuses unknown options, listing the valid ones', () => {
    expectError(() => make({ withMeans: true }), 'INVALID_PARAMETER', /unknown option "withMeans"; valid options are/);
    expectError(
      () => (Class as unknown as { fromSklearnParams(p: object): unknown }).fromSklearnParams({ ...sklearn, bogus: 1 }),
      'INVALID_PARAMETER',
      /unknown scikit-learn parameter "bogus"/,
    );
    expectError(() => make({ copy: 'yes' }), 'INVALID_PARAMETER', /copy must be true or false/);
  });

  it('throws NotFittedError for the state before fit', () => {
    expectError(() => make().getFittedState(), 'NOT_FITTED');
    expect(make().nFeaturesIn_).toBeUndefined();
  });

  it('round-trips its fitted state: same transform, nFeaturesIn_, copies not views', () => {
    const fitted = make(custom).fit(X);
    const state = fitted.getFittedState();
    const loaded = make(custom).setFittedState(state);
    expect(loaded.nFeaturesIn_).toBe(4);
    expect(loaded.transform(X)).toEqual(fitted.transform(X));
    for (const v of Object.values(state)) if (v instanceof Float64Array) v.fill(Number.NaN);
    expect(fitted.transform(X)).toEqual(loaded.transform(X));
  });

  it("names its output features as scikit-learn's OneToOneFeatureMixin", () => {
    expectError(() => make().getFeatureNamesOut(), 'NOT_FITTED');
    const fitted = make(custom).fit(X);
    expect(fitted.getFeatureNamesOut()).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(fitted.getFeatureNamesOut(['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
    expectError(() => fitted.getFeatureNamesOut(['a']), 'INVALID_INPUT', /4 strings/);
  });

  it('refuses a state with the wrong number of features, keeping the one it had', () => {
    const fitted = make(custom).fit(X);
    const before = fitted.getFittedState();
    expectError(() => fitted.setFittedState({ ...before, nFeaturesIn_: 0 }), 'INVALID_INPUT', /nFeaturesIn_/);
    expectError(() => fitted.setFittedState({ ...before, nFeaturesIn_: 2.5 }), 'INVALID_INPUT', /nFeaturesIn_/);
    if (Object.values(before).some((v) => v instanceof Float64Array)) {
      expectError(
        () => fitted.setFittedState({ ...before, nFeaturesIn_: 5 }),
        'INVALID_INPUT',
        /has 4 values but nFeaturesIn_ is 5/,
      );
    }
    expect(fitted.getFittedState()).toEqual(before);
  });

  it('checks X: SHAPE_MISMATCH for another number of features, INVALID_INPUT for bad cells', () => {
    const fitted = make(custom).fit(X);
    expectError(() => fitted.transform([[1, 2, 3]]), 'SHAPE_MISMATCH', /X has 3 features, but .* is expecting 4/);
    expectError(() => fitted.transform([[1, 2, '3', 4]] as never), 'INVALID_INPUT', /X\[0\]\[2\] is the string "3"/);
    expectError(() => fitted.transform([[1, 2, null, 4]] as never), 'INVALID_INPUT', /X\[0\]\[2\] is null/);
    expectError(
      () => fitted.transform([[1, 2, Number.POSITIVE_INFINITY, 4]]),
      'INVALID_INPUT',
      /infinity at row 0, column 2/,
    );
    expectError(() => fitted.transform([1, 2, 3, 4] as never), 'INVALID_INPUT', /2-D/);
    expectError(
      () =>
        fitted.transform([
          [1, 2, 3, 4],
          [1, 2],
        ]),
      'INVALID_INPUT',
      /ragged/,
    );
    expectError(() => make(custom).fit([]), 'INVALID_INPUT', /0 samples/);
    expectError(() => make(custom).fit('abc' as never), 'INVALID_INPUT');
  });

  it("sits in core's pipeline before a linear model", () => {
    const y = [0, 1, 0, 1];
    const pipe = makePartialPipeline(make(custom), new SGDClassifier({ randomState: 0, maxIter: 5, tol: null }));
    pipe.fit(X, y);
    const direct = new SGDClassifier({ randomState: 0, maxIter: 5, tol: null }).fit(make(custom).fitTransform(X), y);
    expect(pipe.predict(X)).toEqual(direct.predict(make(custom).fit(X).transform(X)));
  });
});

describe('StandardScaler specifics', () => {
  it("refuses CSR with withMean (scikit-learn's 'Cannot center sparse matrices')", () => {
    const csr = CsrMatrix.fromDense(X);
    expectError(() => new StandardScaler().fit(csr), 'INVALID_INPUT', /cannot center sparse matrices/);
    const dense = new StandardScaler().fit(X);
    expectError(() => dense.transform(csr), 'INVALID_INPUT', /withMean: false/);
    expectError(() => dense.inverseTransform(csr), 'INVALID_INPUT', /uncenter/);
  });

  it('keeps CSR sparse and float32 float32', () => {
    const csr = new CsrMatrix({ ...CsrMatrix.fromDense(X), data: Float32Array.from(CsrMatrix.fromDense(X).data) });
    const out = new StandardScaler({ withMean: false }).fitTransform(csr) as CsrMatrix;
    expect(out).toBeInstanceOf(CsrMatrix);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.indices).toEqual(csr.indices);
  });

  it('checks sample weights', () => {
    expectError(() => new StandardScaler().fit(X, undefined, { sampleWeight: [1, 2] }), 'SHAPE_MISMATCH');
    expectError(() => new StandardScaler().fit(X, undefined, { sampleWeight: [1, 2, Number.NaN, 1] }), 'INVALID_INPUT');
  });

  it('refuses NaN, negative or zero scales and a var_ or mean_ that the options rule out', () => {
    const fitted = new StandardScaler().fit(X);
    const s = fitted.getFittedState();
    const bad = (name: string, value: unknown, pattern: RegExp) =>
      expectError(() => new StandardScaler().setFittedState({ ...s, [name]: value }), 'INVALID_INPUT', pattern);
    bad('scale_', Float64Array.of(1, Number.NaN, 1, 1), /scale_\[1\] is NaN; it must be a finite number > 0/);
    bad('scale_', Float64Array.of(1, -2, 1, 1), /scale_\[1\] is -2/);
    bad('scale_', Float64Array.of(1, 1, 0, 1), /scale_\[2\] is 0/);
    bad('scale_', Float64Array.of(1, 1, 1), /scale_ has 3 values but nFeaturesIn_ is 4/);
    bad('scale_', null, /scale_ is missing when withStd is true/);
    bad('var_', Float64Array.of(1, -1, 1, 1), /var_\[1\]/);
    bad('mean_', Float64Array.of(1, Number.POSITIVE_INFINITY, 1, 1), /mean_\[1\] is Infinity/);
    bad('nSamplesSeen_', -1, /nSamplesSeen_/);
    bad('nSamplesSeen_', Float64Array.of(4, 4), /nSamplesSeen_ has 2 values/);
    expectError(
      () => new StandardScaler({ withStd: false }).setFittedState(s),
      'INVALID_INPUT',
      /var_ must be null when withStd is false/,
    );
    expectError(() => new StandardScaler().setFittedState(null as never), 'INVALID_INPUT', /must be an object/);
  });

  it('continues a partial fit from a loaded state as from its own', () => {
    const a = new StandardScaler().partialFit(X.slice(0, 2));
    const b = new StandardScaler().setFittedState(a.getFittedState());
    a.partialFit(X.slice(2));
    b.partialFit(X.slice(2));
    expect(b.getFittedState()).toEqual(a.getFittedState());
    expect(a.getFittedState()).toEqual(new StandardScaler().fit(X).getFittedState());
  });
});

describe('MinMaxScaler, MaxAbsScaler and Normalizer specifics', () => {
  it('MinMaxScaler: checks featureRange, refuses CSR, zero or NaN scales and dataMax_ < dataMin_', () => {
    expectError(() => new MinMaxScaler({ featureRange: [1, 0] }), 'INVALID_PARAMETER', /smaller than maximum/);
    expectError(() => new MinMaxScaler({ featureRange: [0] as never }), 'INVALID_PARAMETER', /two finite numbers/);
    expectError(() => new MinMaxScaler().fit(CsrMatrix.fromDense(X)), 'INVALID_INPUT', /MaxAbsScaler instead/);
    const s = new MinMaxScaler().fit(X).getFittedState();
    const bad = (patch: object, pattern: RegExp) =>
      expectError(() => new MinMaxScaler().setFittedState({ ...s, ...patch }), 'INVALID_INPUT', pattern);
    bad({ scale_: Float64Array.of(1, 0, 1, 1) }, /scale_\[1\] is 0/);
    bad({ scale_: Float64Array.of(1, 1, Number.NaN, 1) }, /scale_\[2\] is NaN/);
    bad({ dataMax_: Float64Array.of(-10, 8, 9, 0.5) }, /dataMax_\[0\] \(-10\) is below dataMin_\[0\]/);
    bad({ dataRange_: [1, 2, -3, 4] }, /dataRange_\[2\] is -3/);
  });

  it('MaxAbsScaler: refuses negative maxAbs_ and zero scale_; CSR stays CSR', () => {
    const s = new MaxAbsScaler().fit(X).getFittedState();
    expectError(
      () => new MaxAbsScaler().setFittedState({ ...s, maxAbs_: Float64Array.of(1, -1, 1, 1) }),
      'INVALID_INPUT',
      /maxAbs_\[1\]/,
    );
    expectError(
      () => new MaxAbsScaler().setFittedState({ ...s, scale_: Float64Array.of(1, 1, 1, 0) }),
      'INVALID_INPUT',
      /scale_\[3\] is 0/,
    );
    expect(new MaxAbsScaler().fitTransform(CsrMatrix.fromDense(X))).toBeInstanceOf(CsrMatrix);
  });

  it('Normalizer: stateless, transforms unfitted, refuses NaN and bad norms', () => {
    const n = new Normalizer({ norm: 'l1' });
    expect(n.stateless).toBe(true);
    expect((n.transform([[1, 3]]) as DenseMatrix).data).toEqual(Float64Array.of(0.25, 0.75));
    expectError(
      () => n.transform([[1, Number.NaN]]),
      'INVALID_INPUT',
      /NaN at row 0, column 1; Normalizer does not accept missing values/,
    );
    expectError(() => new Normalizer({ norm: 'l3' as never }), 'INVALID_PARAMETER', /norm must be one of/);
  });
});

describe.runIf(hasSklearn())("toSklearnParams() is scikit-learn's get_params()", () => {
  const live = runPythonCode<Record<string, Record<string, unknown>>>(
    [
      'import json',
      'from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler',
      'est = [StandardScaler(with_mean=False), MinMaxScaler(feature_range=(-2, 5), clip=True), MaxAbsScaler(), Normalizer(norm="max")]',
      'print(json.dumps({type(e).__name__: {k: list(v) if isinstance(v, tuple) else v for k, v in e.get_params().items()} for e in est}))',
    ].join('\n'),
  );
  it.each([
    new StandardScaler({ withMean: false }),
    new MinMaxScaler({ featureRange: [-2, 5], clip: true }),
    new MaxAbsScaler(),
    new Normalizer({ norm: 'max' }),
  ])('$className', (ours) => {
    expect(ours.toSklearnParams()).toEqual(live[ours.className]);
  });
});

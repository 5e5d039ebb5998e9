import {
  CsrMatrix,
  type Logger,
  PassiveAggressiveRegressor,
  Perceptron,
  SGDClassifier,
  SGDRegressor,
} from '@icepickle/core';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { pyFixed } from '../src/estimators/sgd/verbose.js';

const X = [
  [0, 1, 2],
  [1, 0, 0.5],
  [2, 2, 0],
  [0, 0, 1],
  [1, 1, 1],
  [2, 0, 1],
  [0.5, 1.5, 0],
  [1.5, 0, 2],
];
const yBinary = [0, 1, 1, 0, 1, 0, 1, 0];
const yMulti = [0, 1, 2, 0, 1, 2, 1, 0];
const yReal = [0.5, 1, 2, -1, 0.25, 3, 1.5, -0.5];

interface Case {
  name: string;
  cls: 'SGDClassifier' | 'SGDRegressor' | 'Perceptron' | 'PassiveAggressiveRegressor';
  sk: Record<string, unknown>;
  y: number[];
  sparse?: boolean;
}

const CASES: Case[] = [
  { name: 'binary hinge, tol=None', cls: 'SGDClassifier', sk: { max_iter: 4, tol: null }, y: yBinary },
  { name: 'converges (tol=0.1)', cls: 'SGDClassifier', sk: { max_iter: 100, tol: 0.1 }, y: yBinary },
  {
    name: 'multiclass log_loss, averaged, CSR',
    cls: 'SGDClassifier',
    sk: { loss: 'log_loss', average: true, max_iter: 3, tol: null },
    y: yMulti,
    sparse: true,
  },
  { name: 'regressor, verbose=2', cls: 'SGDRegressor', sk: { max_iter: 3, tol: null, verbose: 2 }, y: yReal },
  { name: 'Perceptron', cls: 'Perceptron', sk: { max_iter: 3, tol: null }, y: yBinary },
  { name: 'PassiveAggressiveRegressor', cls: 'PassiveAggressiveRegressor', sk: { max_iter: 2, tol: null }, y: yReal },
];

const CAMEL: Record<string, string> = {
  max_iter: 'maxIter',
  loss: 'loss',
  average: 'average',
  tol: 'tol',
  verbose: 'verbose',
};
const CTORS = { SGDClassifier, SGDRegressor, Perceptron, PassiveAggressiveRegressor };

/** Times differ run to run: "0.01 seconds" becomes "<t> seconds". */
const untimed = (line: string): string => line.replace(/\d+\.\d\d seconds/, '<t> seconds');

function ours(c: Case): { infos: string[]; warns: string[] } {
  const infos: string[] = [];
  const warns: string[] = [];
  const logger: Logger = { info: (m) => infos.push(m), warn: (m) => warns.push(m) };
  const params: Record<string, unknown> = { shuffle: false, verbose: 1, logger };
  for (const [k, v] of Object.entries(c.sk)) params[CAMEL[k]!] = v;
  const model = new CTORS[c.cls](params as never);
  (model as { fit(X: unknown, y: number[]): unknown }).fit(c.sparse ? CsrMatrix.fromDense(X) : X, c.y);
  return { infos, warns };
}

describe.runIf(hasSklearn())("verbose prints scikit-learn 1.2.1's lines through the logger", () => {
  const reference = runPythonCode<string[][]>(
    String.raw`
import contextlib, io, json, sys, warnings
import scipy.sparse as sp
from sklearn.linear_model import SGDClassifier, SGDRegressor, Perceptron, PassiveAggressiveRegressor
d = json.load(sys.stdin)
out = []
for c in d["cases"]:
    cls = {"SGDClassifier": SGDClassifier, "SGDRegressor": SGDRegressor, "Perceptron": Perceptron,
           "PassiveAggressiveRegressor": PassiveAggressiveRegressor}[c["cls"]]
    params = dict(shuffle=False, verbose=1); params.update(c["sk"])
    X = sp.csr_matrix(d["X"]) if c.get("sparse") else d["X"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cls(**params).fit(X, c["y"])
    out.append(buf.getvalue().splitlines())
print(json.dumps(out))
`,
    { X, cases: CASES },
  );
  for (const [i, c] of CASES.entries()) {
    it(c.name, () => {
      const { infos } = ours(c);
      expect(reference[i]!.length).toBeGreaterThan(2);
      expect(infos.map(untimed)).toEqual(reference[i]!.map(untimed));
    });
  }
});

describe('verbose output plumbing', () => {
  it('verbose 0 is silent; the default logger is console', () => {
    const c = CASES[0]!;
    expect(ours({ ...c, sk: { ...c.sk, verbose: 0 } }).infos).toEqual([]);
    expect(new SGDClassifier().logger).toBe(console);
  });

  it("pyFixed rounds as Python's %-format (half to even on the exact value, -0 keeps its sign)", () => {
    expect([0.125, 0.375, 2.675, 1.005, -0.001].map((x) => pyFixed(x, 2))).toEqual([
      '0.12',
      '0.38',
      '2.67',
      '1.00',
      '-0.00',
    ]);
    expect(pyFixed(-0, 6)).toBe('-0.000000');
    expect([0.5, 1.5, 2.5].map((x) => pyFixed(x, 0))).toEqual(['0', '2', '2']);
    expect(pyFixed(12.3456789, 6)).toBe('12.345679');
  });
});

import { describe, expect, it } from 'vitest';
import {
  KFold,
  ParameterGrid,
  ParameterSampler,
  StratifiedKFold,
  isIcepickleError,
  loguniform,
  randint,
  uniform,
} from '@icepickle/core';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';

/** Several label patterns: ordered blocks, interleaved, rare classes, strings, order of appearance ≠ sorted. */
function yPatterns(): Record<string, (number | string)[]> {
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
  return {
    blocks: [...Array(10).fill(0), ...Array(7).fill(1), ...Array(6).fill(2)],
    interleaved: Array.from({ length: 23 }, (_v, i) => i % 3),
    appearance: [2, 2, 0, 1, 2, 0, 0, 1, 1, 2, 0, 2, 1, 1, 0, 0, 2, 2, 1, 0, 2],
    rare: [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 2, 2, 2, 2, 2],
    strings: ['b', 'a', 'c', 'a', 'b', 'b', 'c', 'a', 'a', 'c', 'b', 'a', 'c', 'c', 'b', 'a', 'b'],
    random: Array.from({ length: 57 }, () => Math.floor(rand() * 4)),
    binary: Array.from({ length: 31 }, () => (rand() < 0.3 ? 1 : 0)),
  };
}

const PY_FOLDS = String.raw`
import json, sys, warnings
import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold
warnings.simplefilter("ignore")
req = json.load(sys.stdin)
out = {}
for name, y in req["patterns"].items():
    X = np.zeros((len(y), 1))
    for k in req["splits"]:
        for kind, cv in [("kfold", KFold(k)), ("strat", StratifiedKFold(k)),
                         ("kfold_shuffle", KFold(k, shuffle=True, random_state=7)),
                         ("strat_shuffle", StratifiedKFold(k, shuffle=True, random_state=3))]:
            try:
                out[f"{name}/{kind}/{k}"] = [[tr.tolist(), te.tolist()] for tr, te in cv.split(X, np.asarray(y))]
            except ValueError as e:
                out[f"{name}/{kind}/{k}"] = "error"
print(json.dumps(out))
`;

describe.runIf(hasSklearn())('folds equal scikit-learn 1.2.1', () => {
  const patterns = yPatterns();
  const splits = [2, 3, 5, 7];
  const expected = runPythonCode<Record<string, [number[], number[]][] | 'error'>>(PY_FOLDS, { patterns, splits });

  for (const [name, y] of Object.entries(patterns)) {
    it(`${name}: KFold and StratifiedKFold (no shuffle and seeded shuffle) for nSplits ${splits.join(', ')}`, () => {
      const X = y.map(() => [0]);
      for (const k of splits) {
        const cvs = {
          kfold: new KFold({ nSplits: k }),
          strat: new StratifiedKFold({ nSplits: k }),
          kfold_shuffle: new KFold({ nSplits: k, shuffle: true, randomState: 7 }),
          strat_shuffle: new StratifiedKFold({ nSplits: k, shuffle: true, randomState: 3 }),
        };
        for (const [kind, cv] of Object.entries(cvs)) {
          const want = expected[`${name}/${kind}/${k}`];
          if (want === 'error') {
            expect(() => cv.split(X, y), `${name}/${kind}/${k}`).toThrow();
            continue;
          }
          const got = cv.split(X, y).map(([tr, te]) => [Array.from(tr), Array.from(te)]);
          expect(got, `${name}/${kind}/${k}`).toEqual(want);
        }
      }
    });
  }
});

describe('StratifiedKFold input checks', () => {
  it('more folds than members of every class is a typed error; fewer than the least populated class warns', () => {
    const y = [0, 0, 1, 1, 1];
    try {
      new StratifiedKFold({ nSplits: 4 }).split(
        y.map(() => [0]),
        y,
      );
      expect.unreachable();
    } catch (e) {
      expect(isIcepickleError(e, 'INVALID_INPUT')).toBe(true);
      expect(String(e)).toMatch(/nSplits=4 cannot be greater than the number of members in each class/);
    }
    const cv = new StratifiedKFold({ nSplits: 3 });
    cv.split(
      y.map(() => [0]),
      y,
    );
    expect(cv.warning).toMatch(/only 2 members, which is less than nSplits=3/);
    expect(() => new KFold({ nSplits: 1 })).toThrow(/at least one train\/test split/);
    expect(() => new KFold({ nSplits: 3, randomState: 1 })).toThrow(/no effect since shuffle is false/);
    expect(() => new KFold({ nSplits: 6 }).split([[1], [2], [3]])).toThrow(/greater than the number of samples/);
    expect(() => new StratifiedKFold({ nSplits: 2 }).split([[1], [2], [3]], [0.5, 1, 0])).toThrow(
      /binary and multiclass/,
    );
  });
});

const PY_GRID = String.raw`
import json, sys, warnings
from sklearn.model_selection import ParameterGrid, ParameterSampler
warnings.simplefilter("ignore")
req = json.load(sys.stdin)
from scipy.stats import uniform, randint, loguniform
out = {"grids": [list(ParameterGrid(g)) for g in req["grids"]],
       "samples": [list(ParameterSampler(g, n_iter=n, random_state=s)) for g, n, s in req["samples"]],
       "dists": list(ParameterSampler({"a": uniform(0.5, 2), "b": [1, 2, 3], "c": randint(3, 9), "d": loguniform(1e-4, 1e-1)}, 25, random_state=0))}
print(json.dumps(out, default=float))
`;

describe.runIf(hasSklearn())('ParameterGrid and ParameterSampler equal scikit-learn', () => {
  // Grids with snake_case keys, so scikit-learn sees the same names we do.
  const grids = [
    { alpha: [1e-5, 1e-4, 1e-3], loss: ['hinge', 'log_loss'], penalty: ['l2', 'elasticnet'] },
    [{ C: [0.1, 1], fit_intercept: [true, false] }, { max_iter: [5, 10, 20] }, { tol: [null] }],
    { b: [1], a: [2, 3], l1_ratio: [0.1, 0.5], l1: ['x', 'y'], Z: [0, 1] },
  ];
  const samples: [object, number, number][] = [
    [{ a: [1, 2, 3, 4, 5], b: ['x', 'y', 'z'] }, 4, 0],
    [{ a: [1, 2, 3, 4, 5], b: ['x', 'y', 'z'] }, 10, 42],
    [{ a: [1, 2, 3, 4, 5], b: ['x', 'y', 'z'] }, 20, 1],
    [{ a: Array.from({ length: 50 }, (_v, i) => i), b: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, 3, 5],
    [{ a: Array.from({ length: 100 }, (_v, i) => i) }, 99, 5],
    [[{ a: [1, 2] }, { b: [3, 4, 5] }], 4, 11],
  ];
  const expected = runPythonCode<{
    grids: object[][];
    samples: object[][];
    dists: { a: number; b: number; c: number; d: number }[];
  }>(PY_GRID, { grids, samples });

  it('grid order: sorted keys, itertools.product, list of grids', () => {
    grids.forEach((g, i) => {
      const grid = new ParameterGrid(g as never);
      expect(grid.toArray()).toEqual(expected.grids[i]);
      expect(grid.length).toBe(expected.grids[i]!.length);
      // at(i) agrees with iteration, and JSON key order follows the sorted keys.
      expect(grid.toArray().map((p) => Object.keys(p))).toEqual(expected.grids[i]!.map((p) => Object.keys(p)));
    });
  });

  it('camelCase keys sort by their scikit-learn names', () => {
    const first = new ParameterGrid({ l1Ratio: [0.1], l1: [1], learningRate: ['optimal'] }).at(0);
    expect(Object.keys(first)).toEqual(['l1', 'l1Ratio', 'learningRate']);
    expect(Object.keys(new ParameterGrid({ l1x: [0.1], l1Ratio: [1] }).at(0))).toEqual(['l1Ratio', 'l1x']);
  });

  it("list-only sampling draws scikit-learn's candidates for an integer seed (permutation, tracking, reservoir)", () => {
    samples.forEach(([g, n, seed], i) => {
      expect(new ParameterSampler(g as never, n, { randomState: seed }).toArray(), `sample ${i}`).toEqual(
        expected.samples[i],
      );
    });
    const capped = new ParameterSampler({ a: [1, 2, 3, 4, 5], b: ['x', 'y', 'z'] }, 20, { randomState: 1 });
    expect(capped.length).toBe(15);
    expect(capped.warning).toMatch(/total space of parameters 15 is smaller than nIter=20/);
  });

  it("uniform and randint draw exactly what scipy draws in scikit-learn's sampler; loguniform to an ulp", () => {
    const ours = new ParameterSampler(
      { a: uniform(0.5, 2), b: [1, 2, 3], c: randint(3, 9), d: loguniform(1e-4, 1e-1) },
      25,
      { randomState: 0 },
    ).toArray();
    expect(ours.map(({ a, b, c }) => ({ a, b, c }))).toEqual(expected.dists.map(({ a, b, c }) => ({ a, b, c })));
    ours.forEach((p, i) =>
      expect(Math.abs((p.d as number) - expected.dists[i]!.d) / expected.dists[i]!.d).toBeLessThanOrEqual(4e-16),
    );
  });

  it('distributions: seeded and reproducible, in range', () => {
    const draw = () =>
      new ParameterSampler({ alpha: loguniform(1e-6, 1e-2), n: randint(1, 4), loss: ['hinge', 'log_loss'] }, 30, {
        randomState: 9,
      }).toArray();
    const a = draw();
    expect(draw()).toEqual(a);
    for (const p of a) {
      expect(p.alpha).toBeGreaterThanOrEqual(1e-6);
      expect(p.alpha).toBeLessThan(1e-2);
      expect([1, 2, 3]).toContain(p.n);
    }
    expect(new Set(a.map((p) => p.n)).size).toBe(3);
  });

  it('bad grids are typed errors', () => {
    expect(() => new ParameterGrid({ a: [] })).toThrow(/non-empty array/);
    expect(() => new ParameterGrid({ a: 3 } as never)).toThrow(/must be an array/);
    expect(() => new ParameterSampler({ a: [1] }, 0)).toThrow(/nIter/);
  });
});

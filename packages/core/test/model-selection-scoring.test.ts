import { describe, expect, it } from 'vitest';
import {
  balancedAccuracyScore,
  f1Score,
  logLoss,
  meanAbsoluteError,
  precisionRecallFscore,
  getScorer,
  isIcepickleError,
  meanSquaredError,
  rankMin,
  rocAucScore,
} from '@icepickle/core';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';

/** A named scorer applied to fixed predictions (what GridSearchCV computes for each split). */
const viaScorer = (name: 'accuracy' | 'r2', yTrue: number[], pred: number[]) =>
  getScorer(name)({ predict: () => pred, fit: () => undefined } as never, [] as never, yTrue) as Promise<number>;

let seed = 99;
const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;

const PY = String.raw`
import json, sys, warnings
import numpy as np
from scipy.stats import rankdata
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score, r2_score, mean_squared_error
warnings.simplefilter("ignore")
req = json.load(sys.stdin)
out = {"auc": [], "f1": [], "acc": [], "r2": [], "mse": [], "rank": [], "mean": [], "std": []}
for t, s in req["auc"]:
    out["auc"].append(float(roc_auc_score(np.array(t), np.array(s))))
for t, p in req["cls"]:
    out["f1"].append(float(f1_score(np.array(t), np.array(p))))
    out["acc"].append(float(accuracy_score(np.array(t), np.array(p))))
for t, p in req["reg"]:
    out["r2"].append(float(r2_score(np.array(t), np.array(p))))
    out["mse"].append(float(mean_squared_error(np.array(t), np.array(p))))
for m in req["rank"]:
    a = np.array([np.nan if v is None else v for v in m], dtype=float)
    if np.isnan(a).all():
        out["rank"].append([1] * len(a))
    else:
        a = np.nan_to_num(a, nan=np.nanmin(a) - 1)
        out["rank"].append(rankdata(-a, method="min").astype(int).tolist())
for row in req["moments"]:
    a = np.array([row], dtype=float)
    m = np.average(a, axis=1)
    out["mean"].append(float(m[0]))
    out["std"].append(float(np.sqrt(np.average((a - m[:, np.newaxis]) ** 2, axis=1))[0]))
print(json.dumps(out))
`;

describe.runIf(hasSklearn())('scorers equal scikit-learn 1.2.1', () => {
  // Scores with many ties (rounded), binary labels in several encodings.
  const auc: [number[], number[]][] = [];
  for (const [n, levels] of [
    [10, 3],
    [40, 5],
    [200, 17],
    [333, 1000],
    [50, 2],
  ] as const) {
    const t = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
    t[0] = 0;
    t[1] = 1;
    auc.push([t, Array.from({ length: n }, (_v, i) => Math.round((rand() + t[i]! * 0.3) * levels) / levels - 0.5)]);
  }
  auc.push([
    [-1, 1, 1, -1, 1],
    [0.1, 0.1, 0.1, 0.1, 0.1],
  ]);
  auc.push([
    [3, 7, 7, 3, 7, 3],
    [0.5, 0.2, 0.9, 0.1, 0.5, 0.5],
  ]);
  const cls: [number[], number[]][] = [];
  for (const n of [7, 30, 129, 513]) {
    cls.push([
      Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0)),
      Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0)),
    ]);
  }
  cls.push([
    [0, 0, 0],
    [0, 0, 0],
  ]);
  cls.push([
    [1, 0, 1],
    [0, 0, 0],
  ]);
  const reg: [number[], number[]][] = [];
  for (const n of [3, 9, 130, 300]) {
    const t = Array.from({ length: n }, () => rand() * 10 - 3);
    reg.push([t, t.map((v) => v + (rand() - 0.5))]);
  }
  const rank = [
    [0.5, 0.7, 0.5, 0.9, 0.7],
    [0.1, null, 0.3, null],
    [null, null],
    [1, 1, 1],
    [0.8, 0.8000000000000002, 0.8],
  ];
  const moments = [
    [0.8, 0.85, 0.9, 0.95, 1],
    [0.1, 0.2, 0.3],
    Array.from({ length: 12 }, () => rand()),
    Array.from({ length: 300 }, () => rand() * 1e6),
    [1e16, ...Array(20).fill(1)],
  ];
  const ref = runPythonCode<{
    auc: number[];
    f1: number[];
    acc: number[];
    r2: number[];
    mse: number[];
    rank: number[][];
    mean: number[];
    std: number[];
  }>(PY, { auc, cls, reg, rank, moments });

  it('roc_auc with ties, drop_intermediate and labels other than 0/1', () => {
    auc.forEach(([t, s], i) =>
      expect(Math.abs(rocAucScore(t, s) - ref.auc[i]!), `case ${i}`).toBeLessThanOrEqual(1e-15),
    );
  });
  it('f1 (binary, pos_label=1) including zero division, and accuracy', async () => {
    for (const [i, [t, p]] of cls.entries()) {
      expect(f1Score(t, p), `f1 ${i}`).toBe(ref.f1[i]);
      expect(await viaScorer('accuracy', t, p), `acc ${i}`).toBe(ref.acc[i]);
    }
  });
  it('r2 and mean squared error', async () => {
    for (const [i, [t, p]] of reg.entries()) {
      expect(Math.abs((await viaScorer('r2', t, p)) - ref.r2[i]!)).toBeLessThanOrEqual(1e-15);
      expect(meanSquaredError(t, p)).toBe(ref.mse[i]);
    }
  });
  it('rank_test_score: method=min, NaN ranked last, all-NaN all 1', () => {
    expect(rank.map((m) => rankMin(m.map((v) => v ?? Number.NaN)))).toEqual(ref.rank);
  });
  it('mean and std of split scores sum like numpy (bit for bit)', async () => {
    const { buildCvResults } = await import('../src/model-selection/cv-results.js');
    moments.forEach((row, i) => {
      const results = row.map((v, f) => ({ candidate: 0, fold: f, testScore: v, fitTime: 0, scoreTime: 0 }));
      const r = buildCvResults([{ a: 1 }], results, row.length, false);
      expect(r.mean_test_score[0], `mean ${i}`).toBe(ref.mean[i]);
      expect(r.std_test_score[0], `std ${i}`).toBe(ref.std[i]);
    });
  });
});

describe('scorer errors', () => {
  it('are typed and say why', () => {
    expect(() => getScorer('neg_brier_score' as never)).toThrow(/unknown scoring "neg_brier_score"/);
    expect(() => f1Score([0, 1, 2], [0, 1, 1])).toThrow(/multiclass/);
    expect(() => f1Score(['a', 'b'], ['a', 'a'])).toThrow(/pos_label=1 is not a valid label/);
    try {
      rocAucScore([1, 1, 1], [0.1, 0.2, 0.3]);
      expect.unreachable();
    } catch (e) {
      expect(isIcepickleError(e, 'INVALID_INPUT')).toBe(true);
      expect(String(e)).toMatch(/only one class/);
    }
  });
});

const PY_MORE = String.raw`
import json, sys, warnings
import numpy as np
from sklearn.metrics import precision_recall_fscore_support, balanced_accuracy_score, mean_absolute_error, log_loss
warnings.simplefilter("ignore")
req = json.load(sys.stdin)
out = []
for t, p in req["cls"]:
    row = {"balanced": float(balanced_accuracy_score(t, p))}
    for avg in ["micro", "macro", "weighted"] + (["binary"] if set(t) | set(p) <= {0, 1} else []):
        pr, rc, f, _ = precision_recall_fscore_support(t, p, average=avg)
        row[avg] = [float(pr), float(rc), float(f)]
    out.append(row)
ll = []
for t, p in req["proba"]:
    p = np.array(p)
    ll.append(float(log_loss(t, p[:, 1] if p.shape[1] == 2 else p)))
print(json.dumps({"cls": out, "mae": [float(mean_absolute_error(t, p)) for t, p in req["reg"]], "ll": ll}))
`;

describe.runIf(hasSklearn())('more scorers equal scikit-learn 1.2.1', () => {
  const cls: [(number | string)[], (number | string)[]][] = [];
  for (const [n, k] of [
    [12, 2],
    [40, 3],
    [150, 5],
    [9, 4],
  ] as const) {
    cls.push([
      Array.from({ length: n }, () => Math.floor(rand() * k)),
      Array.from({ length: n }, () => Math.floor(rand() * k)),
    ]);
  }
  cls.push([
    ['a', 'b', 'c', 'a', 'b'],
    ['a', 'c', 'c', 'd', 'b'],
  ]);
  cls.push([
    [0, 0, 0, 0],
    [1, 1, 0, 0],
  ]);
  const reg = [
    [
      [1, 2, 3.5],
      [1.5, 2, 2],
    ],
    [Array.from({ length: 200 }, () => rand()), Array.from({ length: 200 }, () => rand())],
  ];
  const proba: [(number | string)[], number[][]][] = [];
  for (const [n, k] of [
    [20, 2],
    [50, 3],
    [7, 2],
  ] as const) {
    const rows = Array.from({ length: n }, () => {
      const r = Array.from({ length: k }, () => rand() ** 3);
      const sum = r.reduce((a, b) => a + b, 0);
      return r.map((v) => v / sum);
    });
    rows[0] = k === 2 ? [1, 0] : [1, 0, 0];
    proba.push([Array.from({ length: n }, (_v, i) => (i < k ? i : Math.floor(rand() * k))), rows]);
  }
  proba.push([
    ['no', 'yes', 'yes', 'no'],
    [
      [0.2, 0.8],
      [0.5, 0.5],
      [1e-20, 1],
      [0.9, 0.1],
    ],
  ]);
  const ref = runPythonCode<{ cls: Record<string, number | number[]>[]; mae: number[]; ll: number[] }>(PY_MORE, {
    cls,
    reg,
    proba,
  });

  it('precision / recall / f1 with micro, macro, weighted and binary averages; balanced accuracy; MAE', () => {
    cls.forEach(([t, p], i) => {
      const want = ref.cls[i]!;
      expect(Math.abs(balancedAccuracyScore(t, p) - (want.balanced as number)), `balanced ${i}`).toBeLessThanOrEqual(
        1e-15,
      );
      for (const avg of ['micro', 'macro', 'weighted', 'binary'] as const) {
        if (!(avg in want)) continue;
        const got = precisionRecallFscore(t, p, avg);
        const [pr, rc, f] = want[avg] as number[];
        expect([got.precision, got.recall, got.f1], `${avg} ${i}`).toEqual([pr, rc, f]);
      }
    });
    reg.forEach(([t, p], i) => expect(meanAbsoluteError(t!, p!)).toBe(ref.mae[i]));
    proba.forEach(([t, p], i) =>
      expect(Math.abs(logLoss(t, p) - ref.ll[i]!), `log loss ${i}`).toBeLessThanOrEqual(1e-14),
    );
    expect(() => getScorer('f1_samples' as never)).toThrow(/unknown scoring/);
  });
});

import {
  CsrMatrix,
  DenseMatrix,
  LinearRegression,
  LogisticRegression,
  PartialFeatureUnion,
  PartialPipeline,
  isIcepickleError,
  makePartialPipeline,
  makePartialUnion,
  type PipelinePartialFitOptions,
} from '@icepickle/core';
import { loadFixture } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

/** A tiny stateless featurizer: word-length counts hashed into `width` columns, CSR like HashingVectorizer. */
class LengthHasher {
  calls: string[] = [];
  constructor(
    readonly width: number,
    readonly offset = 0,
  ) {}
  fit(): this {
    this.calls.push('fit');
    return this;
  }
  partialFit(): this {
    this.calls.push('partialFit');
    return this;
  }
  transform(docs: string[]): CsrMatrix {
    this.calls.push('transform');
    const rows = docs.map((d) => {
      const row = new Array<number>(this.width).fill(0);
      for (const w of d.split(/\s+/).filter(Boolean)) row[(w.length + this.offset) % this.width]! += 1;
      return row;
    });
    return CsrMatrix.fromDense(rows, this.width);
  }
}

/** A dense transformer without partialFit. */
class Scaler {
  readonly className = 'StandardScaler';
  transform(X: DenseMatrix): DenseMatrix {
    return new DenseMatrix(
      X.data.map((v) => v * 2),
      X.shape,
    );
  }
}

/** A final step that records what partialFit receives and predicts the row sums' sign. */
class Recorder {
  readonly className = 'Recorder';
  seen: { nCols: number; y: unknown; options: PipelinePartialFitOptions }[] = [];
  partialFit(X: CsrMatrix, y: unknown, options: PipelinePartialFitOptions = {}): this {
    this.seen.push({ nCols: X.shape[1], y, options });
    return this;
  }
  predict(X: CsrMatrix): number[] {
    return X.toDense().map((r) => (r.reduce((a, b) => a + b, 0) > 3 ? 1 : 0));
  }
}

const texts = [
  'i really like this post',
  'thanks for that comment',
  'i enjoy this friendly forum',
  'this is a bad post',
  'i dislike this article',
  'this is not well written',
];
const y = [1, 1, 1, 0, 0, 0];

describe('makePartialPipeline / makePartialUnion naming (scikit-learn _name_estimators)', () => {
  it('names steps by lower-cased class name, -1/-2 for duplicates', () => {
    const pipe = makePartialPipeline(
      makePartialUnion(new LengthHasher(8), new LengthHasher(4)),
      new LogisticRegression(),
    );
    expect(pipe.steps.map(([n]) => n)).toEqual(['partialfeatureunion', 'logisticregression']);
    const union = pipe.steps[0]![1] as PartialFeatureUnion;
    expect(union.transformerList.map(([n]) => n)).toEqual(['lengthhasher-1', 'lengthhasher-2']);
    expect(
      makePartialUnion(new LengthHasher(2), new Scaler(), new LengthHasher(2), new LengthHasher(3)).transformerList.map(
        ([n]) => n,
      ),
    ).toEqual(['lengthhasher-1', 'standardscaler', 'lengthhasher-2', 'lengthhasher-3']);
  });
});

describe('PartialPipeline', () => {
  it('partialFit updates each transformer, transforms, and hands the final step classes and options', () => {
    const a = new LengthHasher(8);
    const b = new LengthHasher(4, 1);
    const rec = new Recorder();
    const pipe = makePartialPipeline(makePartialUnion(a, b), rec);
    pipe.partialFit(texts, y, { classes: [0, 1] });
    pipe.partialFit(texts.slice(0, 2), y.slice(0, 2), { classes: [0, 1], sampleWeight: [1, 2] });
    expect(a.calls).toEqual(['partialFit', 'transform', 'partialFit', 'transform']);
    expect(rec.seen).toHaveLength(2);
    expect(rec.seen[0]!.nCols).toBe(12);
    expect(rec.seen[0]!.options).toEqual({ classes: [0, 1] });
    expect(rec.seen[1]!.options).toEqual({ classes: [0, 1], sampleWeight: [1, 2] });
    expect(rec.seen[1]!.y).toEqual([1, 1]);
    expect(pipe.predict(texts)).toEqual(
      rec.predict((pipe.steps[0]![1] as PartialFeatureUnion).transform(texts) as CsrMatrix),
    );
  });

  it('a step without partialFit is a NOT_SUPPORTED error naming it, raised before anything is updated', () => {
    const hasher = new LengthHasher(8);
    const rec = new Recorder();
    const pipe = new PartialPipeline([
      ['hash', hasher],
      ['scale', new Scaler()],
      ['clf', rec],
    ]);
    try {
      pipe.partialFit(texts, y, { classes: [0, 1] });
      throw new Error('expected an error');
    } catch (e) {
      expect(isIcepickleError(e, 'NOT_SUPPORTED')).toBe(true);
      expect((e as Error).message).toContain("step 'scale' (StandardScaler) does not implement partialFit");
    }
    expect(hasher.calls).toEqual([]);
    expect(rec.seen).toEqual([]);
    // The same inside a union.
    const union = new PartialFeatureUnion([
      ['words', new LengthHasher(4)],
      ['scaled', new Scaler() as never],
    ]);
    expect(() => union.partialFit(texts)).toThrow(/step 'scaled' \(StandardScaler\) does not implement partialFit/);
  });

  it('fit / predict / predictProba / decisionFunction / score pass through to a real LogisticRegression', () => {
    const union = makePartialUnion(new LengthHasher(8), new LengthHasher(5, 2));
    const pipe = makePartialPipeline(union, new LogisticRegression({ C: 10 }));
    pipe.fit(texts, y);
    const X = union.transform(texts) as CsrMatrix;
    expect(X.shape).toEqual([6, 13]);
    const direct = new LogisticRegression({ C: 10 }).fit(X, y);
    expect(pipe.predict(texts)).toEqual(direct.predict(X));
    expect(pipe.predictProba(texts)).toEqual(direct.predictProba(X));
    expect(pipe.decisionFunction(texts)).toEqual(direct.decisionFunction(X));
    expect(pipe.score(texts, y)).toBe(direct.score(X, y));
    expect(pipe.classes_).toEqual([0, 1]);
    expect(pipe.namedSteps.logisticregression).toBe(pipe.finalEstimator);
    // A final step without partialFit cannot be updated incrementally.
    expect(() => pipe.partialFit(texts, y, { classes: [0, 1] })).toThrow(
      /step 'logisticregression' \(LogisticRegression\) does not implement partialFit/,
    );
  });

  it('transform runs every step; dense parts are stacked densely, any sparse part makes the union CSR', () => {
    const rows = [
      [1, 2],
      [3, 4],
    ];
    const dense = new PartialFeatureUnion([
      ['a', new Scaler()],
      ['b', new Scaler()],
    ]).transform(DenseMatrix.fromRows(rows));
    expect(dense).toBeInstanceOf(DenseMatrix);
    expect((dense as DenseMatrix).toRows()).toEqual([
      [2, 4, 2, 4],
      [6, 8, 6, 8],
    ]);
    const pipe = new PartialPipeline([
      ['hash', new LengthHasher(3)],
      ['union', makePartialUnion(new LengthHasher(2) as never)],
    ]);
    expect(() => pipe.transform(texts)).toThrow();
  });

  it('LinearRegression as a final step (fit and score)', () => {
    const data = loadFixture<{ X: number[][]; y: number[] }>('optimum/data/diabetes.json');
    const pipe = new PartialPipeline([
      ['scale', new Scaler()],
      ['ols', new LinearRegression()],
    ]);
    const X = DenseMatrix.fromRows(data.X);
    pipe.fit(X, data.y);
    const direct = new LinearRegression().fit(new Scaler().transform(X), data.y);
    expect(pipe.predict(X)).toEqual(direct.predict(new Scaler().transform(X)));
    expect(pipe.score(X, data.y)).toBeCloseTo(direct.score(new Scaler().transform(X), data.y), 14);
  });

  it('bad step lists are INVALID_PARAMETER errors', () => {
    const rec = new Recorder();
    expect(() => new PartialPipeline([]).predict(texts)).toThrow(/non-empty/);
    expect(() =>
      new PartialPipeline([
        ['a', new LengthHasher(2)],
        ['a', rec],
      ]).partialFit(texts, y),
    ).toThrow(/not unique/);
    expect(() => new PartialPipeline([['a__b', rec]]).partialFit(texts, y)).toThrow(/must not contain __/);
  });
});

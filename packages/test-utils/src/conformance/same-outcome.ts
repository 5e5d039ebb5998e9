/**
 * One parser decides for every backend (issue 17): hdf5-js describes each file before h5wasm or
 * libhdf5 sees it, so the backends must end every file the same way, with the same code, and read
 * the same values from the files they accept, loading whole (eager) and predicting lazily.
 * `outcomeOf` gives one backend's answer for one file; `sameOutcome` compares every backend's.
 */
import { type Source, type StorageBackend, isIcepickleError } from '@icepickle/core';
import { type CorpusEstimator, loadWhole, probeRow, withLazyModel } from '../corpus-load.js';

/** How one path ended: the IcepickleError code (UNTYPED for anything else thrown), or OK with values. */
export interface PathOutcome {
  code: string;
  /** OK: what was read, as exact bit patterns (so NaN and -0 compare too). */
  values?: string;
  detail?: string;
}

export interface FileOutcome {
  eager: PathOutcome;
  lazy: PathOutcome;
}

/** Every float64 as its 16 hex digits: equal strings mean identical values. */
function bits(values: ArrayLike<number>): string {
  const f = Float64Array.from(values as ArrayLike<number>);
  return Array.from(new BigUint64Array(f.buffer), (b) => b.toString(16).padStart(16, '0')).join(' ');
}

function failed(error: unknown): PathOutcome {
  if (isIcepickleError(error)) return { code: error.code, detail: error.message };
  return { code: 'UNTYPED', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

async function eager(source: Source, backend: StorageBackend, estimator: CorpusEstimator): Promise<PathOutcome> {
  try {
    const c = (await loadWhole(source, backend, estimator)).getCoefficients();
    const classes = c.classes ? ` classes ${JSON.stringify(c.classes.map(String))}` : '';
    return { code: 'OK', values: `coef ${c.coefShape} ${bits(c.coef)} intercept ${bits(c.intercept)}${classes}` };
  } catch (error) {
    return failed(error);
  }
}

/** Opens lazily and scores one row touching the first, middle and last columns (decision function, or a regressor's prediction). */
async function lazy(source: Source, backend: StorageBackend): Promise<PathOutcome> {
  try {
    return await withLazyModel(source, backend, async (model) => {
      const n = model.nFeaturesIn_;
      if (n === 0) return { code: 'OK', values: 'no features' };
      const X = probeRow(n, (k) => 1 + k / 4);
      // regressors have no decision function: their prediction is the linear value
      const scores = await model
        .decisionFunction(X)
        .catch((error: unknown) =>
          isIcepickleError(error, 'NOT_SUPPORTED') ? model.predict(X) : Promise.reject(error),
        );
      return { code: 'OK', values: `decision ${bits((scores as Array<number | number[]>).flat() as number[])}` };
    });
  } catch (error) {
    return failed(error);
  }
}

/** One backend's outcome for one file, from a fresh private copy of its bytes, or from its path. */
export async function outcomeOf(
  file: string | Uint8Array,
  backend: StorageBackend,
  estimator: CorpusEstimator,
): Promise<FileOutcome> {
  const source = (): Source => (typeof file === 'string' ? file : file.slice());
  return { eager: await eager(source(), backend, estimator), lazy: await lazy(source(), backend) };
}

/** The outcomes of every backend, and the names of those that differ from the first (codes, then values). */
export async function sameOutcome(
  file: string | Uint8Array,
  backends: Record<string, StorageBackend>,
  estimator: CorpusEstimator,
): Promise<{ outcomes: Record<string, FileOutcome>; differ: string[] }> {
  const outcomes: Record<string, FileOutcome> = {};
  for (const [name, backend] of Object.entries(backends)) outcomes[name] = await outcomeOf(file, backend, estimator);
  const key = (o: FileOutcome) => JSON.stringify([o.eager.code, o.eager.values, o.lazy.code, o.lazy.values]);
  const [first, ...rest] = Object.keys(outcomes);
  const differ = rest.filter((name) => key(outcomes[name]!) !== key(outcomes[first!]!));
  return { outcomes, differ };
}

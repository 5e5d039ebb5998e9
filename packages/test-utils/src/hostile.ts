import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Source, type StorageBackend, isIcepickleError } from '@icepickle/core';
import { type CorpusEstimator, loadWhole, probeRow, withLazyModel } from './corpus-load.js';

/** The hostile corpus written by fixtures/generate_hostile.py. */
export const hostileDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile');

export interface HostileCase {
  /** IcepickleError code, or null for a control file that must load. */
  code: string | null;
  /** The lazy path's code (openLinearModel, then a prediction) where it differs from `code`. */
  lazy?: string | null;
  rule: string;
  estimator: CorpusEstimator;
  why: string;
}

export function hostileCases(): Record<string, HostileCase> {
  return (JSON.parse(readFileSync(join(hostileDir, 'expected.json'), 'utf8')) as { files: Record<string, HostileCase> })
    .files;
}

export interface HostileOutcome {
  /** The IcepickleError code, 'OK' for a model that loaded, or 'UNTYPED' for anything else thrown. */
  code: string;
  message: string;
  object?: string | undefined;
}

/** Loads one file as a model with the strict profile's defaults and reports how it ended. */
export async function loadHostile(
  source: Source,
  backend: StorageBackend,
  estimator: CorpusEstimator = 'classifier',
): Promise<HostileOutcome> {
  try {
    const model = await loadWhole(source, backend, estimator);
    return { code: 'OK', message: `loaded coef (${model.getCoefficients().coefShape.join(', ')})` };
  } catch (error) {
    return outcomeOf(error);
  }
}

/**
 * Opens one file as a lazy model and predicts one row touching its first, middle and last columns: the
 * column reads (chunk indexes walked from the bytes, direct reads) that loading the whole model skips.
 */
export async function predictLazily(source: Source, backend: StorageBackend): Promise<HostileOutcome> {
  try {
    return await withLazyModel(source, backend, async (lazy) => {
      const n = lazy.nFeaturesIn_;
      if (n > 0) await lazy.predict(probeRow(n, () => 1));
      return { code: 'OK', message: `predicted from ${n} features` };
    });
  } catch (error) {
    return outcomeOf(error);
  }
}

/** How a call that threw ended: its IcepickleError code, or UNTYPED with the whole error. */
function outcomeOf(error: unknown): HostileOutcome {
  if (isIcepickleError(error)) return { code: error.code, message: error.message, object: error.object };
  return {
    code: 'UNTYPED',
    message: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error),
  };
}

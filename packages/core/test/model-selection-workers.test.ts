import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Worker threads for real: a child process (with the TypeScript hooks, which workers inherit) runs a
 * HashingVectorizer + SGDClassifier pipeline search at nJobs 1 and 2. The pipeline's stateless
 * featurizer runs once per ngramRange setting on the main thread and the SGD fits run on the workers;
 * every split score must equal the single-thread run's.
 */
const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'fixtures', 'search-workers', 'child.mjs');
const register = join(here, '..', '..', 'test-utils', 'src', 'ts-register.mjs');

interface Run {
  splits: number[][];
  rank: number[];
  best: object;
  predictions: number[];
  warnings: string[];
  userNgramRange: number[];
}

describe('a pipeline search on worker threads', () => {
  it('gives the single-thread results, with the featurizer run once per setting and the fits on workers', () => {
    const proc = spawnSync(process.execPath, ['--conditions=@icepickle/source', '--import', register, child], {
      cwd: dirname(child),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(proc.status, proc.stderr).toBe(0);
    const runs = JSON.parse(proc.stdout) as Record<'1' | '2' | '2-again', Run>;
    expect(runs['2'].warnings).toEqual([]); // no "running on this thread" fallback
    expect(runs['2'].splits).toEqual(runs['1'].splits);
    expect(runs['2'].rank).toEqual(runs['1'].rank);
    expect(runs['2'].best).toEqual(runs['1'].best);
    expect(runs['2'].predictions).toEqual(runs['1'].predictions);
    // a second search reuses the idle workers (new data sent to them): the same results again
    expect(runs['2-again']).toEqual(runs['2']);
    // 8 candidates, and they do not all score alike (the test can tell them apart)
    expect(new Set(runs['1'].splits.flat()).size).toBeGreaterThan(2);
    // the search configures copies: the user's featurizer keeps its own ngramRange
    expect(runs['1'].userNgramRange).toEqual([1, 1]);
    expect(runs['2'].userNgramRange).toEqual([1, 1]);
  });
});

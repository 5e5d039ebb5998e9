import { type Progress, SGDClassifier, type StorageBackend } from '@icepickle/core';
import { expect } from 'vitest';

/** A deterministic stream in [0, 1) (tests only). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** 3 classes × 5,000 features of float64: 120 kB of coef, several blocks at a 10 kB block size. */
export function classifier3x5000(): SGDClassifier {
  const r = lcg(7);
  return new SGDClassifier({ loss: 'log_loss' }).setCoefficients({
    coef: Float64Array.from({ length: 3 * 5000 }, () => r() * 2 - 1),
    coefShape: [3, 5000],
    intercept: Float64Array.of(0.5, -0.25, 0.125),
    interceptShape: [3],
    classes: ['a', 'b', 'c'],
  });
}

/**
 * Everything of a file that two writes of it must share: each node's attributes (but created_at), each
 * dataset's listing (dtype, shape, chunks, filters) and values.
 */
export async function fileContents(storage: StorageBackend, path: string): Promise<Record<string, unknown>> {
  const file = await storage.open(path);
  try {
    const out: Record<string, unknown> = {};
    for (const node of file.list()) {
      const { created_at: _created, ...attrs } = file.attrs(node.path) as Record<string, unknown>;
      out[`${node.path}@attrs`] = attrs;
      if (node.kind !== 'dataset') continue;
      const { dtype, shape, chunks, filters } = node;
      out[node.path] = { dtype, shape, chunks, filters, data: Array.from((await file.read(node.path)).data as never) };
    }
    return out;
  } finally {
    await file.close();
  }
}

/** What every job's reports must be: done 0 first, monotonic, at most ~100 in between, total last. */
export function expectWellFormed(calls: Progress[], unit: string, total?: number): void {
  expect(calls.length).toBeGreaterThanOrEqual(2);
  expect(calls.length).toBeLessThanOrEqual(102);
  expect(calls[0]!.done).toBe(0);
  for (let i = 1; i < calls.length; i++) expect(calls[i]!.done).toBeGreaterThan(calls[i - 1]!.done);
  const last = calls[calls.length - 1]!;
  expect(last.done).toBe(last.total);
  if (total !== undefined) expect(last.total).toBe(total);
  for (const c of calls) {
    expect(c.unit).toBe(unit);
    expect(c.total).toBe(last.total);
  }
}

import type { Progress } from '@icepickle/core';
import { expect } from 'vitest';

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

/** Conformance, attrs(): the contract's attribute types, on groups and datasets; links and missing paths refused. */
import { describe, expect, it } from 'vitest';
import { codeOf, type Suite } from './suite.js';

export function attrsTests(s: Suite): void {
  describe('attrs()', () => {
    readsRootAttributes(s);
    readsNestedAttributes(s);
    refusesMissingAndLinkedAttributes(s);
  });
}

function readsRootAttributes(s: Suite): void {
  it('reads root attributes: strings, numbers, booleans, arrays, int64 beyond 2^53 as bigint', async () => {
    const f = await s.open('dtypes.h5');
    expect(f.attrs()).toEqual(f.attrs('/'));
    expect(f.attrs('/')).toEqual({
      big: 2n ** 60n + 1n,
      f32: 1.5,
      fixed: 'fixed-ascii',
      flag: true,
      floats: [0.5, -1.5],
      format: 'icepickle-test',
      i32s: [7, 8],
      ints: [1, -2, 3],
      names: ['alpha', 'béta'],
      one: [42],
      ratio: 0.125,
      version: 3,
    });
  });
}

function readsNestedAttributes(s: Suite): void {
  it('reads attributes of groups and datasets, nested too', async () => {
    const f = await s.open('dtypes.h5');
    expect(f.attrs('/float64')).toEqual({ unit: 'm', scale: 2.5 });
    expect(f.attrs('/models')).toEqual({ count: 1 });
    expect(f.attrs('/models/a')).toEqual({ estimator: 'SGDClassifier' });
    expect(f.attrs('/models/a/coef')).toEqual({ rows: 2 });
    expect(f.attrs('/int64')).toEqual({});
  });
}

function refusesMissingAndLinkedAttributes(s: Suite): void {
  it('refuses missing objects (MISSING_DATASET) and links (UNSAFE_FILE)', async () => {
    const f = await s.open('dtypes.h5');
    expect(await codeOf(async () => f.attrs('/nope'))).toBe('MISSING_DATASET');
    const l = await s.open('links.h5');
    expect(await codeOf(async () => l.attrs('/soft'))).toBe('UNSAFE_FILE');
    expect(await codeOf(async () => l.attrs('/ext'))).toBe('UNSAFE_FILE');
    expect(await codeOf(async () => l.attrs('/soft_group/x'))).toBe('UNSAFE_FILE');
  });
}

import { IcepickleError } from '../errors.js';
import type { Label } from './metrics.js';

/** How class labels are stored on disk (h5py dtypes): `<i8`, `<f8`, UTF-8 strings, or bool. */
export type ClassDType = 'int64' | 'float64' | 'utf8' | 'bool';

/** Python compares str by code point; JS `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** numpy.unique: the sorted distinct labels (False before True). All numbers, all strings or all booleans. */
export function uniqueLabels<L extends Label>(y: ArrayLike<L>, name = 'y'): L[] {
  const kind = labelKind(y, name);
  const distinct = [...new Set(Array.from(y))];
  if (kind === 'string') return (distinct as string[]).sort(compareCodePoints) as L[];
  return (distinct as (number | boolean)[]).sort((a, b) => Number(a) - Number(b)) as L[];
}

export function labelKind(y: ArrayLike<Label>, name = 'y'): 'number' | 'string' | 'boolean' {
  let kind: 'number' | 'string' | 'boolean' | undefined;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    const t = typeof v;
    const k = t === 'number' || t === 'string' || t === 'boolean' ? (t as 'number' | 'string' | 'boolean') : undefined;
    if (k === undefined || (k === 'number' && !Number.isFinite(v as number))) {
      throw new IcepickleError('INVALID_INPUT', {
        detail: `${name}[${i}] is ${String(v)}: labels must be finite numbers, strings or booleans`,
      });
    }
    if (kind !== undefined && k !== kind) {
      throw new IcepickleError('INVALID_INPUT', { detail: `${name} mixes ${kind}s and ${k}s (at ${i})` });
    }
    kind = k;
  }
  return kind ?? 'number';
}

/** The on-disk dtype for a set of classes. */
export function classDType(classes: readonly Label[]): ClassDType {
  if (classes.some((c) => typeof c === 'string')) return 'utf8';
  if (classes.length > 0 && classes.every((c) => typeof c === 'boolean')) return 'bool';
  return classes.every((c) => Number.isInteger(c)) ? 'int64' : 'float64';
}

/** Position of each label of y in classes; an unknown label is an error naming it. */
export function encodeLabels(y: ArrayLike<Label>, classes: readonly Label[], name = 'y'): Int32Array {
  const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const k = index.get(y[i]!);
    if (k === undefined) {
      throw new IcepickleError('UNKNOWN_LABEL', {
        detail: `${name}[${i}] = ${JSON.stringify(y[i])} is not one of the classes [${classes.map((c) => JSON.stringify(c)).join(', ')}]`,
      });
    }
    out[i] = k;
  }
  return out;
}

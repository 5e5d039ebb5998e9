/**
 * Contiguous data over a remote source. h5py and Python icepickle store `coef` contiguously, row-major:
 * one feature's coefficients are n_classes values a whole row apart, so a column read fetches every row
 * it touches in full (the 2.27 GB model: all of it, for every new batch of columns). Over a local file
 * that is merely slow; over HTTP or R2 it moves the whole file per request. A source may therefore set
 * `rangeBudget`, and a read of contiguous data that would fetch more than it is refused up front,
 * with the way out: rewrite the file column-chunked (`icepickle convert`), where a column is one chunk.
 * Small contiguous files (within the budget) read as usual. Chunked data fetches only the chunks a
 * selection touches and is never held to the budget.
 */
import type { SelectionPlan } from '@icepickle/core/backend-kit';
import type { ByteSource } from './byte-source.js';
import type { DatasetHeader } from './dataset.js';
import { Refused } from './errors.js';

/** Default budget of httpSource and r2Source: well inside a Worker's 128 MB. */
export const DEFAULT_RANGE_BUDGET = 64 * 2 ** 20;

/** The command a refused contiguous read names: it rewrites the file with one small chunk per few features. */
export const CONVERT_ADVICE = 'icepickle convert --layout column-chunked <in.h5> <out.h5>';

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** Bytes a read of contiguous data fetches: every row it touches, whole (see read-dataset.ts). */
export function contiguousFetchBytes(h: DatasetHeader, plan: SelectionPlan): number {
  const shape = h.space.shape;
  const total = shape.reduce((a, b) => a * b, 1) * h.type.size;
  if (shape.length < 2 || shape[0] === 0) return total;
  const rows = plan.rows ? plan.rows[1] - plan.rows[0] : shape[0]!;
  return (total / shape[0]!) * rows;
}

/** Throws Refused (LIMIT_EXCEEDED) when reading `plan` of contiguous data would fetch over the source's budget. */
export function checkRangeBudget(source: ByteSource, h: DatasetHeader, plan: SelectionPlan): void {
  const budget = source.rangeBudget;
  if (budget === undefined || h.layout.layout !== 'contiguous' || plan.shape.includes(0)) return;
  const fetched = contiguousFetchBytes(h, plan);
  if (fetched <= budget) return;
  throw new Refused(
    'LIMIT_EXCEEDED',
    `this read of contiguous data would fetch ${mib(fetched)} over a range source whose budget is ${mib(budget)} ` +
      '(contiguous data is read a whole row at a time); rewrite the file with ' +
      `\`${CONVERT_ADVICE}\`, whose columns are read one small chunk each, or raise the source's rangeBudget`,
  );
}

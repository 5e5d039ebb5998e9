import { IcepickleError } from '../errors.js';
import type { DatasetInfo, Selection } from './types.js';

/** A validated selection: the result's shape, and the row range and columns to read. */
export interface SelectionPlan {
  /** The shape of the result. */
  shape: number[];
  /** The row range to read, [start, end). */
  rows?: [number, number];
  /** The columns to read, in order. */
  cols?: number[];
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Checks a selection against a dataset's shape: the contract's rules, shared by every backend so they
 * accept and refuse the same selections with the same INVALID_INPUT messages.
 */
export function planSelection(
  info: DatasetInfo,
  selection: Selection | undefined,
  label: string,
  scope: string,
): SelectionPlan {
  const shape = [...info.shape];
  if (!selection || (selection.rows === undefined && selection.cols === undefined)) return { shape };
  const bad = (what: string) =>
    new IcepickleError('INVALID_INPUT', {
      scope,
      file: label,
      detail: `selection on dataset "${info.path}" (shape [${shape.join(', ')}]): ${what}`,
      object: info.path,
    });
  const rank = shape.length;
  if (rank === 0) throw bad('a rank-0 dataset has no rows or columns');
  const plan: SelectionPlan = { shape };
  if (selection.rows !== undefined) {
    const r = selection.rows;
    if (!Array.isArray(r) || r.length !== 2 || !isIndex(r[0]) || !isIndex(r[1]))
      throw bad('rows must be [start, end) with non-negative integers');
    if (r[0] > r[1] || r[1] > shape[0]!) throw bad(`rows [${r[0]}, ${r[1]}) are outside [0, ${shape[0]}]`);
    plan.rows = [r[0], r[1]];
    shape[0] = r[1] - r[0];
  }
  if (selection.cols !== undefined) {
    const c = selection.cols;
    if (rank > 2) throw bad('cols needs a 1-D or 2-D dataset');
    if (rank === 1 && selection.rows !== undefined) throw bad('a 1-D dataset takes rows or cols, not both');
    const n = info.shape[rank - 1]!;
    if (!Array.isArray(c)) throw bad('cols must be an array of column indices');
    for (const j of c) if (!isIndex(j) || j >= n) throw bad(`column ${String(j)} is outside [0, ${n})`);
    plan.cols = [...c];
    shape[rank - 1] = c.length;
  }
  return plan;
}

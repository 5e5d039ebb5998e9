import {
  type AttrValue,
  type DatasetInfo,
  type DatasetToWrite,
  type LoadLimits,
  type StoredFile,
  compareCodePoints,
} from '@icepickle/core';
import { type StepRef, stepError } from './errors.js';
import { STATE_KEYS } from './keys.js';

/**
 * How each fitted attribute of the step contract is stored, and what a file must satisfy for it to be
 * accepted. Every kind reads sizes from the file's listing before reading data, and checks values after.
 */
export type StateField =
  /** `vocabulary_: Map<term, column>` ↔ `vocabulary_terms` (UTF-8) + `vocabulary_columns` (int64), in column order. */
  | { kind: 'vocabulary'; attr: 'vocabulary_' }
  /** A `Set<string>` ↔ a UTF-8 dataset, sorted by code point (absent: empty). */
  | { kind: 'terms'; attr: 'stopWords_' }
  /** A `Float64Array` ↔ a float64 dataset; `nullable`: absent means null. */
  | { kind: 'vector'; attr: VectorAttr; rule: 'finite' | 'nonNegative' | 'positive'; nullable: boolean }
  /** A non-negative integer ↔ an attribute of the step's group. */
  | { kind: 'count'; attr: 'nSamplesSeen_' | 'nFeaturesIn_' };

export type VectorAttr =
  | 'idf_'
  | 'mean_'
  | 'var_'
  | 'scale_'
  | 'min_'
  | 'dataMin_'
  | 'dataMax_'
  | 'dataRange_'
  | 'maxAbs_';

export interface ReadContext {
  file: StoredFile;
  limits: LoadLimits;
}

export function fieldContent(
  field: StateField,
  value: unknown,
  group: string,
): { datasets: DatasetToWrite[]; attrs: Record<string, AttrValue> } {
  const at = (key: string) => `${group}/${key}`;
  switch (field.kind) {
    case 'vocabulary': {
      const entries = [...(value as Map<string, number>)].sort((a, b) => a[1] - b[1]);
      const n = entries.length;
      return {
        datasets: [
          { path: at(STATE_KEYS.vocabularyTerms), array: { dtype: 'utf8', shape: [n], data: entries.map(([t]) => t) } },
          {
            path: at(STATE_KEYS.vocabularyColumns),
            array: { dtype: 'int64', shape: [n], data: BigInt64Array.from(entries, ([, c]) => BigInt(c)) },
          },
        ],
        attrs: {},
      };
    }
    case 'terms': {
      const terms = [...(value as Set<string>)].sort(compareCodePoints);
      const data = { dtype: 'utf8' as const, shape: [terms.length], data: terms };
      return { datasets: [{ path: at(STATE_KEYS[field.attr]), array: data }], attrs: {} };
    }
    case 'vector': {
      if (value === null || value === undefined) return { datasets: [], attrs: {} };
      const data = Float64Array.from(value as ArrayLike<number>);
      return {
        datasets: [{ path: at(STATE_KEYS[field.attr]), array: { dtype: 'float64', shape: [data.length], data } }],
        attrs: {},
      };
    }
    case 'count':
      return { datasets: [], attrs: { [STATE_KEYS[field.attr]]: value as number } };
  }
}

/** Reads one field of a step's state and checks it; throws a typed error naming the step and the object. */
export async function readField(ctx: ReadContext, ref: StepRef, field: StateField): Promise<unknown> {
  switch (field.kind) {
    case 'vocabulary':
      return readVocabulary(ctx, ref);
    case 'terms': {
      const info = dataset(ctx, ref, STATE_KEYS[field.attr], false);
      if (info === undefined) return new Set<string>();
      const terms = await readTerms(ctx, ref, info);
      const set = new Set(terms);
      if (set.size !== terms.length)
        throw stepError('INVALID_INPUT', ctx.file.label, ref, 'duplicate stop words', info.path);
      return set;
    }
    case 'vector':
      return readVector(ctx, ref, field);
    case 'count': {
      const key = STATE_KEYS[field.attr];
      const raw = ctx.file.attrs(ref.group)[key];
      const v = typeof raw === 'bigint' ? Number(raw) : raw;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
        throw stepError(
          'INVALID_INPUT',
          ctx.file.label,
          ref,
          `attribute ${key} must be a non-negative integer, got ${String(raw)}`,
        );
      }
      return v;
    }
  }
}

function dataset(ctx: ReadContext, ref: StepRef, key: string, required: boolean): DatasetInfo | undefined {
  const path = `${ref.group}/${key}`;
  const info = ctx.file.list().find((n): n is DatasetInfo => n.kind === 'dataset' && n.path === path);
  if (info === undefined && required) {
    throw stepError('MISSING_DATASET', ctx.file.label, ref, `dataset ${path} is missing`, path);
  }
  if (info !== undefined && info.shape.length !== 1) {
    throw stepError(
      'INVALID_SHAPE',
      ctx.file.label,
      ref,
      `dataset ${path} must be 1-D, got (${info.shape.join(', ')})`,
      path,
    );
  }
  return info;
}

async function readTerms(ctx: ReadContext, ref: StepRef, info: DatasetInfo): Promise<string[]> {
  const label = ctx.file.label;
  if (info.dtype !== 'utf8')
    throw stepError('INVALID_DTYPE', label, ref, `${info.path} must hold UTF-8 strings`, info.path);
  if (info.shape[0]! > ctx.limits.maxVocabularySize) {
    throw stepError(
      'LIMIT_EXCEEDED',
      label,
      ref,
      `${info.path} declares ${info.shape[0]} terms, over maxVocabularySize (${ctx.limits.maxVocabularySize})`,
      info.path,
    );
  }
  const terms = (await ctx.file.read(info.path)).data as readonly string[];
  for (const term of terms) {
    if (typeof term !== 'string')
      throw stepError('INVALID_DTYPE', label, ref, `${info.path} holds a non-string`, info.path);
    if (term.length > ctx.limits.maxTermLength) {
      throw stepError(
        'LIMIT_EXCEEDED',
        label,
        ref,
        `${info.path} holds a term of ${term.length} code units, over maxTermLength (${ctx.limits.maxTermLength})`,
        info.path,
      );
    }
  }
  return [...terms];
}

async function readVocabulary(ctx: ReadContext, ref: StepRef): Promise<Map<string, number>> {
  const label = ctx.file.label;
  const termsInfo = dataset(ctx, ref, STATE_KEYS.vocabularyTerms, true)!;
  const columnsInfo = dataset(ctx, ref, STATE_KEYS.vocabularyColumns, true)!;
  if (!/^u?int(8|16|32|64)$/.test(columnsInfo.dtype)) {
    throw stepError('INVALID_DTYPE', label, ref, `${columnsInfo.path} must hold integers`, columnsInfo.path);
  }
  if (columnsInfo.shape[0] !== termsInfo.shape[0]) {
    throw stepError(
      'INVALID_SHAPE',
      label,
      ref,
      `${columnsInfo.path} and ${termsInfo.path} differ in length`,
      columnsInfo.path,
    );
  }
  const terms = await readTerms(ctx, ref, termsInfo);
  const raw = (await ctx.file.read(columnsInfo.path)).data as ArrayLike<number | bigint>;
  const n = terms.length;
  const taken = new Uint8Array(n);
  const vocabulary = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const column = Number(raw[i]);
    if (!Number.isInteger(column) || column < 0 || column >= n || taken[column]) {
      throw stepError(
        'INVALID_INPUT',
        label,
        ref,
        `${columnsInfo.path} is not a permutation of 0..${n - 1} (column ${String(raw[i])} at ${i})`,
        columnsInfo.path,
      );
    }
    taken[column] = 1;
    if (vocabulary.has(terms[i]!)) {
      throw stepError(
        'INVALID_INPUT',
        label,
        ref,
        `${termsInfo.path} holds the term ${JSON.stringify(terms[i])} twice`,
        termsInfo.path,
      );
    }
    vocabulary.set(terms[i]!, column);
  }
  return vocabulary;
}

async function readVector(
  ctx: ReadContext,
  ref: StepRef,
  field: Extract<StateField, { kind: 'vector' }>,
): Promise<Float64Array | null> {
  const label = ctx.file.label;
  const info = dataset(ctx, ref, STATE_KEYS[field.attr], !field.nullable);
  if (info === undefined) return null;
  if (info.dtype !== 'float64' && info.dtype !== 'float32') {
    throw stepError('INVALID_DTYPE', label, ref, `${info.path} must be float64, got ${info.dtype}`, info.path);
  }
  const stored = (await ctx.file.read(info.path)).data as Float64Array | Float32Array;
  const values = Float64Array.from(stored);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const bad = Number.isNaN(v)
      ? 'NaN'
      : !Number.isFinite(v)
        ? 'infinite'
        : field.rule === 'nonNegative' && v < 0
          ? 'negative'
          : field.rule === 'positive' && v <= 0
            ? v === 0
              ? 'zero'
              : 'negative'
            : undefined;
    if (bad !== undefined) {
      const code = bad === 'NaN' || bad === 'infinite' ? 'NON_FINITE' : 'INVALID_INPUT';
      throw stepError(code, label, ref, `${info.path}[${i}] is ${bad} (${v})`, info.path);
    }
  }
  return values;
}

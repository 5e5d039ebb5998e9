import type { StepInput } from './codec.js';
import type { StateField } from './state-fields.js';

/**
 * The fitted state of each class of the step contract (step-contract.md), as stored. The order is the
 * order fields are read and written in.
 */
export const STEP_STATE: Record<string, { input: StepInput; fields: readonly StateField[] }> = {
  CountVectorizer: {
    input: 'text',
    fields: [
      { kind: 'vocabulary', attr: 'vocabulary_' },
      { kind: 'terms', attr: 'stopWords_' },
    ],
  },
  TfidfVectorizer: {
    input: 'text',
    fields: [
      { kind: 'vocabulary', attr: 'vocabulary_' },
      { kind: 'terms', attr: 'stopWords_' },
      // scikit-learn's idf is ln((1 + n) / (1 + df)) + 1 >= 1; zero is allowed, negative or NaN never
      { kind: 'vector', attr: 'idf_', rule: 'nonNegative', nullable: true },
    ],
  },
  TfidfTransformer: {
    input: 'numeric',
    fields: [{ kind: 'vector', attr: 'idf_', rule: 'nonNegative', nullable: true }],
  },
  StandardScaler: {
    input: 'numeric',
    fields: [
      { kind: 'vector', attr: 'mean_', rule: 'finite', nullable: true },
      { kind: 'vector', attr: 'var_', rule: 'nonNegative', nullable: true },
      // _handle_zeros_in_scale (sklearn/preprocessing/_data.py) turns zero scales into 1: never zero
      { kind: 'vector', attr: 'scale_', rule: 'positive', nullable: true },
      { kind: 'count', attr: 'nSamplesSeen_' },
      { kind: 'count', attr: 'nFeaturesIn_' },
    ],
  },
  MinMaxScaler: {
    input: 'numeric',
    fields: [
      { kind: 'vector', attr: 'min_', rule: 'finite', nullable: false },
      { kind: 'vector', attr: 'scale_', rule: 'positive', nullable: false },
      { kind: 'vector', attr: 'dataMin_', rule: 'finite', nullable: false },
      { kind: 'vector', attr: 'dataMax_', rule: 'finite', nullable: false },
      { kind: 'vector', attr: 'dataRange_', rule: 'nonNegative', nullable: false },
      { kind: 'count', attr: 'nSamplesSeen_' },
      { kind: 'count', attr: 'nFeaturesIn_' },
    ],
  },
  MaxAbsScaler: {
    input: 'numeric',
    fields: [
      { kind: 'vector', attr: 'maxAbs_', rule: 'nonNegative', nullable: false },
      { kind: 'vector', attr: 'scale_', rule: 'positive', nullable: false },
      { kind: 'count', attr: 'nSamplesSeen_' },
      { kind: 'count', attr: 'nFeaturesIn_' },
    ],
  },
  Normalizer: {
    input: 'numeric',
    fields: [{ kind: 'count', attr: 'nFeaturesIn_' }],
  },
};

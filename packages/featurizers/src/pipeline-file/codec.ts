import { type AttrValue, type DatasetToWrite, type Transformer, isIcepickleError } from '@icepickle/core';
import { type StepRef, stepError } from './errors.js';
import { type ReadContext, type StateField, fieldContent, readField } from './state-fields.js';

/** What a step consumes: raw documents (text vectorizers) or a numeric matrix (everything after them). */
export type StepInput = 'text' | 'numeric';

/** Feature counts a fitted state fixes: columns in and out (undefined: any / as many as came in). */
export interface FeatureCounts {
  nIn?: number;
  nOut?: number;
}

/** How one class of the closed list is saved and loaded. */
export interface StepCodec {
  readonly className: string;
  readonly input: StepInput;
  /** True for the step objects this codec saves (an instance of its class). */
  owns(step: unknown): boolean;
  /** Builds the unfitted step from scikit-learn parameters; the class validates them. */
  create(params: Record<string, unknown>): Transformer;
  /** scikit-learn's get_params() as JSON, for the spec. */
  params(step: Transformer): Record<string, unknown>;
  /** The fitted state as datasets and attributes of the step's group. */
  content(step: Transformer, group: string): { datasets: DatasetToWrite[]; attrs: Record<string, AttrValue> };
  /** Reads and checks the fitted state; installs nothing. */
  read(ctx: ReadContext, ref: StepRef): Promise<unknown>;
  /** The counts the state fixes, after checking that its arrays agree with one another. */
  features(state: unknown, step: Transformer, ref: StepRef, label: string): FeatureCounts;
  /** Sets the state on a step made by `create` (the class checks it again). */
  install(step: Transformer, state: unknown, ref: StepRef, label: string): void;
}

/** A class of the step contract (step-contract.md): sklearn params both ways, fitted state as an object. */
export interface ContractStep extends Transformer {
  toSklearnParams(): Record<string, unknown>;
  getFittedState(): Record<string, unknown>;
  setFittedState(state: Record<string, unknown>): unknown;
}

export interface ContractClass {
  fromSklearnParams(params: Record<string, unknown>): ContractStep;
}

/**
 * The codec of a contract class, from the list of its state fields. Every array must be as long as the
 * step's feature count: `nFeaturesIn_` where the state has it, else the vocabulary's size, else the
 * first array's length.
 */
export function contractCodec(
  className: string,
  cls: ContractClass,
  input: StepInput,
  fields: readonly StateField[],
): StepCodec {
  return {
    className,
    input,
    owns: (step) => step instanceof (cls as unknown as abstract new (...args: never[]) => unknown),
    create: (params) => cls.fromSklearnParams(params),
    params: (step) => (step as ContractStep).toSklearnParams(),
    content(step, group) {
      const state = (step as ContractStep).getFittedState();
      const out = { datasets: [] as DatasetToWrite[], attrs: {} as Record<string, AttrValue> };
      for (const field of fields) {
        const part = fieldContent(field, state[field.attr], group);
        out.datasets.push(...part.datasets);
        Object.assign(out.attrs, part.attrs);
      }
      return out;
    },
    async read(ctx, ref) {
      const state: Record<string, unknown> = {};
      for (const field of fields) state[field.attr] = await readField(ctx, ref, field);
      return state;
    },
    features(raw, _step, ref, label) {
      const state = raw as Record<string, unknown>;
      const vocabulary = state.vocabulary_ as Map<string, number> | undefined;
      const vectors = fields.filter((f) => f.kind === 'vector' && state[f.attr] != null);
      const count =
        (state.nFeaturesIn_ as number | undefined) ??
        vocabulary?.size ??
        (vectors.length > 0 ? (state[vectors[0]!.attr] as Float64Array).length : undefined);
      for (const f of vectors) {
        const n = (state[f.attr] as Float64Array).length;
        if (n !== count) {
          throw stepError('INVALID_SHAPE', label, ref, `${f.attr} has ${n} values for ${count} features`);
        }
      }
      if (input === 'text') return { nOut: count };
      return { nIn: count, nOut: count };
    },
    install(step, state, ref, label) {
      try {
        (step as ContractStep).setFittedState(state as Record<string, unknown>);
      } catch (cause) {
        if (!isIcepickleError(cause)) throw cause;
        throw stepError(cause.code, label, ref, cause.detail, undefined, cause);
      }
    },
  };
}

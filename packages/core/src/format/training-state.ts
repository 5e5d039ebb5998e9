import { IcepickleError, isIcepickleError } from '../errors.js';
import type { LinearModel } from '../estimators/linear-model.js';
import type { TrainingState } from '../estimators/sgd/training-state-values.js';
import type { DatasetToWrite, StoredFile } from '../storage/types.js';

/**
 * Resumable training (beyond Python icepickle): an SGD / Passive-Aggressive model's `t_`, `n_iter_` and
 * averaged-SGD buffers stored as extra datasets under `<group>icepickle/state/` (Python icepickle reads
 * only coef / intercept / classes and ignores them). The `t_` dataset carries the attributes
 * `training_state_version` and `estimator`. Loading such a file and continuing with partialFit gives
 * exactly the coefficients of never having stopped; a file without them (e.g. written by Python) loads as
 * scikit-learn's load_coefficients does, so the next partialFit starts at t_ = 1.
 */
export const TRAINING_STATE_GROUP = 'icepickle/state';
/** The version of the training-state datasets' layout (what partialFit needs to continue exactly). */
export const TRAINING_STATE_VERSION = 1;

interface Resumable {
  getTrainingState(): TrainingState;
  setTrainingState(state: TrainingState): unknown;
}

function isResumable(model: unknown): model is Resumable {
  return (
    typeof (model as Resumable).getTrainingState === 'function' &&
    typeof (model as Resumable).setTrainingState === 'function'
  );
}

function statePrefix(group: string): string {
  const g = !group || group === '/' ? '/' : `/${group.replace(/^\/+|\/+$/g, '')}/`;
  return `${g}${TRAINING_STATE_GROUP}/`;
}

/** The extra datasets for `model`'s training state under `group`; none for models without one. */
export function trainingStateDatasets(model: LinearModel<object>, group: string): DatasetToWrite[] {
  if (!isResumable(model) || !model.isFitted()) return [];
  const state = model.getTrainingState();
  const keys = Object.keys(state).sort();
  if (keys.length === 0) return [];
  const prefix = statePrefix(group);
  return keys.map((key) => {
    const value = state[key]!;
    const data = typeof value === 'number' ? Float64Array.of(value) : value;
    const shape = typeof value === 'number' ? [] : [value.length];
    const dataset: DatasetToWrite = { path: `${prefix}${key}`, array: { dtype: 'float64', shape, data } };
    if (key === 't_') dataset.attrs = { training_state_version: TRAINING_STATE_VERSION, estimator: model.className };
    return dataset;
  });
}

/**
 * The training state stored under `group`, checked for shape and dtype but not yet applied; undefined
 * when the file has none (a Python icepickle file, or a model that was never trained here).
 */
export async function readTrainingState(
  file: StoredFile,
  group: string,
  estimator?: string,
): Promise<TrainingState | undefined> {
  const prefix = statePrefix(group);
  const nodes = file.list().filter((n) => n.kind === 'dataset' && n.path.startsWith(prefix));
  if (nodes.length === 0) return undefined;
  const tPath = `${prefix}t_`;
  const attrs = nodes.some((n) => n.path === tPath) ? file.attrs(tPath) : {};
  const version = attrs.training_state_version;
  if (version !== undefined && Number(version) > TRAINING_STATE_VERSION) {
    throw new IcepickleError('UNSUPPORTED_VERSION', {
      scope: 'load',
      file: file.label,
      detail: `training state version ${String(version)} is newer than this library's (${TRAINING_STATE_VERSION})`,
      object: tPath,
    });
  }
  // A state belongs to the class that trained it. Coefficients moved into another class (an
  // SGDClassifier's into a PassiveAggressiveClassifier, say) start afresh, as after Python's
  // load_coefficients: the state is ignored, not an error.
  if (estimator !== undefined && attrs.estimator !== undefined && attrs.estimator !== estimator) return undefined;
  const state: TrainingState = {};
  for (const node of nodes) {
    if (node.kind !== 'dataset') continue;
    if (node.dtype !== 'float64' || node.shape.length > 1) {
      throw new IcepickleError('INVALID_DTYPE', {
        scope: 'load',
        file: file.label,
        detail: `training state dataset "${node.path}" must be float64, rank 0 or 1 (got ${node.dtype} (${node.shape.join(', ')}))`,
        object: node.path,
      });
    }
    const array = await file.read(node.path);
    const data = array.data instanceof Float64Array ? array.data : Float64Array.from(array.data as ArrayLike<number>);
    state[node.path.slice(prefix.length)] = node.shape.length === 0 ? data[0]! : data.slice();
  }
  return state;
}

/** model.setTrainingState(state), with errors reported against the file. */
export function setTrainingStateFrom(
  file: StoredFile,
  model: LinearModel<object>,
  state: TrainingState,
  group: string,
): void {
  if (!isResumable(model)) return;
  try {
    model.setTrainingState(state);
  } catch (error) {
    throw new IcepickleError('INVALID_INPUT', {
      scope: 'load',
      file: file.label,
      detail: isIcepickleError(error) ? error.detail : String((error as Error)?.message ?? error),
      cause: error,
      object: statePrefix(group),
    });
  }
}

/**
 * Reads the training state under `group` (if the file has one) into `model`, which must already hold the
 * file's coefficients (call after setCoefficients / loadCoefficients). Returns whether a state was applied.
 */
export async function applyTrainingState(
  file: StoredFile,
  model: LinearModel<object>,
  group: string,
): Promise<boolean> {
  if (!isResumable(model)) return false;
  const state = await readTrainingState(file, group, model.className);
  if (state === undefined) return false;
  setTrainingStateFrom(file, model, state, group);
  return true;
}

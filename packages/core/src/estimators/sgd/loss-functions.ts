import { expCR, logCR } from '../../math/libm.js';

/**
 * scikit-learn 1.2.1's SGD loss functions (`sklearn/linear_model/_sgd_fast.pyx`), written out with the
 * same branches and operation order so that every value is bit-identical. `p` is the prediction w·x + b,
 * `y` the target (±1 for classification). Each loss has one parameter: the hinge threshold, Huber's
 * `c` or the epsilon of the insensitive losses.
 */
export const LOSS = {
  hinge: 0,
  squaredHinge: 1,
  log: 2,
  modifiedHuber: 3,
  squaredError: 4,
  huber: 5,
  epsilonInsensitive: 6,
  squaredEpsilonInsensitive: 7,
} as const;
export type LossCode = (typeof LOSS)[keyof typeof LOSS];

export interface LossSpec {
  code: LossCode;
  /** Threshold (hinge, squared hinge), c (huber) or epsilon (insensitive losses); unused otherwise. */
  param: number;
  /** scikit-learn's `isinstance(loss, Hinge)`: PA multiplies its step by y only for Hinge. */
  isHinge: boolean;
}

/** The loss object scikit-learn builds for a `loss` name (`loss_functions` in _stochastic_gradient.py). */
export function lossSpec(name: string, epsilon: number): LossSpec {
  switch (name) {
    case 'hinge':
      return { code: LOSS.hinge, param: 1.0, isHinge: true };
    case 'perceptron':
      return { code: LOSS.hinge, param: 0.0, isHinge: true };
    case 'squared_hinge':
      return { code: LOSS.squaredHinge, param: 1.0, isHinge: false };
    case 'log_loss':
    case 'log': // deprecated alias (scikit-learn 1.1–1.2)
      return { code: LOSS.log, param: 0, isHinge: false };
    case 'modified_huber':
      return { code: LOSS.modifiedHuber, param: 0, isHinge: false };
    case 'squared_error':
      return { code: LOSS.squaredError, param: 0, isHinge: false };
    case 'huber':
      return { code: LOSS.huber, param: epsilon, isHinge: false };
    case 'epsilon_insensitive':
      return { code: LOSS.epsilonInsensitive, param: epsilon, isHinge: false };
    case 'squared_epsilon_insensitive':
      return { code: LOSS.squaredEpsilonInsensitive, param: epsilon, isHinge: false };
    default:
      throw new Error(`unknown loss ${name}`);
  }
}

export function lossValue(code: LossCode, param: number, p: number, y: number): number {
  switch (code) {
    case LOSS.hinge: {
      const z = p * y;
      return z <= param ? param - z : 0.0;
    }
    case LOSS.squaredHinge: {
      const z = param - p * y;
      return z > 0 ? z * z : 0.0;
    }
    case LOSS.log:
      return logLossValue(p * y);
    case LOSS.modifiedHuber:
      return modifiedHuberValue(p * y);
    case LOSS.squaredError:
      return 0.5 * (p - y) * (p - y);
    case LOSS.huber:
      return huberValue(param, p - y);
    case LOSS.epsilonInsensitive: {
      const ret = Math.abs(y - p) - param;
      // biome-ignore lint/complexity/useMathMinMax: scikit-learn's `ret if ret > 0 else 0` (NaN gives 0, not NaN)
      return ret > 0 ? ret : 0;
    }
    case LOSS.squaredEpsilonInsensitive: {
      const ret = Math.abs(y - p) - param;
      return ret > 0 ? ret * ret : 0;
    }
  }
  return 0;
}

// The longer cases out of line, so that lossValue stays small enough for V8 to inline into the
// per-sample loop (it refuses functions above ~460 bytes of bytecode).

function logLossValue(z: number): number {
  // scikit-learn's shortcuts: approximately equal, and cheaper
  if (z > 18) return expCR(-z);
  if (z < -18) return -z;
  return logCR(1.0 + expCR(-z));
}

function modifiedHuberValue(z: number): number {
  if (z >= 1.0) return 0.0;
  if (z >= -1.0) return (1.0 - z) * (1.0 - z);
  return -4.0 * z;
}

function huberValue(param: number, r: number): number {
  const a = Math.abs(r);
  return a <= param ? 0.5 * r * r : param * a - 0.5 * param * param;
}

export function lossDerivative(code: LossCode, param: number, p: number, y: number): number {
  switch (code) {
    case LOSS.hinge:
      return p * y <= param ? -y : 0.0;
    case LOSS.squaredHinge: {
      const z = param - p * y;
      return z > 0 ? -2 * y * z : 0.0;
    }
    case LOSS.log: {
      const z = p * y;
      if (z > 18.0) return expCR(-z) * -y;
      if (z < -18.0) return -y;
      return -y / (expCR(z) + 1.0);
    }
    case LOSS.modifiedHuber: {
      const z = p * y;
      if (z >= 1.0) return 0.0;
      if (z >= -1.0) return 2.0 * (1.0 - z) * -y;
      return -4.0 * y;
    }
    case LOSS.squaredError:
      return p - y;
    case LOSS.huber: {
      const r = p - y;
      if (Math.abs(r) <= param) return r;
      return r > 0.0 ? param : -param;
    }
    case LOSS.epsilonInsensitive:
      if (y - p > param) return -1;
      if (p - y > param) return 1;
      return 0;
    case LOSS.squaredEpsilonInsensitive: {
      const z = y - p;
      if (z > param) return -2 * (z - param);
      if (z < -param) return 2 * (-z - param);
      return 0;
    }
  }
  return 0;
}

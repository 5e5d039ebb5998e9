export {
  StandardScaler,
  type StandardScalerParams,
  type StandardScalerState,
  type StandardScalerFitOptions,
} from './standard-scaler.js';
export { MinMaxScaler, type MinMaxScalerParams, type MinMaxScalerState } from './min-max-scaler.js';
export { MaxAbsScaler, type MaxAbsScalerParams, type MaxAbsScalerState } from './max-abs-scaler.js';
export { Normalizer, type Norm, type NormalizerParams, type NormalizerState } from './normalizer.js';

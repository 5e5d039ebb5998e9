import { IcepickleError } from '../errors.js';
import type { Label } from './metrics.js';

/** scikit-learn's `class_weight`: a {label: weight} object (keys are the labels as strings), 'balanced' or null. */
export type ClassWeightOption = Record<string, number> | 'balanced' | null;

/**
 * scikit-learn 1.2.1's `compute_class_weight(class_weight, classes=classes, y=y)`: one weight per class,
 * in the order of `classes`. `yIndex` holds each sample's position in `classes` (so every label of y is
 * known to be a class). 'balanced' is n / (n_present_classes * count) and needs every class in y.
 */
export function computeClassWeight(
  classWeight: ClassWeightOption | undefined,
  classes: readonly Label[],
  yIndex: Int32Array,
  scope?: string,
): Float64Array {
  const k = classes.length;
  const weight = new Float64Array(k).fill(1.0);
  if (classWeight === null || classWeight === undefined) return weight;
  if (classWeight === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < yIndex.length; i++) counts[yIndex[i]!]! += 1;
    let present = 0;
    for (let c = 0; c < k; c++) if (counts[c]! > 0) present++;
    if (present !== k) {
      throw new IcepickleError('INVALID_INPUT', {
        scope,
        detail: "classes should have valid labels that are in y (class_weight 'balanced' needs every class in y)",
      });
    }
    for (let c = 0; c < k; c++) weight[c] = yIndex.length / (present * counts[c]!);
    return weight;
  }
  const keys = Object.keys(classWeight);
  if (keys.length === 0) return weight;
  const unweighted: Label[] = [];
  for (let c = 0; c < k; c++) {
    const key = String(classes[c]);
    if (Object.hasOwn(classWeight, key)) weight[c] = classWeight[key]!;
    else unweighted.push(classes[c]!);
  }
  if (unweighted.length > 0 && k - unweighted.length !== keys.length) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: `The classes, [${unweighted.map((c) => JSON.stringify(c)).join(', ')}], are not in class_weight`,
    });
  }
  return weight;
}

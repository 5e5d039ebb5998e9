import { IcepickleError } from '../errors.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import { asMatrix } from '../math/input.js';

/**
 * The parts' outputs side by side, in order (scikit-learn's FeatureUnion._hstack): a CsrMatrix if any part
 * is sparse (scipy.sparse.hstack), else a DenseMatrix (numpy.hstack).
 */
export function hstack(outputs: readonly (readonly [string, unknown])[], owner: string): CsrMatrix | DenseMatrix {
  const matrices = outputs.map(([name, out]) => {
    try {
      return asMatrix(out as never, `the output of '${name}'`);
    } catch (cause) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: owner,
        detail: `part '${name}' did not return a matrix`,
        cause,
      });
    }
  });
  const rows = matrices[0]!.shape[0];
  for (const [i, m] of matrices.entries()) {
    if (m.shape[0] !== rows) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: owner,
        detail: `part '${outputs[i]![0]}' returned ${m.shape[0]} rows, '${outputs[0]![0]}' ${rows}`,
      });
    }
  }
  if (matrices.some((m) => m instanceof CsrMatrix)) {
    return CsrMatrix.hstack(
      matrices.map((m) => (m instanceof CsrMatrix ? m : CsrMatrix.fromDense((m as DenseMatrix).toRows()))),
    );
  }
  const dense = matrices as DenseMatrix[];
  const cols = dense.reduce((s, m) => s + m.shape[1], 0);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let offset = i * cols;
    for (const m of dense) {
      data.set(m.row(i), offset);
      offset += m.shape[1];
    }
  }
  return new DenseMatrix(data, [rows, cols]);
}

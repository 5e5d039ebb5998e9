import { describe, expect, it } from 'vitest';
import { LbfgsMemory, minimizeLbfgs } from '../src/math/lbfgs.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('L-BFGS memory (L-BFGS-B mainlb)', () => {
  it('a pair failing the curvature test (dr <= epsmch*ddum) is skipped and leaves a full memory intact', () => {
    const memory = new LbfgsMemory(2, 2);
    // two good pairs fill the memory: s = x − xOld, y = g − gOld with sᵀy > 0
    memory.push(v(1, 0), v(0, 0), v(2, 0.5), v(0, 0));
    memory.push(v(1, 1), v(1, 0), v(2.5, 3), v(2, 0.5));
    expect(memory.count).toBe(2);
    const g = v(0.3, -0.7);
    const before = new Float64Array(2);
    memory.direction(g, before);
    // negative curvature: sᵀy < 0, skipped
    memory.push(v(2, 1), v(1, 1), v(1, 3), v(2.5, 3));
    expect(memory.count).toBe(2);
    const after = new Float64Array(2);
    memory.direction(g, after);
    expect(Array.from(after)).toEqual(Array.from(before));
  });

  it('stops on the relative reduction of f with scipy default ftol, and on gtol', () => {
    // f = Σ c_j (x_j − 1)² on an ill-conditioned diagonal: the ftol test ends it before gtol 1e-12
    const c = [1, 10, 100, 1000];
    const fun = (x: Float64Array, g: Float64Array): number => {
      let f = 0;
      for (let j = 0; j < x.length; j++) {
        f += c[j]! * (x[j]! - 1) ** 2;
        g[j] = 2 * c[j]! * (x[j]! - 1);
      }
      return f;
    };
    const loose = minimizeLbfgs(fun, new Float64Array(4), { gtol: 1e-12, maxIter: 1000 });
    expect(loose.message).toBe('CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH');
    expect(loose.status).toBe(0);
    const tight = minimizeLbfgs(fun, new Float64Array(4), { gtol: 1e-6, ftol: 0, maxIter: 1000 });
    expect(tight.message).toBe('CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL');
    for (const x of tight.x) expect(Math.abs(x - 1)).toBeLessThan(1e-8);
    const capped = minimizeLbfgs(fun, new Float64Array(4), { gtol: 1e-12, ftol: 0, maxIter: 2 });
    expect([capped.status, capped.nIter, capped.message]).toEqual([
      1,
      2,
      'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT',
    ]);
  });
});

/**
 * Unconstrained limited-memory BFGS with the Moré–Thuente line search: L-BFGS-B 3.0's driver (`mainlb`
 * in scipy 1.10's lbfgsb.f, what scipy.optimize.minimize(method='L-BFGS-B') runs, and so what
 * scikit-learn's LogisticRegression(solver='lbfgs') runs) step for step: memory m = 10, initial step
 * 1/‖d‖ on the first iteration and 1 afterwards (`lnsrlb`), line search constants ftol = 1e-3,
 * gtol = 0.9, xtol = 0.1, at most `maxls` evaluations per line search (then the memory is dropped and
 * the iteration restarts from steepest descent; with an empty memory it is the end), the correction
 * pair skipped when its curvature sᵀy ≤ eps·(−gᵀs) (`dr <= epsmch*ddum`), and the stopping tests in
 * scipy's order after each new iterate:
 *
 * - `maxIter` iterations (scipy's wrapper counts the new iterate first, so reaching maxIter is status 1
 *   even if that iterate would also pass the tests below), then `maxFun` evaluations;
 * - `gtol`: max |g_j| ≤ gtol (the projected gradient `sbgnrm`, which is the gradient without bounds);
 * - `ftol`: (f_old − f) ≤ ftol · max(|f_old|, |f|, 1) (scipy's factr · eps; its default 2.2e-9).
 *
 * Without bounds, L-BFGS-B's Cauchy point + subspace minimisation is the plain quasi-Newton step
 * −H·g with H₀ = (sᵀy / yᵀy)·I, which the two-loop recursion computes; so this is the same method,
 * not a bit-for-bit port (the sums are ordered differently).
 */

export interface LbfgsOptions {
  /** Stop when the largest |gradient| component is ≤ gtol (scipy's `gtol`, scikit-learn's `tol`). */
  gtol: number;
  /** Stop when the relative decrease of f is ≤ ftol (scipy's `ftol`, default 1e7 · eps ≈ 2.2e-9). */
  ftol?: number;
  /** Maximum number of iterations (scipy's `maxiter`). */
  maxIter: number;
  /** Maximum number of function evaluations (scipy's `maxfun`, 15000). */
  maxFun?: number;
  /** Correction pairs kept (scipy's `maxcor`, 10). */
  memory?: number;
  /** Evaluations per line search before giving up on that direction (scipy's `maxls`, 20). */
  maxLineSearch?: number;
  /** Called after each accepted iterate with the iterations so far (progress). */
  onIteration?: (nIter: number) => void;
}

export type LbfgsStatus = 0 | 1 | 2;

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** Largest |gradient| component at x. */
  gradMaxAbs: number;
  /** Iterations, counted as scipy's `nit` (accepted iterates). */
  nIter: number;
  nFev: number;
  /** 0 converged, 1 an iteration or evaluation limit was reached, 2 the line search failed (as scipy). */
  status: LbfgsStatus;
  /** scipy's message, e.g. 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT'. */
  message: string;
}

/** Computes f(x) and writes ∇f(x) into `grad`. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

const EPS = 2.220446049250313e-16;
/** scipy's default factr = 1e7, times machine epsilon. */
export const SCIPY_DEFAULT_FTOL = 1e7 * EPS;

export function minimizeLbfgs(fun: ObjectiveWithGradient, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const ftol = options.ftol ?? SCIPY_DEFAULT_FTOL;
  const maxFun = options.maxFun ?? 15000;
  const { gtol, maxIter } = options;

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const st: SearchState = {
    fun,
    x,
    g,
    f: fun(x, g),
    nFev: 1,
    maxLs: options.maxLineSearch ?? 20,
    xTrial: new Float64Array(n),
    gTrial: new Float64Array(n),
  };
  let nIter = 0;
  const memory = new LbfgsMemory(options.memory ?? 10, n);
  const d = new Float64Array(n);
  const xOld = new Float64Array(n);
  const gOld = new Float64Array(n);

  const done = (status: LbfgsStatus, message: string): LbfgsResult => ({
    x,
    f: st.f,
    gradMaxAbs: maxAbs(g),
    nIter,
    nFev: st.nFev,
    status,
    message,
  });

  if (!Number.isFinite(st.f)) return done(2, 'ABNORMAL_TERMINATION_IN_LNSRCH');
  if (maxAbs(g) <= gtol) return done(0, 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL');

  for (;;) {
    memory.direction(g, d);
    const gd0 = dot(g, d);
    xOld.set(x);
    gOld.set(g);
    const fOld = st.f;
    // lnsrlb refuses a direction that is not a descent direction (info = -4), as a failed search.
    const moved = gd0 < 0 && Number.isFinite(gd0) && lineSearch(st, d, gd0, xOld, nIter === 0);
    if (!moved) {
      // mainlb: restore the iterate; with no memory to drop this is the end, else restart.
      x.set(xOld);
      g.set(gOld);
      st.f = fOld;
      if (memory.count === 0) return done(2, 'ABNORMAL_TERMINATION_IN_LNSRCH');
      memory.clear();
      continue;
    }

    nIter++;
    options.onIteration?.(nIter);
    if (nIter >= maxIter) return done(1, 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT');
    if (st.nFev > maxFun) return done(1, 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT');
    if (maxAbs(g) <= gtol) return done(0, 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL');
    const f = st.f;
    if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) {
      return done(0, 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH');
    }
    memory.push(x, xOld, g, gOld);
  }
}

/** The iterate (x, f, g) and the evaluation count, shared by the steps of one minimisation. */
interface SearchState {
  readonly fun: ObjectiveWithGradient;
  readonly x: Float64Array;
  readonly g: Float64Array;
  f: number;
  nFev: number;
  readonly maxLs: number;
  /** Scratch: a trial point and its gradient. */
  readonly xTrial: Float64Array;
  readonly gTrial: Float64Array;
}

/**
 * The Moré–Thuente line search from xOld along d (L-BFGS-B's lnsrlb): moves the iterate to the point it
 * accepts (converged or a warning, as L-BFGS-B accepts both) and returns true, or returns false (the
 * iterate unchanged) when it needs more than `maxLs` evaluations or f is not finite there.
 * The first iteration starts at stp = 1/‖d‖, every later one at 1.
 */
function lineSearch(st: SearchState, d: Float64Array, gd0: number, xOld: Float64Array, first: boolean): boolean {
  const { fun, x, g, xTrial, gTrial } = st;
  const n = x.length;
  const fOld = st.f;
  const dnorm = Math.sqrt(dot(d, d));
  let stp = first ? Math.min(1 / dnorm, 1e10) : 1;
  let evaluations = 0;
  const search = new MoreThuente(fOld, gd0, stp, 1e10);
  let fTrial = 0;
  for (;;) {
    for (let j = 0; j < n; j++) xTrial[j] = stp * d[j]! + xOld[j]!;
    fTrial = fun(xTrial, gTrial);
    st.nFev++;
    evaluations++;
    const gdTrial = dot(gTrial, d);
    // A non-finite trial is treated as a very high value, so the search backs off.
    const verdict = search.step(
      Number.isFinite(fTrial) ? fTrial : Infinity,
      Number.isFinite(gdTrial) ? gdTrial : Infinity,
    );
    // dcsrch leaves stp at the point just evaluated when it converges or warns.
    if (verdict !== 'continue') break;
    stp = search.stp;
    if (evaluations >= st.maxLs) return false;
  }
  if (!Number.isFinite(fTrial)) return false;
  x.set(xTrial);
  g.set(gTrial);
  st.f = fTrial;
  return true;
}

/**
 * The last m correction pairs (s, y) in a ring, and H·v by the two-loop recursion (H₀ = γ·I).
 * @internal exported for its tests
 */
export class LbfgsMemory {
  private readonly S: Float64Array[];
  private readonly Y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  /** Scratch for a new pair until it passes the curvature test. */
  private readonly sNew: Float64Array;
  private readonly yNew: Float64Array;
  /** Pairs stored. */
  count = 0;
  /** Slot of the oldest pair. */
  private head = 0;
  /** H₀ scale, sᵀy / yᵀy. */
  private gamma = 1;

  constructor(
    private readonly m: number,
    n: number,
  ) {
    this.S = Array.from({ length: m }, () => new Float64Array(n));
    this.Y = Array.from({ length: m }, () => new Float64Array(n));
    this.rho = new Float64Array(m);
    this.alpha = new Float64Array(m);
    this.sNew = new Float64Array(n);
    this.yNew = new Float64Array(n);
  }

  /** d = −H·g (steepest descent while the memory is empty). */
  direction(g: Float64Array, d: Float64Array): void {
    const { S, Y, rho, alpha, m, head, count } = this;
    for (let j = 0; j < d.length; j++) d[j] = -g[j]!;
    for (let c = count - 1; c >= 0; c--) {
      const slot = (head + c) % m;
      const a = rho[slot]! * dot(S[slot]!, d);
      alpha[slot] = a;
      axpy(-a, Y[slot]!, d);
    }
    if (count > 0) scale(this.gamma, d);
    for (let c = 0; c < count; c++) {
      const slot = (head + c) % m;
      const b = rho[slot]! * dot(Y[slot]!, d);
      axpy(alpha[slot]! - b, S[slot]!, d);
    }
  }

  /**
   * New pair s = x − x_old, y = g − g_old, skipped (as mainlb's `dr <= epsmch*ddum`) when the
   * curvature sᵀy is not safely positive. The pair is computed in scratch first: with a full memory
   * the slot it goes to is the oldest pair's, which must stay intact when the new pair is skipped.
   */
  push(x: Float64Array, xOld: Float64Array, g: Float64Array, gOld: Float64Array): void {
    const { m, count, sNew, yNew } = this;
    let sy = 0;
    let yy = 0;
    let sd = 0;
    for (let j = 0; j < x.length; j++) {
      const sj = x[j]! - xOld[j]!;
      const yj = g[j]! - gOld[j]!;
      sNew[j] = sj;
      yNew[j] = yj;
      sy += sj * yj;
      yy += yj * yj;
      sd -= gOld[j]! * sj;
    }
    if (sy <= EPS * sd || yy === 0) return;
    const slot = count < m ? (this.head + count) % m : this.head;
    this.S[slot]!.set(sNew);
    this.Y[slot]!.set(yNew);
    this.rho[slot] = 1 / sy;
    this.gamma = sy / yy;
    if (count < m) this.count++;
    else this.head = (this.head + 1) % m;
  }

  /** Drops every pair (after a failed line search, as L-BFGS-B). */
  clear(): void {
    this.count = 0;
    this.head = 0;
    this.gamma = 1;
  }
}

/**
 * Moré & Thuente (1994), "Line search algorithms with guaranteed sufficient decrease": MINPACK-2's
 * dcsrch/dcstep as a small state machine. Call `step(f, g)` with φ(stp) and φ'(stp); it returns
 * 'converged', 'warning' (stop here, as L-BFGS-B accepts it) or 'continue' with a new `stp`.
 */
export class MoreThuente {
  stp: number;
  lastTried: number;
  private readonly ftol = 1e-3;
  private readonly gtol = 0.9;
  private readonly xtol = 0.1;
  private readonly stpmin = 0;
  private readonly stpmax: number;
  private readonly finit: number;
  private readonly ginit: number;
  private readonly gtest: number;
  private brackt = false;
  private stage = 1;
  private width: number;
  private width1: number;
  private stx = 0;
  private fx: number;
  private gx: number;
  private sty = 0;
  private fy: number;
  private gy: number;
  private stmin = 0;
  private stmax: number;

  constructor(f0: number, g0: number, stp: number, stpmax: number) {
    this.stp = stp;
    this.lastTried = stp;
    this.stpmax = stpmax;
    this.finit = f0;
    this.ginit = g0;
    this.gtest = this.ftol * g0;
    this.width = stpmax - this.stpmin;
    this.width1 = this.width / 0.5;
    this.fx = f0;
    this.gx = g0;
    this.fy = f0;
    this.gy = g0;
    this.stmax = stp + 4 * stp;
  }

  step(f: number, g: number): 'converged' | 'warning' | 'continue' {
    const stp = this.stp;
    this.lastTried = stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    let warning = false;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) warning = true;
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) warning = true;
    if (stp === this.stpmax && f <= ftest && g <= this.gtest) warning = true;
    if (stp === this.stpmin && (f > ftest || g >= this.gtest)) warning = true;
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) return 'converged';
    if (warning) return 'warning';

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // The modified function ψ(stp) = φ(stp) − φ(0) − ftol·φ'(0)·stp, until a point with ψ ≤ 0 and φ' ≥ 0.
      const r = dcstep(
        this.stx,
        this.fx - this.stx * this.gtest,
        this.gx - this.gtest,
        this.sty,
        this.fy - this.sty * this.gtest,
        this.gy - this.gtest,
        stp,
        f - stp * this.gtest,
        g - this.gtest,
        this.brackt,
        this.stmin,
        this.stmax,
      );
      this.stx = r.stx;
      this.fx = r.fx + r.stx * this.gtest;
      this.gx = r.dx + this.gtest;
      this.sty = r.sty;
      this.fy = r.fy + r.sty * this.gtest;
      this.gy = r.dy + this.gtest;
      this.brackt = r.brackt;
      this.stp = r.stp;
    } else {
      const r = dcstep(
        this.stx,
        this.fx,
        this.gx,
        this.sty,
        this.fy,
        this.gy,
        stp,
        f,
        g,
        this.brackt,
        this.stmin,
        this.stmax,
      );
      this.stx = r.stx;
      this.fx = r.fx;
      this.gx = r.dx;
      this.sty = r.sty;
      this.fy = r.fy;
      this.gy = r.dy;
      this.brackt = r.brackt;
      this.stp = r.stp;
    }
    if (this.brackt) {
      // Force sufficient shrinking of the bracket (bisect when it did not shrink by a third).
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) this.stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + 1.1 * (this.stp - this.stx);
      this.stmax = this.stp + 4 * (this.stp - this.stx);
    }
    this.stp = Math.min(Math.max(this.stp, this.stpmin), this.stpmax);
    if (
      (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)
    ) {
      // Rounding prevents progress: fall back to the best point so far.
      this.stp = this.stx;
    }
    return 'continue';
  }
}

interface StepResult {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  brackt: boolean;
}

/** MINPACK-2 dcstep: a safeguarded cubic/quadratic step and the update of the bracketing interval. */
function dcstep(
  stx: number,
  fx: number,
  dx: number,
  sty: number,
  fy: number,
  dy: number,
  stp: number,
  fp: number,
  dp: number,
  brackt: boolean,
  stpmin: number,
  stpmax: number,
): StepResult {
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // Case 1: higher function value; the minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    brackt = true;
  } else if (sgnd < 0) {
    // Case 2: lower value and derivatives of opposite sign; bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: lower value, same-sign derivative that decreases in magnitude.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (brackt) {
    // Case 4: lower value, derivative not decreasing in magnitude; cubic step towards sty.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dy / s) * (dp / s)));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }

  if (fp > fx) {
    sty = stp;
    fy = fp;
    dy = dp;
  } else {
    if (sgnd < 0) {
      sty = stx;
      fy = fx;
      dy = dx;
    }
    stx = stp;
    fx = fp;
    dx = dp;
  }
  return { stx, fx, dx, sty, fy, dy, stp: stpf, brackt };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j]! += a * x[j]!;
}

function scale(a: number, x: Float64Array): void {
  for (let j = 0; j < x.length; j++) x[j]! *= a;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) {
    const v = Math.abs(a[j]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

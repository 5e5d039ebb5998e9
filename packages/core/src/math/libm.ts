/**
 * Correctly rounded `exp`, `log` and `pow`. scikit-learn's Cython calls C's libm (glibc), whose results
 * are correctly rounded in practice, while V8's Math.exp / Math.log / Math.pow are off by one ulp in ~10%
 * of arguments; over thousands of SGD steps that one ulp grows into visible differences (log_loss,
 * invscaling). These evaluate in double-double arithmetic (~100 bits, after the QD library's dd_real)
 * and round once.
 */

// double-double helpers: values are (hi, lo) with |lo| <= ulp(hi) / 2; results go through R = [hi, lo].
// A constant Float64Array rather than two module-level `let`s: V8 boxes every double stored into a
// module variable (a heap allocation per operation), while stores into R are plain memory writes.
const R = new Float64Array(2);
const SPLIT = 134217729;

/** 2^j for j in [-1022, 1023], at POW2[j + 1022]: `2 ** j` calls into the runtime, a lookup does not. */
const POW2 = Float64Array.from({ length: 2046 }, (_v, i) => 2 ** (i - 1022));

/** 2^k (|k| < 2000) as a product of two factors, so that neither overflows or goes subnormal. */
function pow2(k: number): number {
  const k1 = k >> 1;
  return POW2[k1 + 1022]! * POW2[k - k1 + 1022]!;
}

function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  R[0] = p;
  R[1] = al * bl - (p - ah * bh - al * bh - ah * bl);
}

/** (ah, al) + (bh, bl) */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  let s = ah + bh;
  let bb = s - ah;
  let e = ah - (s - bb) + (bh - bb);
  const t = al + bl;
  bb = t - al;
  const f = al - (t - bb) + (bl - bb);
  e += t;
  let h = s + e;
  e = e - (h - s);
  s = h;
  e += f;
  h = s + e;
  R[1] = e - (h - s);
  R[0] = h;
}

/** (ah, al) * (bh, bl) */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = R[0]!;
  let e = R[1]! + (ah * bl + al * bh);
  const s = p + e;
  e = e - (s - p);
  R[0] = s;
  R[1] = e;
}

const LN2_HI = Math.LN2; // the double nearest ln 2 (0x3FE62E42FEFA39EF); LN2_LO is the rest
const LN2_LO = 2.3190468138462996e-17;
// 1/n! for n = 3..11 as double-doubles
const INV_FACT = [
  0.16666666666666666, 9.25185853854297e-18, 0.041666666666666664, 2.3129646346357427e-18, 0.008333333333333333,
  1.1564823173178714e-19, 0.001388888888888889, -5.300543954373577e-20, 0.0001984126984126984, 1.7209558293420705e-22,
  2.48015873015873e-5, 2.1511947866775882e-23, 2.7557319223985893e-6, -1.858393274046472e-22, 2.755731922398589e-7,
  2.3767714622250297e-23, 2.505210838544172e-8, -1.448814070935912e-24,
];

/** exp(ah + al) as a double-double in R, for |a| < 709. */
function ddExp(ah: number, al: number): void {
  const m = Math.floor(ah / LN2_HI + 0.5);
  // r = (a - m ln2) / 512
  ddMul(LN2_HI, LN2_LO, m, 0);
  ddAdd(ah, al, -R[0]!, -R[1]!);
  const r0 = R[0]! / 512;
  const r1 = R[1]! / 512;
  // s = r + r^2/2 + r^3/3! + ...
  ddMul(r0, r1, r0, r1);
  let ph = R[0]!;
  let pl = R[1]!;
  ddAdd(r0, r1, ph / 2, pl / 2);
  let sh = R[0]!;
  let sl = R[1]!;
  for (let i = 0; i < 9; i++) {
    ddMul(ph, pl, r0, r1);
    ph = R[0]!;
    pl = R[1]!;
    ddMul(ph, pl, INV_FACT[2 * i]!, INV_FACT[2 * i + 1]!);
    const th = R[0]!;
    const tl = R[1]!;
    ddAdd(sh, sl, th, tl);
    sh = R[0]!;
    sl = R[1]!;
    if (Math.abs(th) < 1e-36) break;
  }
  // (1 + s)^512 - 1 by nine squarings of 1 + s: s <- 2s + s^2
  for (let i = 0; i < 9; i++) {
    ddMul(sh, sl, sh, sl);
    ddAdd(2 * sh, 2 * sl, R[0]!, R[1]!);
    sh = R[0]!;
    sl = R[1]!;
  }
  ddAdd(sh, sl, 1, 0);
  // scale by 2^m in two steps so neither factor overflows
  const m1 = Math.trunc(m / 2);
  const f1 = 2 ** m1;
  const f2 = 2 ** (m - m1);
  R[0] = R[0]! * f1 * f2;
  R[1] = R[1]! * f1 * f2;
}

/** e^x, correctly rounded (barring ties closer than ~2^-100). */
export function expCR(x: number): number {
  if (!(Math.abs(x) < 708)) return Math.exp(x); // overflow, deep underflow, NaN: nothing to refine
  if (x === 0) return 1;
  const fast = expTable(x);
  if (!Number.isNaN(fast)) return fast;
  return expReference(x);
}

/** e^x through the slow double-double series alone (~100 bits): the fallback, and the tests' reference. */
export function expReference(x: number): number {
  if (!(Math.abs(x) < 708)) return Math.exp(x);
  if (x === 0) return 1;
  ddExp(x, 0);
  return R[0]! + R[1]!;
}

// Tang's table method: x = (64k + j) ln2/64 + r with |r| <= ln2/128, e^x = 2^k 2^(j/64) e^r. 2^(j/64)
// as double-doubles (from the slow series, once); ln2/64 in three parts, the first with 32 significant
// bits so that N times it is exact for |N| < 2^21.
const T_HI = new Float64Array(64);
const T_LO = new Float64Array(64);
for (let j = 0; j < 64; j++) {
  ddMul(LN2_HI, LN2_LO, j, 0);
  ddExp(R[0]! / 64, R[1]! / 64);
  T_HI[j] = R[0]!;
  T_LO[j] = R[1]!;
}
const L1 = Math.round((LN2_HI / 64) * 2 ** 38) / 2 ** 38;
const L2 = LN2_HI / 64 - L1;
const L3 = LN2_LO / 64;
const INV_L = 64 / LN2_HI;
/** Bound on the table method's relative error (its analysis gives ~2^-66; 32x margin). */
const TABLE_ERROR = 2 ** -61;

/**
 * e^(x + xl) for |x| < 708 (xl: a low part, |xl| <= ulp(x)) to ~66 bits as 2^k (R[0] + R[1]),
 * returning k: the true value lies within TABLE_ERROR (relative) of 2^k (R[0] + R[1]).
 */
function expCore(x: number, xl = 0): number {
  const n = Math.round(x * INV_L);
  const k = n >> 6;
  const j = n & 63;
  // r = x - n ln2/64 as a double-double (rh, rl): x - n L1 is exact, n L2 is split exactly
  const r0 = x - n * L1;
  twoProd(n, L2);
  const p = R[0]!;
  const d = r0 - p;
  const bv = d - r0;
  const dl = r0 - (d - bv) + (-p - bv) - R[1]! - n * L3 + xl;
  // normalised (n L3 reaches ~1e-14, far above an ulp of r), so that q may use rh alone
  const rh = d + dl;
  let rl = dl - (rh - d);
  // e^r - 1 = rh + rl + q, q = r^2/2 + ... + r^7/7! (|r| < 0.0055: the rest is below 2^-75)
  const q = rh * rh * (0.5 + rh * (1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh / 5040)))));
  rl += q;
  const sh = rh + rl;
  const sl = rl - (sh - rh);
  // 2^(j/64) (1 + s) = T + T s
  const th = T_HI[j]!;
  const tl = T_LO[j]!;
  twoProd(th, sh);
  const ph = R[0]!;
  let lo = R[1]! + th * sl + tl * sh + tl;
  const h0 = th + ph;
  const bb = h0 - th;
  lo += th - (h0 - bb) + (ph - bb);
  const h = h0 + lo;
  R[0] = h;
  R[1] = lo - (h - h0);
  return k;
}

/**
 * e^x for |x| < 708 to ~66 bits, then rounded only when that provably gives the correctly rounded
 * double: the true value lies within TABLE_ERROR of H + L, and H is returned only if every value
 * there rounds to H. NaN otherwise (about 1 call in 100), and the caller takes the slow series.
 */
function expTable(x: number): number {
  const k = expCore(x);
  const h = R[0]!;
  const l = R[1]!;
  const e = TABLE_ERROR * h;
  if (h + (l + e) !== h || h + (l - e) !== h) return Number.NaN;
  // 2^k in two factors so neither overflows; the product is a normal double for |x| < 708
  return h * pow2(k);
}

/**
 * Natural log, correctly rounded: one Newton step from Math.log's y, ln x = y + (x - e^y) / e^y. With
 * e^y from the table method (~2^-61 relative) the step is known to within ~2^-60, which settles the
 * rounding of y + step almost always; otherwise e^y comes from the slow double-double series.
 */
export function logCR(x: number): number {
  return log(x, true);
}

/** The slow route alone, for tests: logCR must always give what it gives. */
export function logReference(x: number): number {
  return log(x, false);
}

function log(x: number, fast: boolean): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  if (x === 1) return 0;
  const y = Math.log(x);
  if (!(Math.abs(y) < 700)) return y;
  if (fast) {
    const step = newtonStep(x, y);
    // the step's error: e^y's (TABLE_ERROR, twice for margin) and the division's rounding
    const e = 2 * TABLE_ERROR + Math.abs(step) * 2 ** -50;
    const up = y + (step + e);
    if (up === y + (step - e)) return up;
  }
  lnSlow(x, y);
  return R[0]! + R[1]!;
}

/** (x - e^y) / e^y with e^y by the table method: ln x - y to within ~2^-60 (for y near ln x). */
function newtonStep(x: number, y: number): number {
  const scale = pow2(expCore(y));
  const eh = R[0]! * scale;
  ddAdd(x, 0, -eh, -R[1]! * scale);
  return (R[0]! + R[1]!) / eh;
}

/** ln x ≈ y as the double-double y + (x - e^y) / e^y in R, with e^y from the slow series (~100 bits). */
function lnSlow(x: number, y: number): void {
  ddExp(y, 0);
  const eh = R[0]!;
  ddAdd(x, 0, -eh, -R[1]!);
  ddAdd(y, 0, (R[0]! + R[1]!) / eh, 0);
}

/** x^y for x > 0, correctly rounded (barring ties closer than ~2^-100). */
export function powCR(x: number, y: number): number {
  return pow(x, y, true);
}

/** powCR through the slow double-double series alone: the fallback, and the tests' reference. */
export function powReference(x: number, y: number): number {
  return pow(x, y, false);
}

function pow(x: number, y: number, fast: boolean): number {
  if (!(x > 0) || x === Infinity || !Number.isFinite(y)) return x ** y;
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  const l0 = Math.log(x);
  if (!(Math.abs(l0) < 700)) return x ** y;
  if (fast) {
    // ln x = l0 + step (known to ~2^-60), then x^y = e^(y ln x) by the table method again, rounded
    // only where the error bound allows
    const step = newtonStep(x, l0);
    ddAdd(l0, 0, step, 0);
    ddMul(R[0]!, R[1]!, y, 0);
    const ah = R[0]!;
    if (Math.abs(ah) < 700) {
      const k = expCore(ah, R[1]!);
      const h = R[0]!;
      const l = R[1]!;
      // e^(a + da) = e^a (1 + da): ln x's error, times |y|, adds to the table's own
      const e = (TABLE_ERROR * (1 + 2 * Math.abs(y)) + Math.abs(y * step) * 2 ** -49) * h;
      if (h + (l + e) === h && h + (l - e) === h) return h * pow2(k);
    }
  }
  // log x as a double-double by a Newton step, then exp(y * log x), both by the slow series
  lnSlow(x, l0);
  ddMul(R[0]!, R[1]!, y, 0);
  if (!(Math.abs(R[0]!) < 708)) return x ** y;
  ddExp(R[0]!, R[1]!);
  return R[0]! + R[1]!;
}

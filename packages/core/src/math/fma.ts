/**
 * An exact fused multiply-add: `a * b + c` with a single rounding (IEEE-754 round to nearest, ties to
 * even), as C's `fma`. JavaScript has none, and scikit-learn's averaged SGD folds its lazy average with
 * OpenBLAS `daxpy`, which uses FMA instructions: without this the averaged coefficients differ by ~1 ulp.
 *
 * Fast path: Dekker's TwoProduct and Knuth's TwoSum give the exact value as r + w + v, and r is returned
 * when |w| + |v| is provably below half the gap to r's neighbours. Anything else (near-ties, huge or
 * tiny magnitudes) is computed exactly with BigInt.
 */
const SPLITTER = 134217729; // 2^27 + 1

const view = new DataView(new ArrayBuffer(8));

export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c)) return p + c;
  if (p === 0 || a === 0 || b === 0) return p + c;
  const ap = Math.abs(a);
  const bp = Math.abs(b);
  const pp = Math.abs(p);
  if (ap > 1e290 || bp > 1e290 || pp < 1e-280 || pp > 1e300 || (c !== 0 && Math.abs(c) < 1e-280))
    return fmaExact(a, b, c);
  // TwoProduct: p + e === a * b exactly.
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = al * bl - (p - ah * bh - al * bh - ah * bl);
  // TwoSum(p, c) = s + s2 exactly.
  const s = p + c;
  const bb = s - p;
  const s2 = p - (s - bb) + (c - bb);
  // u + v = s2 + e exactly.
  const u = s2 + e;
  const bu = u - s2;
  const v = s2 - (u - bu) + (e - bu);
  // r + w = s + u exactly.
  const r = s + u;
  const br = r - s;
  const w = s - (r - br) + (u - br);
  if (w === 0 && v === 0) return r;
  if (r === 0 || !Number.isFinite(r)) return fmaExact(a, b, c);
  const half = halfGap(r);
  if (Math.abs(w) + Math.abs(v) < half) return r;
  return fmaExact(a, b, c);
}

/** Half the smaller gap between r and its neighbours (r normal, non-zero). */
function halfGap(r: number): number {
  view.setFloat64(0, Math.abs(r));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = hi >>> 20;
  if (exp === 0) return 2 ** -1075; // subnormal: gap 2^-1074
  const ulp = 2 ** (exp - 1075); // 2^(exp - 1023 - 52)
  const isPowerOfTwo = (hi & 0xfffff) === 0 && lo === 0;
  return (isPowerOfTwo ? ulp / 2 : ulp) / 2;
}

/** Mantissa and exponent of a finite double: x = m * 2^e exactly, m a (signed) BigInt. */
function decompose(x: number): { m: bigint; e: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return { m: sign * mant, e };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** x * 2^k for any integer k, exact whenever the result is representable. */
function scale2(x: number, k: number): number {
  while (k > 1000) {
    x *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    x *= 2 ** -1000;
    k += 1000;
  }
  return x * 2 ** k;
}

/** Exact a*b + c, rounded once. */
export function fmaExact(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || a === 0 || b === 0) return p + c;
  const A = decompose(a);
  const B = decompose(b);
  const C = decompose(c);
  const ep = A.e + B.e;
  const e0 = Math.min(ep, C.e);
  const mp = (A.m * B.m) << BigInt(ep - e0);
  const mc = C.m << BigInt(C.e - e0);
  let m = mp + mc;
  if (m === 0n) return p + c; // exact zero: the sign follows IEEE's sum rule
  const neg = m < 0n;
  if (neg) m = -m;
  // Round m * 2^e0 to 53 significant bits (fewer for subnormals), to nearest, ties to even.
  const low = Math.max(bitLength(m) + e0 - 53, -1074);
  let out: number;
  if (low <= e0) out = scale2(Number(m), e0);
  else {
    const shift = BigInt(low - e0);
    let q = m >> shift;
    const rem = m & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    out = scale2(Number(q), low);
  }
  return neg ? -out : out;
}

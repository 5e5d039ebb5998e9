;; The sparse inner loops of SGD (sklearn/utils/_weight_vector.pyx and _sgd_fast.pyx), used by
;; sgd-rows.ts and math/packed-csr-matrix.ts. Compiled by `pnpm --filter @icepickle/core wasm` into
;; wasm-kernel-bytes.ts (a test checks that the two agree).
;;
;; Every loop does the IEEE double operations of the JavaScript loops it replaces, in scikit-learn's
;; order (wasm 1.0 has no fused multiply-add), so results are bit-identical. Addresses are byte offsets
;; into the imported memory; `start` and `end` count stored entries (CSR positions). The sums are
;; unrolled by four with the additions still one after the other: fewer loop branches and address
;; updates, the same values.
(module
  (import "e" "m" (memory 1))

  ;; s + w[idx[0]] * data[0] + w[idx[1]] * data[1] + ..., left to right, for the entries whose index
  ;; address pi runs up to pe (pd: the address of the matching value).
  (func $sum (param $s f64) (param $pi i32) (param $pd i32) (param $pe i32) (param $w i32) (result f64)
    (local $pe4 i32)
    (local.set $pe4 (i32.sub (local.get $pe) (i32.const 12)))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_s (local.get $pi) (local.get $pe4)))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $w) (i32.shl (i32.load offset=0 (local.get $pi)) (i32.const 3)))) (f64.load offset=0 (local.get $pd)))))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $w) (i32.shl (i32.load offset=4 (local.get $pi)) (i32.const 3)))) (f64.load offset=8 (local.get $pd)))))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $w) (i32.shl (i32.load offset=8 (local.get $pi)) (i32.const 3)))) (f64.load offset=16 (local.get $pd)))))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $w) (i32.shl (i32.load offset=12 (local.get $pi)) (i32.const 3)))) (f64.load offset=24 (local.get $pd)))))
        (local.set $pi (i32.add (local.get $pi) (i32.const 16)))
        (local.set $pd (i32.add (local.get $pd) (i32.const 32)))
        (br $four)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $pi) (local.get $pe)))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $w) (i32.shl (i32.load (local.get $pi)) (i32.const 3)))) (f64.load (local.get $pd)))))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (local.set $pd (i32.add (local.get $pd) (i32.const 8)))
        (br $one)))
    (local.get $s))

  ;; WeightVector.dot without the final * wscale: sum of w[idx[k]] * data[k] for k in [start, end), in order.
  (func (export "dot") (param $idx i32) (param $data i32) (param $w i32) (param $start i32) (param $end i32) (result f64)
    (call $sum (f64.const 0)
      (i32.add (local.get $idx) (i32.shl (local.get $start) (i32.const 2)))
      (i32.add (local.get $data) (i32.shl (local.get $start) (i32.const 3)))
      (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2)))
      (local.get $w)))

  ;; WeightVector.add: w[idx[k]] += data[k] * step, each entry read after the previous one's store (so a
  ;; column stored twice in a row is updated twice, as scikit-learn's).
  (func $add (export "add") (param $idx i32) (param $data i32) (param $w i32) (param $start i32) (param $end i32) (param $step f64)
    (local $pi i32) (local $pd i32) (local $pe i32) (local $pe4 i32) (local $a i32)
    (local.set $pi (i32.add (local.get $idx) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $pd (i32.add (local.get $data) (i32.shl (local.get $start) (i32.const 3))))
    (local.set $pe (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $pe4 (i32.sub (local.get $pe) (i32.const 12)))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_s (local.get $pi) (local.get $pe4)))
        (local.set $a (i32.add (local.get $w) (i32.shl (i32.load offset=0 (local.get $pi)) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.mul (f64.load offset=0 (local.get $pd)) (local.get $step))))
        (local.set $a (i32.add (local.get $w) (i32.shl (i32.load offset=4 (local.get $pi)) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.mul (f64.load offset=8 (local.get $pd)) (local.get $step))))
        (local.set $a (i32.add (local.get $w) (i32.shl (i32.load offset=8 (local.get $pi)) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.mul (f64.load offset=16 (local.get $pd)) (local.get $step))))
        (local.set $a (i32.add (local.get $w) (i32.shl (i32.load offset=12 (local.get $pi)) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.mul (f64.load offset=24 (local.get $pd)) (local.get $step))))
        (local.set $pi (i32.add (local.get $pi) (i32.const 16)))
        (local.set $pd (i32.add (local.get $pd) (i32.const 32)))
        (br $four)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $pi) (local.get $pe)))
        (local.set $a (i32.add (local.get $w) (i32.shl (i32.load (local.get $pi)) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.mul (f64.load (local.get $pd)) (local.get $step))))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (local.set $pd (i32.add (local.get $pd) (i32.const 8)))
        (br $one)))
  )

  ;; The cumulative L1 penalty (Tsuruoka et al. 2009, scikit-learn's l1penalty) over the stored columns:
  ;; z = w[j]; if wscale * z > 0: w[j] = max(0, z - (u + q[j]) / wscale)
  ;; elif wscale * z < 0: w[j] = min(0, z + (u - q[j]) / wscale); then q[j] += wscale * (w[j] - z).
  ;; (f64.max / f64.min are JavaScript's Math.max / Math.min: NaN wins, -0 < +0.)
  (func $l1 (export "l1") (param $idx i32) (param $w i32) (param $q i32) (param $start i32) (param $end i32) (param $wscale f64) (param $u f64)
    (local $k i32) (local $aw i32) (local $aq i32) (local $z f64) (local $next f64)
    (local.set $k (local.get $start))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $aw (i32.add (local.get $w) (i32.shl (i32.load (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3))))
        (local.set $aq (i32.add (local.get $q) (i32.sub (local.get $aw) (local.get $w))))
        (local.set $z (f64.load (local.get $aw)))
        (local.set $next (local.get $z))
        (if (f64.gt (f64.mul (local.get $wscale) (local.get $z)) (f64.const 0))
          (then
            (local.set $next (f64.max (f64.const 0)
              (f64.sub (local.get $z) (f64.div (f64.add (local.get $u) (f64.load (local.get $aq))) (local.get $wscale))))))
          (else
            (if (f64.lt (f64.mul (local.get $wscale) (local.get $z)) (f64.const 0))
              (then
                (local.set $next (f64.min (f64.const 0)
                  (f64.add (local.get $z) (f64.div (f64.sub (local.get $u) (f64.load (local.get $aq))) (local.get $wscale)))))))))
        (f64.store (local.get $aw) (local.get $next))
        (f64.store (local.get $aq) (f64.add (f64.load (local.get $aq)) (f64.mul (local.get $wscale) (f64.sub (local.get $next) (local.get $z)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each)))
  )

;; The compact w's columns as a bit set (X's stored columns, and a loaded model's support): rank
  ;; (count of set bits before a column) replaces a 4-byte-per-column table, so that renumbering reads
  ;; 256 KiB for 2^20 columns, which stay in cache, where the table's 4 MiB did not.
  ;; before[w] = the number of set bits in bits[0 .. w - 1], for w < nWords; returns the total.
  (func (export "prefix") (param $bits i32) (param $before i32) (param $nWords i32) (result i32)
    (local $wd i32) (local $count i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $wd) (local.get $nWords)))
        (i32.store (i32.add (local.get $before) (i32.shl (local.get $wd) (i32.const 2))) (local.get $count))
        (local.set $count (i32.add (local.get $count)
          (i32.popcnt (i32.load (i32.add (local.get $bits) (i32.shl (local.get $wd) (i32.const 2)))))))
        (local.set $wd (i32.add (local.get $wd) (i32.const 1)))
        (br $each)))
    (local.get $count))

  ;; The positions of the set bits, increasing, into out[0], out[1], ...; returns how many.
  (func (export "select") (param $bits i32) (param $nWords i32) (param $out i32) (result i32)
    (local $wd i32) (local $word i32) (local $at i32)
    (local.set $at (local.get $out))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $wd) (local.get $nWords)))
        (local.set $word (i32.load (i32.add (local.get $bits) (i32.shl (local.get $wd) (i32.const 2)))))
        (block $empty
          (loop $bit
            (br_if $empty (i32.eqz (local.get $word)))
            (i32.store (local.get $at) (i32.or (i32.shl (local.get $wd) (i32.const 5)) (i32.ctz (local.get $word))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            ;; clears the lowest set bit
            (local.set $word (i32.and (local.get $word) (i32.sub (local.get $word) (i32.const 1))))
            (br $bit)))
        (local.set $wd (i32.add (local.get $wd) (i32.const 1)))
        (br $each)))
    (i32.shr_u (i32.sub (local.get $at) (local.get $out)) (i32.const 2)))

  ;; idx[k] = the rank of column idx[k] among the set bits (before[j >>> 5] plus the set bits of its word
  ;; below j), for k in [start, end).
  (func (export "rank") (param $idx i32) (param $bits i32) (param $before i32) (param $start i32) (param $end i32)
    (local $pi i32) (local $pe i32) (local $j i32) (local $wa i32)
    (local.set $pi (i32.add (local.get $idx) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $pe (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $pi) (local.get $pe)))
        (local.set $j (i32.load (local.get $pi)))
        (local.set $wa (i32.shl (i32.shr_u (local.get $j) (i32.const 5)) (i32.const 2)))
        (i32.store (local.get $pi)
          (i32.add (i32.load (i32.add (local.get $before) (local.get $wa)))
            (i32.popcnt (i32.and (i32.load (i32.add (local.get $bits) (local.get $wa)))
              (i32.sub (i32.shl (i32.const 1) (local.get $j)) (i32.const 1))))))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $each)))
  )

  ;; The columns X stores as a bit set: bits[j >>> 5] |= 1 << (j & 31) for j = idx[k], k in [start, end).
  (func (export "mark") (param $idx i32) (param $bits i32) (param $start i32) (param $end i32)
    (local $pi i32) (local $pe i32) (local $j i32) (local $a i32)
    (local.set $pi (i32.add (local.get $idx) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $pe (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $pi) (local.get $pe)))
        (local.set $j (i32.load (local.get $pi)))
        (local.set $a (i32.add (local.get $bits) (i32.shl (i32.shr_u (local.get $j) (i32.const 5)) (i32.const 2))))
        (i32.store (local.get $a) (i32.or (i32.load (local.get $a)) (i32.shl (i32.const 1) (local.get $j))))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $each)))
  )

  ;; ---------------------------------------------------------------------------------------------------
  ;; One epoch of scikit-learn's _plain_sgd over sparse rows, for the common settings: no averaging, not
  ;; passive-aggressive, no early stopping and a loss without exp/log (all but log_loss); invscaling's
  ;; etas come precomputed in $etas (one per sample of the epoch). plain-sgd.ts's runEpoch is the
  ;; reference (and runs every other setting); the operations and their order are the same, so the
  ;; results are bit-identical.
  ;; Loss codes (loss-functions.ts LOSS): 0 hinge, 1 squared hinge, 3 modified Huber, 4 squared error,
  ;; 5 Huber, 6 epsilon-insensitive, 7 squared epsilon-insensitive. Learning rates: 1 constant, 2 optimal,
  ;; 3 invscaling, 4 adaptive. Penalties: 0 none, 1 l1, 2 l2, 3 elasticnet.

  ;; The loss and its derivative dloss/dp at prediction p for target y (loss-functions.ts's lossValue and
  ;; lossDerivative, operation for operation).
  (func $loss (param $code i32) (param $param f64) (param $p f64) (param $y f64) (result f64 f64)
    (local $z f64)
    (if (i32.eq (local.get $code) (i32.const 0))
      (then
        (local.set $z (f64.mul (local.get $p) (local.get $y)))
        (if (f64.le (local.get $z) (local.get $param))
          (then (return (f64.sub (local.get $param) (local.get $z)) (f64.neg (local.get $y)))))
        (return (f64.const 0) (f64.const 0))))
    (if (i32.eq (local.get $code) (i32.const 1))
      (then
        (local.set $z (f64.sub (local.get $param) (f64.mul (local.get $p) (local.get $y))))
        (if (f64.gt (local.get $z) (f64.const 0))
          (then (return (f64.mul (local.get $z) (local.get $z)) (f64.mul (f64.mul (f64.const -2) (local.get $y)) (local.get $z)))))
        (return (f64.const 0) (f64.const 0))))
    (if (i32.eq (local.get $code) (i32.const 3))
      (then
        (local.set $z (f64.mul (local.get $p) (local.get $y)))
        (if (f64.ge (local.get $z) (f64.const 1)) (then (return (f64.const 0) (f64.const 0))))
        (if (f64.ge (local.get $z) (f64.const -1))
          (then (return
            (f64.mul (f64.sub (f64.const 1) (local.get $z)) (f64.sub (f64.const 1) (local.get $z)))
            (f64.mul (f64.mul (f64.const 2) (f64.sub (f64.const 1) (local.get $z))) (f64.neg (local.get $y))))))
        (return (f64.mul (f64.const -4) (local.get $z)) (f64.mul (f64.const -4) (local.get $y)))))
    (if (i32.eq (local.get $code) (i32.const 4))
      (then
        (local.set $z (f64.sub (local.get $p) (local.get $y)))
        (return (f64.mul (f64.mul (f64.const 0.5) (local.get $z)) (local.get $z)) (local.get $z))))
    (if (i32.eq (local.get $code) (i32.const 5))
      (then
        (local.set $z (f64.sub (local.get $p) (local.get $y)))
        (if (f64.le (f64.abs (local.get $z)) (local.get $param))
          (then (return (f64.mul (f64.mul (f64.const 0.5) (local.get $z)) (local.get $z)) (local.get $z))))
        (return
          (f64.sub (f64.mul (local.get $param) (f64.abs (local.get $z))) (f64.mul (f64.mul (f64.const 0.5) (local.get $param)) (local.get $param)))
          (select (local.get $param) (f64.neg (local.get $param)) (f64.gt (local.get $z) (f64.const 0))))))
    ;; 6 and 7: z = y - p, ret = |y - p| - epsilon
    (local.set $z (f64.sub (local.get $y) (local.get $p)))
    (if (i32.eq (local.get $code) (i32.const 6))
      (then
        (return
          (select (f64.sub (f64.abs (local.get $z)) (local.get $param)) (f64.const 0) (f64.gt (f64.sub (f64.abs (local.get $z)) (local.get $param)) (f64.const 0)))
          (select (f64.const -1)
            (select (f64.const 1) (f64.const 0) (f64.gt (f64.sub (local.get $p) (local.get $y)) (local.get $param)))
            (f64.gt (local.get $z) (local.get $param))))))
    (return
      (select
        (f64.mul (f64.sub (f64.abs (local.get $z)) (local.get $param)) (f64.sub (f64.abs (local.get $z)) (local.get $param)))
        (f64.const 0)
        (f64.gt (f64.sub (f64.abs (local.get $z)) (local.get $param)) (f64.const 0)))
      (select (f64.mul (f64.const -2) (f64.sub (local.get $z) (local.get $param)))
        (select (f64.mul (f64.const 2) (f64.sub (f64.neg (local.get $z)) (local.get $param))) (f64.const 0) (f64.lt (local.get $z) (f64.neg (local.get $param))))
        (f64.gt (local.get $z) (local.get $param)))))

  ;; WeightVector.reset_wscale without averaging: w *= wscale over w[0], ..., w[n - 1] (dscal: zeros for
  ;; a zero factor). plain-sgd.ts skips zeros instead, which leaves the same values: wscale > 0, and
  ;; 0 * wscale keeps the zero's sign.
  (func $fold (export "fold") (param $w i32) (param $n i32) (param $wscale f64)
    (local $end i32)
    (if (f64.eq (local.get $wscale) (f64.const 0))
      (then
        (memory.fill (local.get $w) (i32.const 0) (i32.shl (local.get $n) (i32.const 3)))
        (return)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (f64.store (local.get $w) (f64.mul (f64.load (local.get $w)) (local.get $wscale)))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (br $each)))
  )

  ;; 1 when w[0], ..., w[n - 1] are all finite, else 0 (x * 0 is 0 for a finite x and NaN otherwise;
  ;; two sums, alternating, so that the additions overlap).
  (func (export "finite") (param $w i32) (param $n i32) (result i32)
    (local $a f64) (local $b f64) (local $end i32)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $a (f64.add (local.get $a) (f64.mul (f64.load (local.get $w)) (f64.const 0))))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        ;; the second sum takes the next value, when there is one
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $b (f64.add (local.get $b) (f64.mul (f64.load (local.get $w)) (f64.const 0))))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (br $each)))
    (f64.eq (f64.add (local.get $a) (local.get $b)) (f64.const 0)))

  ;; Samples order[from], order[from + 1], ... order[n - 1]. The carried values live at $st as f64:
  ;; [0] t, [8] eta, [16] intercept, [24] wscale, [32] u (cumulative L1), [40] the summed loss.
  ;; Returns n, or, when $stopOnNonFinite is set, the position of the first sample whose prediction is
  ;; not finite (unprocessed; the caller checks X's values and calls again from there).
  (func (export "epoch")
    (param $idx i32) (param $data i32) (param $w i32) (param $q i32) (param $ptr i32)
    (param $order i32) (param $y i32) (param $sw i32) (param $from i32) (param $n i32) (param $st i32)
    (param $loss i32) (param $lossParam f64) (param $lr i32) (param $penalty i32)
    (param $alpha f64) (param $l1Ratio f64) (param $optimalInit f64)
    (param $weightPos f64) (param $weightNeg f64) (param $decay f64) (param $fitIntercept i32)
    (param $nFeatures i32) (param $stopOnNonFinite i32) (param $etas i32)
    (result i32)
    (local $i i32) (local $s i32) (local $start i32) (local $end i32)
    (local $t f64) (local $eta f64) (local $intercept f64) (local $wscale f64) (local $u f64) (local $sumloss f64)
    (local $p f64) (local $yi f64) (local $dloss f64) (local $update f64)
    (local.set $t (f64.load offset=0 (local.get $st)))
    (local.set $eta (f64.load offset=8 (local.get $st)))
    (local.set $intercept (f64.load offset=16 (local.get $st)))
    (local.set $wscale (f64.load offset=24 (local.get $st)))
    (local.set $u (f64.load offset=32 (local.get $st)))
    (local.set $sumloss (f64.load offset=40 (local.get $st)))
    (local.set $i (local.get $from))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $start (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $yi (f64.load (i32.add (local.get $y) (i32.shl (local.get $s) (i32.const 3)))))
        (local.set $p (f64.add
          (f64.mul
            (call $sum (f64.const 0)
              (i32.add (local.get $idx) (i32.shl (local.get $start) (i32.const 2)))
              (i32.add (local.get $data) (i32.shl (local.get $start) (i32.const 3)))
              (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2)))
              (local.get $w))
            (local.get $wscale))
          (local.get $intercept)))
        ;; p - p is 0 exactly when p is finite
        (if (i32.and (local.get $stopOnNonFinite) (f64.ne (f64.sub (local.get $p) (local.get $p)) (f64.const 0)))
          (then (br $done)))
        (if (i32.eq (local.get $lr) (i32.const 2))
          (then
            (local.set $eta (f64.div (f64.const 1)
              (f64.mul (local.get $alpha) (f64.sub (f64.add (local.get $optimalInit) (local.get $t)) (f64.const 1)))))))
        ;; invscaling: eta0 / t^power_t, computed by the caller for this epoch's t (JavaScript's powCR)
        (if (i32.eq (local.get $lr) (i32.const 3))
          (then (local.set $eta (f64.load (i32.add (local.get $etas) (i32.shl (local.get $i) (i32.const 3)))))))
        (call $loss (local.get $loss) (local.get $lossParam) (local.get $p) (local.get $yi))
        (local.set $dloss)
        (local.set $sumloss (f64.add (local.get $sumloss)))
        (if (f64.lt (local.get $dloss) (f64.const -1e12))
          (then (local.set $dloss (f64.const -1e12)))
          (else (if (f64.gt (local.get $dloss) (f64.const 1e12)) (then (local.set $dloss (f64.const 1e12))))))
        (local.set $update (f64.mul (f64.neg (local.get $eta)) (local.get $dloss)))
        (local.set $update (f64.mul (local.get $update)
          (f64.mul
            (select (local.get $weightPos) (local.get $weightNeg) (f64.gt (local.get $yi) (f64.const 0)))
            (f64.load (i32.add (local.get $sw) (i32.shl (local.get $s) (i32.const 3)))))))
        (if (i32.ge_s (local.get $penalty) (i32.const 2))
          (then
            (local.set $wscale (f64.mul (local.get $wscale)
              (f64.max (f64.const 0)
                (f64.sub (f64.const 1) (f64.mul (f64.mul (f64.sub (f64.const 1) (local.get $l1Ratio)) (local.get $eta)) (local.get $alpha))))))
            (if (f64.lt (local.get $wscale) (f64.const 1e-9))
              (then
                (call $fold (local.get $w) (local.get $nFeatures) (local.get $wscale))
                (local.set $wscale (f64.const 1))))))
        (if (f64.ne (local.get $update) (f64.const 0))
          (then
            (call $add (local.get $idx) (local.get $data) (local.get $w) (local.get $start) (local.get $end)
              (f64.div (local.get $update) (local.get $wscale)))
            (if (local.get $fitIntercept)
              (then (local.set $intercept (f64.add (local.get $intercept) (f64.mul (local.get $update) (local.get $decay))))))))
        (if (i32.or (i32.eq (local.get $penalty) (i32.const 1)) (i32.eq (local.get $penalty) (i32.const 3)))
          (then
            (local.set $u (f64.add (local.get $u) (f64.mul (f64.mul (local.get $l1Ratio) (local.get $eta)) (local.get $alpha))))
            (call $l1 (local.get $idx) (local.get $w) (local.get $q) (local.get $start) (local.get $end) (local.get $wscale) (local.get $u))))
        (local.set $t (f64.add (local.get $t) (f64.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $samples)))
    (f64.store offset=0 (local.get $st) (local.get $t))
    (f64.store offset=8 (local.get $st) (local.get $eta))
    (f64.store offset=16 (local.get $st) (local.get $intercept))
    (f64.store offset=24 (local.get $st) (local.get $wscale))
    (f64.store offset=32 (local.get $st) (local.get $u))
    (f64.store offset=40 (local.get $st) (local.get $sumloss))
    (local.get $i))
)

;; A standardised dense row times a weight vector, for a StandardScaler followed by a linear model
;; (pipeline/affine-decision.ts): out[i] = sum over j of ((x[i, j] - shift[j]) / divisor[j]) * w[j], added
;; left to right from 0, then + b. The same IEEE double operations in the same order as StandardScaler's
;; transform (standardizeDense) followed by math/decision.ts's denseTimesVector, so the values are
;; bit-identical; the subtractions and divisions run two lanes at a time (f64x2: each lane is the
;; scalar operation, exactly rounded), which is what the JavaScript loop spends its time on.
;; Compiled apart from wasm-kernel.wat so that a runtime without SIMD keeps SGD's kernel.
;; Addresses are byte offsets into the imported memory; x holds `rows` rows of `m` values, row-major.
(module
  (import "e" "m" (memory 1))
  (func (export "scaledDot")
    (param $x i32) (param $rows i32) (param $m i32) (param $shift i32) (param $divisor i32) (param $w i32)
    (param $b f64) (param $out i32)
    (local $i i32) (local $j i32) (local $pairs i32) (local $at i32) (local $s f64) (local $v v128)
    (local.set $pairs (i32.and (local.get $m) (i32.const -2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $s (f64.const 0))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pair
            (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $pairs)))
            (local.set $at (i32.shl (local.get $j) (i32.const 3)))
            (local.set $v
              (f64x2.div
                (f64x2.sub
                  (v128.load (i32.add (local.get $x) (local.get $at)))
                  (v128.load (i32.add (local.get $shift) (local.get $at))))
                (v128.load (i32.add (local.get $divisor) (local.get $at)))))
            (local.set $s
              (f64.add (local.get $s)
                (f64.mul (f64x2.extract_lane 0 (local.get $v)) (f64.load (i32.add (local.get $w) (local.get $at))))))
            (local.set $s
              (f64.add (local.get $s)
                (f64.mul (f64x2.extract_lane 1 (local.get $v))
                  (f64.load offset=8 (i32.add (local.get $w) (local.get $at))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pair)))
        ;; an odd m: the last column alone
        (if (i32.lt_u (local.get $j) (local.get $m))
          (then
            (local.set $at (i32.shl (local.get $j) (i32.const 3)))
            (local.set $s
              (f64.add (local.get $s)
                (f64.mul
                  (f64.div
                    (f64.sub
                      (f64.load (i32.add (local.get $x) (local.get $at)))
                      (f64.load (i32.add (local.get $shift) (local.get $at))))
                    (f64.load (i32.add (local.get $divisor) (local.get $at))))
                  (f64.load (i32.add (local.get $w) (local.get $at))))))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (local.get $s) (local.get $b)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $m) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))
)

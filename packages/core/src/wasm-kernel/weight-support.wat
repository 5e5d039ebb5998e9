;; The support of a loaded model's weights (estimators/sgd/weight-support.ts): the columns where w is
;; not +0, as a bit set, and whether a value is NaN or ±Infinity. Eight values per step, two lanes per
;; v128: a block of eight +0 (all bits clear) is one test, so the 2^20 zeros of a hashed model cost
;; about what numpy's passes over w do. Compiled apart from wasm-kernel.wat so that a runtime without
;; SIMD keeps SGD's kernel (the JavaScript loop gives the same columns).
;; Addresses are byte offsets into the imported memory.
(module
  (import "e" "m" (memory 1))

  ;; bits[k] |= (bit i set when w[8k + i] is not +0), for the n values at w (n a multiple of 8): column
  ;; j is bit (j & 7) of byte bits + (j >> 3), so rows of the same columns OR into one set. Returns 1
  ;; when one of them is NaN or ±Infinity (its exponent bits all set), else 0.
  (func (export "support") (param $w i32) (param $n i32) (param $bits i32) (result i32)
    (local $end i32) (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $bad v128)
    (local $exp v128) (local $mask i32)
    (local.set $exp (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $a (v128.load offset=0 (local.get $w)))
        (local.set $b (v128.load offset=16 (local.get $w)))
        (local.set $c (v128.load offset=32 (local.get $w)))
        (local.set $d (v128.load offset=48 (local.get $w)))
        (if (v128.any_true (v128.or (v128.or (local.get $a) (local.get $b)) (v128.or (local.get $c) (local.get $d))))
          (then
            (local.set $bad (v128.or (local.get $bad)
              (v128.or
                (v128.or
                  (i64x2.eq (v128.and (local.get $a) (local.get $exp)) (local.get $exp))
                  (i64x2.eq (v128.and (local.get $b) (local.get $exp)) (local.get $exp)))
                (v128.or
                  (i64x2.eq (v128.and (local.get $c) (local.get $exp)) (local.get $exp))
                  (i64x2.eq (v128.and (local.get $d) (local.get $exp)) (local.get $exp))))))
            (local.set $mask (i32.or
              (i32.or
                (i64x2.bitmask (i64x2.ne (local.get $a) (v128.const i64x2 0 0)))
                (i32.shl (i64x2.bitmask (i64x2.ne (local.get $b) (v128.const i64x2 0 0))) (i32.const 2)))
              (i32.or
                (i32.shl (i64x2.bitmask (i64x2.ne (local.get $c) (v128.const i64x2 0 0))) (i32.const 4))
                (i32.shl (i64x2.bitmask (i64x2.ne (local.get $d) (v128.const i64x2 0 0))) (i32.const 6)))))
            (i32.store8 (local.get $bits) (i32.or (i32.load8_u (local.get $bits)) (local.get $mask)))))
        (local.set $w (i32.add (local.get $w) (i32.const 64)))
        (local.set $bits (i32.add (local.get $bits) (i32.const 1)))
        (br $each)))
    (v128.any_true (local.get $bad)))

  ;; The number of set bits in the nWords 8-byte words at bits.
  (func (export "count") (param $bits i32) (param $nWords i32) (result i32)
    (local $end i32) (local $count i64)
    (local.set $end (i32.add (local.get $bits) (i32.shl (local.get $nWords) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $bits) (local.get $end)))
        (local.set $count (i64.add (local.get $count) (i64.popcnt (i64.load (local.get $bits)))))
        (local.set $bits (i32.add (local.get $bits) (i32.const 8)))
        (br $each)))
    (i32.wrap_i64 (local.get $count)))

  ;; The positions of the set bits of the nWords 8-byte words at bits, increasing, as i32 into out[0],
  ;; out[1], ...; returns how many.
  (func (export "select") (param $bits i32) (param $nWords i32) (param $out i32) (result i32)
    (local $wd i32) (local $word i64) (local $at i32)
    (local.set $at (local.get $out))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $wd) (local.get $nWords)))
        (local.set $word (i64.load (i32.add (local.get $bits) (i32.shl (local.get $wd) (i32.const 3)))))
        (block $empty
          (loop $bit
            (br_if $empty (i64.eqz (local.get $word)))
            (i32.store (local.get $at)
              (i32.or (i32.shl (local.get $wd) (i32.const 6)) (i32.wrap_i64 (i64.ctz (local.get $word)))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            ;; clears the lowest set bit
            (local.set $word (i64.and (local.get $word) (i64.sub (local.get $word) (i64.const 1))))
            (br $bit)))
        (local.set $wd (i32.add (local.get $wd) (i32.const 1)))
        (br $each)))
    (i32.shr_u (i32.sub (local.get $at) (local.get $out)) (i32.const 2)))
)

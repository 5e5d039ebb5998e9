/**
 * Bob Jenkins' lookup3 `hashlittle` with initval 0: the checksum of every version-2 structure
 * (HDF5 H5checksum.c, H5_checksum_lookup3). The same function as @icepickle/hdf5-js's (which this
 * package does not depend on); here it re-seals an object header after bool-enum.ts edits it.
 */
function rot(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export function lookup3(key: Uint8Array, initval = 0): number {
  let length = key.length;
  let a = (0xdeadbeef + length + initval) | 0;
  let b = a;
  let c = a;
  let k = 0;
  while (length > 12) {
    a = (a + (key[k]! | (key[k + 1]! << 8) | (key[k + 2]! << 16) | (key[k + 3]! << 24))) | 0;
    b = (b + (key[k + 4]! | (key[k + 5]! << 8) | (key[k + 6]! << 16) | (key[k + 7]! << 24))) | 0;
    c = (c + (key[k + 8]! | (key[k + 9]! << 8) | (key[k + 10]! << 16) | (key[k + 11]! << 24))) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 4);
    b = (b + a) | 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) return c >>> 0;
  const tail = (i: number): number => (i < length ? key[k + i]! : 0);
  c = (c + ((tail(11) << 24) | (tail(10) << 16) | (tail(9) << 8) | tail(8))) | 0;
  b = (b + ((tail(7) << 24) | (tail(6) << 16) | (tail(5) << 8) | tail(4))) | 0;
  a = (a + ((tail(3) << 24) | (tail(2) << 16) | (tail(1) << 8) | tail(0))) | 0;
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  return c >>> 0;
}

/** Verifies the 4-byte little-endian checksum that follows `bytes[0..end)`. */

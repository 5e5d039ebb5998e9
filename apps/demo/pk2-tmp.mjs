import { readFileSync } from 'node:fs';
import { CsrMatrix } from '@icepickle/core';
import { PackedCsrMatrix } from '@icepickle/core/packed';
const bin = (name, Type) => { const b = readFileSync('/work/main/bench/out/' + name); return new Type(b.buffer, b.byteOffset, b.byteLength / Type.BYTES_PER_ELEMENT); };
const indptr = bin('imdb10k_indptr.bin', Int32Array), indices = bin('imdb10k_indices.bin', Int32Array), data = bin('imdb10k_data.bin', Float64Array);
const n = indptr.length - 1, F = 1 << 20;
const X = new CsrMatrix({ indptr, indices, data, shape: [n, F] });
const ts = []; for (let r = 0; r < 25; r++) { const t = process.hrtime.bigint(); PackedCsrMatrix.from(X); ts.push(Number(process.hrtime.bigint() - t) / 1e6); }
ts.sort((a, b) => a - b); console.log('pack best', ts[0].toFixed(2), 'median', ts[12].toFixed(2));

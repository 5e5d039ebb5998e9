#!/usr/bin/env node
// Edge build of h5wasm, for runtimes that forbid compiling WebAssembly from bytes (Cloudflare workerd,
// Vercel Edge). h5wasm's ESM build embeds its wasm as a string literal and compiles it when imported,
// which those runtimes refuse (a Worker just hangs). This script, run after tsc:
//   - extracts the embedded binary to dist/hdf5.wasm (importable as a precompiled WebAssembly.Module);
//   - writes dist/vendor/hdf5_util.js without the 4 MB literal, and dist/vendor/h5wasm-edge.js, h5wasm's
//     hdf5_hl.js whose import-time `ready` is replaced by `instantiate(wasmModule)`, which hands the
//     precompiled module to the Emscripten factory through its `instantiateWasm` hook.
// Every rewrite must match exactly once, so an h5wasm upgrade that changes these files fails the build.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const esmDir = dirname(fileURLToPath(import.meta.resolve('h5wasm')));
const dist = join(pkg, 'dist');
mkdirSync(join(dist, 'vendor'), { recursive: true });

function replaceOnce(text, from, to, what) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`build-edge: h5wasm changed, cannot find exactly one ${what}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

// 1. The wasm binary: findWasmBinary(){return binaryDecode('<string literal, one char per byte>')}
let util = readFileSync(join(esmDir, 'hdf5_util.js'), 'utf8');
const head = "function findWasmBinary(){return binaryDecode('";
const tail = "')}function getBinarySync";
const start = util.indexOf(head);
if (start < 0 || util.indexOf(head, start + 1) >= 0)
  throw new Error('build-edge: h5wasm changed, cannot find its embedded wasm');
const end = util.indexOf(tail, start + head.length);
const literal = util.slice(start + head.length - 1, end + 1);
const text = Function(`"use strict"; return ${literal};`)();
const wasm = new Uint8Array(text.length);
// Emscripten's binaryDecode: each char code c holds one byte as ~c >> 8 & c
for (let i = 0; i < text.length; i++) {
  const c = text.charCodeAt(i);
  wasm[i] = (~c >> 8) & c;
}
if (!WebAssembly.validate(wasm)) throw new Error('build-edge: the extracted h5wasm binary is not valid WebAssembly');
writeFileSync(join(dist, 'hdf5.wasm'), wasm);
util =
  util.slice(0, start) +
  "function findWasmBinary(){throw new Error('@icepickle/hdf5-wasm edge build: h5wasm needs the precompiled module (dist/hdf5.wasm)')}" +
  util.slice(end + 3); // keep what follows the closing ')}'
// A module compiled in another realm (a host handing one to a VM, as edge emulators do) fails
// `instanceof WebAssembly.Module` although WebAssembly accepts it: test the brand instead.
const brand = 'binary instanceof WebAssembly.Module';
if (util.split(brand).length !== 4)
  throw new Error('build-edge: h5wasm changed, expected three WebAssembly.Module checks');
util = util.replaceAll(
  brand,
  "(binary instanceof WebAssembly.Module||Object.prototype.toString.call(binary)==='[object WebAssembly.Module]')",
);
writeFileSync(join(dist, 'vendor', 'hdf5_util.js'), util);

// 2. The high-level API, initialised on demand with a precompiled module.
let hl = readFileSync(join(esmDir, 'hdf5_hl.js'), 'utf8');
hl = replaceOnce(
  hl,
  'const ready = ModuleFactory({ noInitialRun: true }).then(result => { Module = result; FS = Module.FS; return Module; });',
  `let ready;
let started;
/** Starts h5wasm on a precompiled WebAssembly.Module (never compiles bytes); later calls share the first. */
export function instantiate(wasmModule) {
    ready ??= new Promise((resolve, reject) => {
        ModuleFactory({
            noInitialRun: true,
            instantiateWasm(imports, receive) {
                WebAssembly.instantiate(wasmModule, imports).then((instance) => { started = instance; receive(instance, wasmModule); }, reject);
                return {};
            },
        }).then(resolve, reject);
    }).then(result => { Module = result; FS = Module.FS; return Module; });
    return ready;
}
/** The started instance's shadow-stack pointer (a WebAssembly.Global), once instantiate() resolved. */
export function stackPointer() {
    return started?.exports.__stack_pointer;
}`,
  'import-time initialisation',
);
hl = replaceOnce(
  hl,
  "import ModuleFactory from './hdf5_util.js';",
  "import ModuleFactory from './hdf5_util.js';",
  'util import',
);
hl = replaceOnce(
  hl,
  '    ready,\n    ACCESS_MODES\n};',
  '    get ready() { return ready; },\n    ACCESS_MODES\n};',
  'default export',
);
writeFileSync(join(dist, 'vendor', 'h5wasm-edge.js'), hl);
copyFileSync(join(pkg, 'src', 'vendor', 'h5wasm-edge.d.ts'), join(dist, 'vendor', 'h5wasm-edge.d.ts'));
console.log(`build-edge: dist/hdf5.wasm (${wasm.length} bytes), dist/vendor/h5wasm-edge.js`);

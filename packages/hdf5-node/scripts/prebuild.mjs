#!/usr/bin/env node
// Makes the prebuilt addon for linux-x64 (glibc): prebuilds/linux-x64/, loaded by src/loader.ts when
// there is no build/ of your own (node-gyp-build's order). `prepack` runs it, so the tarball carries it.
//
//   node scripts/prebuild.mjs            (needs the source build's tools: g++, libhdf5-dev, pkg-config; and patchelf)
//
// Debian's static libhdf5.a cannot be linked into a shared object (built as position-dependent code:
// "relocation R_X86_64_PC32 against symbol `stderr' can not be used when making a shared object"), so
// the shared libraries ship beside the addon, as auditwheel does for Python wheels:
// - every library the addon needs that is not part of glibc or GCC's runtime (which Node itself needs)
//   is copied, renamed with a hash of its bytes (`libhdf5_serial-1a2b3c4d.so.103`) so it can never
//   be mistaken for, or replace, a system copy of the same soname loaded in the same process;
// - each file's RUNPATH is `$ORIGIN`, so the loader finds its neighbours wherever npm puts them;
// - libhdf5's libcurl and libcrypto (its S3 driver, never used here) are dropped (prebuild-elf.mjs)
//   and replaced by a tiny library of failing stubs, libicepickle-no-s3.so (NO_S3_STUBS below).
// Then the result is loaded in a clean child process and made to write and read a file.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dropVersionNeeds } from './prebuild-elf.mjs';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(packageRoot, 'prebuilds', 'linux-x64');
const ADDON = 'icepickle_hdf5.napi.glibc.node';

/** Provided by every glibc system Node runs on (Node itself links libstdc++ and libgcc_s): never bundled. */
const SYSTEM = new Set([
  'libc.so.6',
  'libm.so.6',
  'libpthread.so.0',
  'libdl.so.2',
  'librt.so.1',
  'ld-linux-x86-64.so.2',
  'libstdc++.so.6',
  'libgcc_s.so.1',
]);
/** Needed by libhdf5 only for its read-only S3 driver (H5FDros3.c), which icepickle never selects. */
const DROPPED = ['libcurl.so.4', 'libcrypto.so.3'];
/**
 * What libhdf5 imports from them, as stubs that fail (null / CURLE_FAILED_INIT), in a small library
 * libhdf5 is made to need instead: every symbol then resolves at load, so the prebuilt also loads
 * under LD_BIND_NOW=1, and an S3 call that should never happen fails instead of killing the process.
 */
const NO_S3_STUBS = `
  void* curl_easy_init(void) { return 0; }
  int curl_easy_setopt(void* handle, int option, ...) { return 2; }
  int curl_easy_perform(void* handle) { return 2; }
  void curl_easy_cleanup(void* handle) {}
  int curl_global_init(long flags) { return 2; }
  void curl_global_cleanup(void) {}
  void* curl_slist_append(void* list, const char* text) { return 0; }
  void curl_slist_free_all(void* list) {}
  const void* EVP_sha256(void) { return 0; }
  unsigned char* HMAC(const void* md, const void* key, int keyLength, const unsigned char* data, unsigned long n,
                      unsigned char* out, unsigned int* outLength) { return 0; }
  unsigned char* SHA256(const unsigned char* data, unsigned long n, unsigned char* out) { return 0; }
`;
/** Which notice in THIRD-PARTY-NOTICES.md covers each bundled library. */
const NOTICES = [
  [/^libhdf5/, 'HDF5'],
  [/^libsz|^libaec/, 'libaec'],
  [/^libz[-.]/, 'zlib'],
];

let staging;

function die(message) {
  if (staging) rmSync(staging, { recursive: true, force: true });
  console.error(`[@icepickle/hdf5-node] prebuild: ${message}`);
  process.exit(1);
}

function tool(name, args) {
  return execFileSync(name, args, { encoding: 'utf8' }).trim();
}

/** soname → path for this machine's x86-64 libraries (ldconfig's cache, as the loader resolves them). */
function librarySearch() {
  const out = new Map();
  for (const line of tool('ldconfig', ['-p']).split('\n')) {
    const m = /^\s*(\S+) \(libc6,x86-64[^)]*\) => (\S+)$/.exec(line);
    if (m && !out.has(m[1])) out.set(m[1], m[2]);
  }
  return out;
}

const needed = (file) => tool('patchelf', ['--print-needed', file]).split('\n').filter(Boolean);

/** The source build (build/Release), made or refreshed by install.mjs without looking at any prebuilt. */
function sourceBuild() {
  const r = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'install.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, ICEPICKLE_HDF5_NODE_FROM_SOURCE: '1' },
  });
  const addon = join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node');
  if (r.status !== 0 || !existsSync(addon)) die('the source build failed (see above); the prebuilt needs it');
  return addon;
}

/** Copies `addon` and every non-system library it needs (transitively) into `out`, relinked to each other. */
function bundle(addon, out) {
  const search = librarySearch();
  const renamed = new Map(); // soname → bundled file name
  const dropped = new Set(); // bundled files that lost libcurl / libcrypto
  const queue = [[addon, ADDON]];
  copyFileSync(addon, join(out, ADDON));
  // Before any patchelf edit: strip rewrites the layout patchelf made ("ELF load command
  // address/offset not page-aligned" when it runs after).
  tool('strip', ['--strip-unneeded', join(out, ADDON)]);
  while (queue.length > 0) {
    const [, name] = queue.shift();
    const file = join(out, name);
    for (const soname of needed(file)) {
      if (SYSTEM.has(soname)) continue;
      if (DROPPED.includes(soname)) {
        if (!/^libhdf5/.test(name)) die(`${name} needs ${soname}, which only libhdf5 may drop`);
        tool('patchelf', ['--remove-needed', soname, file]);
        dropped.add(name);
        continue;
      }
      if (!renamed.has(soname)) {
        const source = search.get(soname);
        if (!source) die(`${name} needs ${soname}, which ldconfig does not know`);
        const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 8);
        const [stem, ...version] = soname.split('.so');
        const bundled = `${stem}-${hash}.so${version.join('.so')}`;
        copyFileSync(source, join(out, bundled));
        tool('patchelf', ['--set-soname', bundled, join(out, bundled)]);
        renamed.set(soname, bundled);
        queue.push([source, bundled]);
      }
      tool('patchelf', ['--replace-needed', soname, renamed.get(soname), file]);
    }
    tool('patchelf', ['--set-rpath', '$ORIGIN', file]);
    if (dropped.has(name)) {
      dropVersionNeeds(file, DROPPED);
      tool('patchelf', ['--add-needed', noS3(out), file]);
    }
  }
  return [...renamed.values()];
}

/** Compiles the S3 stubs into `out` (once); the library's file name, which is also its soname. */
function noS3(out) {
  const name = 'libicepickle-no-s3.so';
  if (!existsSync(join(out, name))) {
    const source = join(out, 'no-s3.c');
    writeFileSync(source, NO_S3_STUBS);
    tool('cc', ['-shared', '-fPIC', '-O2', '-s', `-Wl,-soname,${name}`, '-o', join(out, name), source]);
    rmSync(source);
  }
  return name;
}

/** Every bundled library has its licence in THIRD-PARTY-NOTICES.md. */
function checkNotices(libraries) {
  const notices = readFileSync(join(packageRoot, 'THIRD-PARTY-NOTICES.md'), 'utf8');
  for (const lib of libraries.filter((l) => !l.startsWith('libicepickle-'))) {
    const notice = NOTICES.find(([pattern]) => pattern.test(lib))?.[1];
    if (!notice || !notices.includes(`## ${notice}`))
      die(`${lib} is bundled but THIRD-PARTY-NOTICES.md has no section for it`);
  }
}

/**
 * Loads the prebuilt in a child process with nothing borrowed from the build machine, and round-trips a
 * file through the package's own backend (dist/, built before packing): libhdf5 writes a gzip-chunked and
 * a contiguous dataset; hdf5-js describes the file and reads the chunked one; libhdf5 reads the other.
 */
function verify(out) {
  const dist = join(packageRoot, 'dist', 'index.js');
  if (!existsSync(dist)) die('dist/index.js is missing: build the package (tsc) before packing');
  const script = `
    const { hdf5Node } = await import(${JSON.stringify(pathToFileURL(dist).href)});
    const b = hdf5Node({ bindingPath: ${JSON.stringify(join(out, ADDON))} });
    const values = new Float64Array([1, 2, 3]);
    const array = { dtype: 'float64', shape: [3], data: values };
    const bytes = await b.write(undefined, { datasets: [
      { path: '/x', array, chunks: [3], gzip: 4 }, { path: '/y', array } ] });
    const file = await b.open(bytes);
    const x = await file.read('/x');
    const y = await file.read('/y');
    await file.close?.();
    const maps = (await import('node:fs')).readFileSync('/proc/self/maps', 'utf8');
    const outside = [...new Set(maps.split('\\n').map((l) => l.split(/\\s+/)[5]).filter(Boolean))]
      .filter((p) => /hdf5|libsz|libaec|libz\\.|libcurl|libcrypto/.test(p) && !p.startsWith(${JSON.stringify(out)}));
    const { libVersion } = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(join(out, ADDON))});
    console.log(JSON.stringify({ version: libVersion(), values: [...x.data, ...y.data], outside }));`;
  // LD_BIND_NOW: every symbol of every bundled library must resolve at load (the S3 stubs included).
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LD_BIND_NOW: '1' };
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
  if (r.status !== 0) die(`the prebuilt does not load or work:\n${r.stderr}`);
  const result = JSON.parse(r.stdout);
  if (result.values.join() !== '1,2,3,1,2,3') die(`the prebuilt read back ${result.values}`);
  if (result.outside.length > 0) die(`the prebuilt loaded libraries from outside itself: ${result.outside.join(', ')}`);
  return result.version;
}

/** The newest glibc symbol version any bundled file needs (the oldest glibc it runs on). */
function glibcNeeded(out) {
  let newest = [2, 0];
  for (const f of readdirSync(out)) {
    for (const m of tool('readelf', ['-V', '--wide', join(out, f)]).matchAll(/GLIBC_(\d+)\.(\d+)/g)) {
      const v = [Number(m[1]), Number(m[2])];
      if (v[0] > newest[0] || (v[0] === newest[0] && v[1] > newest[1])) newest = v;
    }
  }
  return newest.join('.');
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    die(`prebuilds are made on linux-x64 only (this is ${process.platform}-${process.arch})`);
  if (!process.report?.getReport().header.glibcVersionRuntime) die('prebuilds are made on glibc systems only');
  if (spawnSync('patchelf', ['--version'], { stdio: 'ignore' }).status !== 0)
    die('patchelf is not installed (Debian/Ubuntu: apt-get install -y patchelf)');
  const addon = sourceBuild();
  // Made beside the target and renamed over it, so a half-made prebuilt is never what loads.
  staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const libraries = bundle(addon, staging);
  checkNotices(libraries);
  const version = verify(staging);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  staging = undefined;
  verify(target);
  const files = readdirSync(target);
  const bytes = files.reduce((sum, f) => sum + statSync(join(target, f)).size, 0);
  console.log(
    `[@icepickle/hdf5-node] prebuilt ${basename(dirname(target))}/${basename(target)}: ${files.join(', ')} ` +
      `(${(bytes / 2 ** 20).toFixed(1)} MiB; libhdf5 ${version}; glibc >= ${glibcNeeded(target)})`,
  );
}

main();

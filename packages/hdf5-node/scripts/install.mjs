// Install step: use the prebuilt addon when it loads here (prebuilds/linux-x64, made by prebuild.mjs);
// otherwise build from source with node-gyp when libhdf5 is present. Never downloads anything and
// never fails the install: without either it prints one line saying what to do and exits 0, so the
// rest of the install succeeds; `hdf5Node()` then throws BACKEND_UNAVAILABLE with the full advice.
//
// What users see of this output: npm 11 runs dependency install scripts with their output hidden
// unless --foreground-scripts (and lists the package under "install-scripts not yet covered by
// allowScripts"); pnpm 12 runs none unless allowed (allowBuilds), failing with ERR_PNPM_IGNORED_BUILDS.
// So the prebuilt never depends on this script: the loader finds it at run time.
//
//   ICEPICKLE_HDF5_NODE_FROM_SOURCE=1   build from source even when the prebuilt loads (also npm's --build-from-source)
//   ICEPICKLE_HDF5_NODE_FORCE_BUILD=1   rebuild even when the source build is up to date
//   ICEPICKLE_HDF5_NODE_SKIP_BUILD=1    do nothing
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PREBUILT = join(packageRoot, 'prebuilds', 'linux-x64', 'icepickle_hdf5.napi.glibc.node');

/** The one line printed when there is no addon: what happened, and the two ways out. */
function note(reason) {
  console.warn(
    `[@icepickle/hdf5-node] no native addon (${reason}): hdf5Node() will throw BACKEND_UNAVAILABLE; ` +
      'install libhdf5-dev and pkg-config then `npm rebuild @icepickle/hdf5-node`, or use @icepickle/hdf5-wasm',
  );
}

/** Loads the prebuilt here (as src/loader.ts will); its libhdf5 version, or why it cannot load. */
function tryPrebuilt() {
  if (!existsSync(PREBUILT)) return { error: `no prebuilt for ${process.platform}-${process.arch}` };
  if (!process.report?.getReport().header.glibcVersionRuntime) return { error: 'the prebuilt is for glibc' };
  try {
    return { version: require(PREBUILT).libVersion() };
  } catch (error) {
    return { error: `the prebuilt does not load: ${String(error?.message ?? error).split('\n')[0]}` };
  }
}

function main() {
  if (process.env.ICEPICKLE_HDF5_NODE_SKIP_BUILD) {
    note('ICEPICKLE_HDF5_NODE_SKIP_BUILD is set');
    return;
  }
  // A source build already here (a checkout, or asked for before) is kept current: the loader prefers it.
  const hasSourceBuild = existsSync(join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node'));
  const fromSource = process.env.ICEPICKLE_HDF5_NODE_FROM_SOURCE || process.env.npm_config_build_from_source;
  const prebuilt = fromSource || hasSourceBuild ? { error: 'building from source' } : tryPrebuilt();
  if (prebuilt.version) {
    console.log(`[@icepickle/hdf5-node] using the prebuilt addon (libhdf5 ${prebuilt.version}); nothing to build`);
    return;
  }
  const sourceBuild = buildFromSource();
  if (sourceBuild.error) note(`${prebuilt.error}; ${sourceBuild.error}`);
}

/** node-gyp against the system's libhdf5; `{ error }` says why not, in a few words. */
function buildFromSource() {
  const pkgConfig = ['hdf5-serial', 'hdf5'].find(
    (name) => spawnSync('pkg-config', ['--exists', name], { stdio: 'ignore' }).status === 0,
  );
  if (!pkgConfig) return { error: 'libhdf5 not found by pkg-config' };
  // Up to date (same sources, same Node ABI, same libhdf5): nothing to do. This keeps a workspace
  // `pnpm install` from rebuilding (and briefly removing) an addon other processes are using.
  const stampPath = join(packageRoot, 'build', 'icepickle-build-stamp.json');
  const stamp = JSON.stringify({
    modules: process.versions.modules,
    hdf5: spawnSync('pkg-config', ['--modversion', pkgConfig], { encoding: 'utf8' }).stdout.trim(),
    sources: newestSource(),
  });
  const addon = join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node');
  if (
    !process.env.ICEPICKLE_HDF5_NODE_FORCE_BUILD &&
    existsSync(addon) &&
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8') === stamp
  ) {
    console.log('[@icepickle/hdf5-node] native addon is up to date (set ICEPICKLE_HDF5_NODE_FORCE_BUILD=1 to rebuild)');
    return {};
  }
  // node-gyp would download Node's headers; the running Node's own prefix has them (Debian,
  // nvm, the official tarballs all ship include/node/node_api.h).
  const prefix = dirname(dirname(process.execPath));
  const args = ['--release'];
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
    args.push(`--nodedir=${prefix}`);
  } else if (!process.env.npm_config_nodedir) {
    return { error: `Node's headers not found under ${prefix}/include/node, and they are never downloaded` };
  }
  let nodeGyp;
  try {
    nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return { error: 'node-gyp is not installed' };
  }
  console.log(`[@icepickle/hdf5-node] building the native addon against ${pkgConfig} (node-gyp ${args.join(' ')})`);
  // configure + build rather than rebuild: incremental, and the old addon stays until the new one links.
  let result = spawnSync(process.execPath, [nodeGyp, 'configure', ...args], { cwd: packageRoot, stdio: 'inherit' });
  if (result.status === 0)
    result = spawnSync(process.execPath, [nodeGyp, 'build', ...args], { cwd: packageRoot, stdio: 'inherit' });
  if (result.status !== 0) return { error: `node-gyp failed (exit ${result.status}; its output is above)` };
  writeFileSync(stampPath, stamp);
  console.log('[@icepickle/hdf5-node] built build/Release/icepickle_hdf5.node');
  return {};
}

/** The newest modification time among the addon's sources. */
function newestSource() {
  const files = ['binding.gyp', ...readdirSync(join(packageRoot, 'native')).map((f) => join('native', f))];
  return Math.max(...files.map((f) => statSync(join(packageRoot, f)).mtimeMs));
}

main();
process.exit(0);

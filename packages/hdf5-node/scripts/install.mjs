// Builds the native addon from source with node-gyp when libhdf5 is present. Never downloads anything
// and never fails the install: without libhdf5 (or a compiler) it prints what to do and exits 0, so
// the rest of the workspace installs; `hdf5Node()` then throws BACKEND_UNAVAILABLE with the same advice.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function note(lines) {
  console.warn(['[@icepickle/hdf5-node] native addon not built:', ...lines.map((l) => `  ${l}`)].join('\n'));
}

const advice = [
  'hdf5Node() will throw BACKEND_UNAVAILABLE until it is built. Possible solutions:',
  '- install libhdf5 and pkg-config (Debian/Ubuntu: apt-get install -y libhdf5-dev pkg-config),',
  '  then run `pnpm rebuild @icepickle/hdf5-node` (or `npm rebuild @icepickle/hdf5-node`);',
  '- or use @icepickle/hdf5-wasm, which needs no native build.',
];

function main() {
  if (process.env.ICEPICKLE_HDF5_NODE_SKIP_BUILD) {
    note(['ICEPICKLE_HDF5_NODE_SKIP_BUILD is set.', ...advice]);
    return;
  }
  const pkgConfig = ['hdf5-serial', 'hdf5'].find(
    (name) => spawnSync('pkg-config', ['--exists', name], { stdio: 'ignore' }).status === 0,
  );
  if (!pkgConfig) {
    note(['libhdf5 was not found (`pkg-config --exists hdf5-serial` / `hdf5` failed).', ...advice]);
    return;
  }
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
    return;
  }
  // node-gyp would download Node's headers; the running Node's own prefix has them (Debian,
  // nvm, the official tarballs all ship include/node/node_api.h).
  const prefix = dirname(dirname(process.execPath));
  const args = ['--release'];
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
    args.push(`--nodedir=${prefix}`);
  } else if (!process.env.npm_config_nodedir) {
    note([
      `Node's headers were not found under ${prefix}/include/node (and no --nodedir given); not downloading them.`,
      ...advice,
    ]);
    return;
  }
  let nodeGyp;
  try {
    nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    note(['node-gyp is not installed.', ...advice]);
    return;
  }
  console.log(`[@icepickle/hdf5-node] building the native addon against ${pkgConfig} (node-gyp ${args.join(' ')})`);
  // configure + build rather than rebuild: incremental, and the old addon stays until the new one links.
  let result = spawnSync(process.execPath, [nodeGyp, 'configure', ...args], { cwd: packageRoot, stdio: 'inherit' });
  if (result.status === 0)
    result = spawnSync(process.execPath, [nodeGyp, 'build', ...args], { cwd: packageRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    note([`node-gyp failed (exit ${result.status}); see the output above.`, ...advice]);
    return;
  }
  writeFileSync(stampPath, stamp);
  console.log('[@icepickle/hdf5-node] built build/Release/icepickle_hdf5.node');
}

/** The newest modification time among the addon's sources. */
function newestSource() {
  const files = ['binding.gyp', ...readdirSync(join(packageRoot, 'native')).map((f) => join('native', f))];
  return Math.max(...files.map((f) => statSync(join(packageRoot, f)).mtimeMs));
}

main();
process.exit(0);

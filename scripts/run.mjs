#!/usr/bin/env node
// One entry for the README's two commands, on a fresh machine with only Node >= 20 and npm:
//   npm run demo   set up, build, run the demo (wasm backend)
//   npm test       set up (system packages too, when root), build, typecheck, lint packages, run every test
// It prints what it does; every step can also be run by hand (see README "Development").
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';
const APT_PACKAGES = [
  'python3-sklearn',
  'python3-h5py',
  'python3-pandas',
  // python/tests (run by packages/featurizers/test/pipeline-python-suite.test.ts): pytest, and a venv with
  // pip for the offline `pip install ./python` test
  'python3-pytest',
  'python3-venv',
  'python3-pip',
  'libhdf5-dev',
  'pkg-config',
  // packages/hdf5-node/scripts/prebuild.mjs (prepack; the prebuilt-sandbox test packs it)
  'patchelf',
  'g++',
  'make',
  'chromium',
  'strace',
];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function step(title) {
  console.log(`\n▶ ${title}`);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env, ...options });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
    process.exit(r.status || 1);
  }
}

function has(cmd, args = ['--version']) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function ensurePnpm() {
  if (has('pnpm') && execSync('pnpm --version', { env }).toString().trim() === PNPM_VERSION) return;
  step(`installing pnpm ${PNPM_VERSION} with npm`);
  run('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`]);
}

/** Debian packages the tests need (scikit-learn and h5py for cross-checks, libhdf5 for the native addon). */
function ensureSystemPackages() {
  const missing = APT_PACKAGES.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !has('apt-get', ['--help'])) {
    console.warn(
      `! missing system packages: ${missing.join(' ')} — install them (apt-get install -y ${missing.join(' ')})`,
    );
    return;
  }
  step(`apt-get install ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function install() {
  step('pnpm install');
  run('pnpm', ['install', '--frozen-lockfile']);
}

function build() {
  step('build every package (turbo)');
  run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}

function test() {
  ensureSystemPackages();
  ensurePnpm();
  install();
  build();
  step('format and lint (biome)');
  run('pnpm', ['exec', 'biome', 'ci', '.']);
  step('typecheck');
  run('pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
  step('API reference (TypeDoc): fails on an undocumented export or an option without its default');
  run('pnpm', ['run', 'docs']);
  step('publint + attw on every published package');
  run('pnpm', ['exec', 'turbo', 'run', 'lint:package', '--output-logs=errors-only']);
  step('vitest');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const results = join(root, '.tmp', 'vitest-results.json');
  const r = spawnSync(
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`],
    {
      stdio: 'inherit',
      cwd: root,
      env,
    },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(results)) {
    const json = JSON.parse(readFileSync(results, 'utf8'));
    passed = json.numPassedTests;
    failed = json.numFailedTests + (json.numRuntimeErrors ?? 0);
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(r.status === 0 && failed === 0 ? 0 : 1);
}

function demo(args) {
  ensurePnpm();
  install();
  build();
  step('demo');
  run('node', ['apps/demo/dist/main.js', ...args]);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'test') test();
else if (command === 'demo') demo(rest);
else {
  console.error('usage: node scripts/run.mjs test | demo [demo options]');
  process.exit(2);
}

import { createRequire } from 'node:module';
import { IcepickleError } from '@icepickle/core';
import type { NativeBinding } from './binding.js';

const require = createRequire(import.meta.url);

const SOLUTIONS = [
  'Possible solutions:',
  '- On linux-x64 with glibc 2.34 or later the package ships a prebuilt addon (prebuilds/linux-x64):',
  '  reinstall the package if that folder is missing.',
  '- Install libhdf5 and pkg-config, then rebuild the addon:',
  '    apt-get install -y libhdf5-dev pkg-config   (Debian/Ubuntu; brew install hdf5 pkg-config on macOS)',
  '    pnpm rebuild @icepickle/hdf5-node           (or npm rebuild @icepickle/hdf5-node)',
  '  With pnpm, the package must be allowed to run its build (see the README: allowBuilds).',
  '- Pass your own build: hdf5Node({ bindingPath: "/path/to/icepickle_hdf5.node" }).',
  '- Or use @icepickle/hdf5-wasm, which needs no native build: hdf5Wasm().',
];

let cached: NativeBinding | undefined;

/**
 * Loads the addon: the user's `bindingPath` if given, else node-gyp-build's order: a source build of
 * your own (build/Release, build/Debug), then the prebuilt for this platform (prebuilds/linux-x64,
 * glibc only; made by scripts/prebuild.mjs). Literal paths, so bundlers and file tracers see them.
 * On failure: a one-line error; every attempt and what to do are in its cause.
 */
export function loadBinding(bindingPath?: string): NativeBinding {
  if (bindingPath === undefined && cached) return cached;
  const attempts: Array<[string, string]> = [];
  const candidates: Array<[string, () => unknown]> = bindingPath
    ? [[bindingPath, () => require(bindingPath)]]
    : [
        ['../build/Release/icepickle_hdf5.node', () => require('../build/Release/icepickle_hdf5.node')],
        ['../build/Debug/icepickle_hdf5.node', () => require('../build/Debug/icepickle_hdf5.node')],
        [
          '../prebuilds/linux-x64/icepickle_hdf5.napi.glibc.node',
          () => {
            if (!isLinuxX64Glibc()) throw new Error(`built for linux-x64 with glibc, not ${describePlatform()}`);
            return require('../prebuilds/linux-x64/icepickle_hdf5.napi.glibc.node');
          },
        ],
      ];
  for (const [path, load] of candidates) {
    try {
      const binding = load() as NativeBinding;
      if (typeof binding?.open !== 'function') throw new Error('not an icepickle_hdf5 addon (no open())');
      if (bindingPath === undefined) cached = binding;
      return binding;
    } catch (error) {
      attempts.push([path, reasonOf(error)]);
    }
  }
  // One line says what failed and the ways out; the full list of attempts and fixes (sharp's and
  // better-sqlite3's "Possible solutions") is the cause, for whoever prints it.
  const tried = attempts.map(([path, reason]) => `${path}: ${reason}`);
  throw new IcepickleError('BACKEND_UNAVAILABLE', {
    scope: 'hdf5-node',
    detail:
      `could not load the native HDF5 addon (${tried.join('; ')}); install libhdf5-dev and pkg-config, then ` +
      '`npm rebuild @icepickle/hdf5-node`, or use @icepickle/hdf5-wasm (every option: error.cause)',
    cause: new Error(['Tried:', ...tried.map((t) => `- ${t}`), ...SOLUTIONS].join('\n')),
  });
}

/** True when the addon loads (for tests and `resolveBackend()`-style choices). */
export function isHdf5NodeAvailable(bindingPath?: string): boolean {
  try {
    loadBinding(bindingPath);
    return true;
  } catch {
    return false;
  }
}

/** musl (Alpine) reports no glibc version; its loader cannot run the glibc prebuilt. */
function isLinuxX64Glibc(): boolean {
  if (process.platform !== 'linux' || process.arch !== 'x64') return false;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return typeof header?.glibcVersionRuntime === 'string';
}

function describePlatform(): string {
  return process.platform === 'linux' && process.arch === 'x64'
    ? 'linux-x64 without glibc'
    : `${process.platform}-${process.arch}`;
}

/** Why one candidate did not load, in a few words ("not found", or the loader's first line). */
function reasonOf(error: unknown): string {
  if ((error as { code?: string })?.code === 'MODULE_NOT_FOUND') return 'not found';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

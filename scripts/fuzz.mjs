#!/usr/bin/env node
// `pnpm fuzz [--cases N] [--seed S] [--backend wasm|native|both] [--timeout MS] [--json]`:
// the mutation fuzzer (packages/test-utils/src/fuzz-main.ts), run from TypeScript sources.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'packages', 'test-utils', 'src');
const r = spawnSync(
  process.execPath,
  [
    '--conditions=@icepickle/source',
    '--import',
    join(src, 'ts-register.mjs'),
    join(src, 'fuzz-main.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: root },
);
process.exit(r.status ?? 1);

#!/usr/bin/env node
/**
 * A/B of two built checkouts on the same workloads, to tell a code change from machine noise:
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && pnpm install && pnpm exec turbo run build)
 *   node bench/compare-builds.mjs /tmp/before . [--rounds 3]
 *
 * Each round runs every workload once per checkout, alternating, each in a fresh process; the table
 * gives the best CPU time per side. Alternating keeps both sides under the same load, which a single
 * `pnpm bench` before and after a change cannot (this machine's figures drift between runs).
 * Needs bench/out/imdb10k_*.bin, which `node bench/run.mjs --only training` writes.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const WORKLOADS = ['hashing', 'sgd-fit', 'fine-tune'];
const { values, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '3' } },
  allowPositionals: true,
});
if (positionals.length !== 2) {
  console.error('usage: node bench/compare-builds.mjs <before checkout> <after checkout> [--rounds N]');
  process.exit(2);
}
const checkouts = positionals.map((p) => resolve(p));
const script = new URL('./compare/workload.mjs', import.meta.url).pathname;
const best = Object.fromEntries(WORKLOADS.map((w) => [w, [Infinity, Infinity]]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const workload of WORKLOADS) {
    checkouts.forEach((checkout, side) => {
      const ms = Number(execFileSync(process.execPath, [script, checkout, workload], { encoding: 'utf8' }).trim());
      best[workload][side] = Math.min(best[workload][side], ms);
    });
  }
}
console.log('| workload | before (ms CPU) | after (ms CPU) | after / before |');
console.log('|---|---:|---:|---:|');
for (const [workload, [before, after]] of Object.entries(best)) {
  console.log(`| ${workload} | ${before.toFixed(2)} | ${after.toFixed(2)} | ${(after / before).toFixed(3)} |`);
}

/**
 * Temp files of saves killed with kill -9: `icepickle audit` lists them, the next save to the same
 * target removes them, and a temp file whose writer still runs is never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageBackend } from '@icepickle/core';
import { hdf5Node, isHdf5NodeAvailable } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { repoRoot } from '@icepickle/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'icepickle-stale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const backends: Array<[string, () => StorageBackend]> = [['wasm', () => hdf5Wasm()]];
if (isHdf5NodeAvailable() || process.env.CI) backends.push(['native', () => hdf5Node()]);

/** A child that starts a streamed save to `target` and stays in the middle of it. */
function startWriter(backend: string, target: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@icepickle/source',
      '--import',
      join(repoRoot, 'packages/test-utils/src/ts-register.mjs'),
      join(repoRoot, 'packages/cli/test/kill-writer-child.ts'),
      backend,
      target,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`writer exited with ${code} before it was ready`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe.each(backends)('temp files of killed writers, %s backend', (name, backend) => {
  it('are listed by audit and removed by the next save; a live writer keeps its own', async () => {
    const dir = mkdtempSync(join(tmp, `${name}-`));
    const target = join(dir, 'model.h5');
    const live = await startWriter(name, target);
    const dead = await startWriter(name, target);
    expect(temps(dir)).toHaveLength(2);
    const liveTemp = temps(dir).find((n) => n.includes(`.${live.pid}-`))!;
    expect(liveTemp).toBeDefined();
    await killed(dead);

    // the next save: the dead writer's temp file goes, the live one's stays
    await backend().write(target, {
      datasets: [{ path: 'coef', array: { dtype: 'float64', shape: [2], data: Float64Array.of(1, 2) } }],
    });
    expect(temps(dir)).toEqual([liveTemp]);
    expect(readdirSync(dir).sort()).toEqual([liveTemp, 'model.h5'].sort());
    const json = JSON.parse((await cli(['audit', target, '--json'])).stdout) as { staleTempFiles: string[] };
    expect(json.staleTempFiles).toEqual([]);

    // once the live one is killed too, audit lists it and the next streamed save removes it
    await killed(live);
    const audit = await cli(['audit', target]);
    expect(audit.stdout).toContain(`stale temp file ${liveTemp}: its writer is gone`);
    const writer = await backend().createWriter!(target, {
      datasets: [],
      streamed: [{ path: 'coef', dtype: 'float64', shape: [2] }],
    });
    await writer.write('coef', [0], [2], Float64Array.of(3, 4));
    await writer.close();
    expect(readdirSync(dir)).toEqual(['model.h5']);
  }, 120_000);
});

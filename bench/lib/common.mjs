/** Shared by the benchmarks: paths, the imdb corpus, Python, timing and memory helpers. */
import { spawnSync } from 'node:child_process';
import { readFileSync, statfsSync } from 'node:fs';
import { freemem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outDir = join(root, 'bench', 'out');
export const PYTHON = process.env.ICEPICKLE_PYTHON ?? '/usr/bin/python3';

/** Runs Python code; returns parsed JSON from its last stdout line. */
export function python(code, input = null, options = {}) {
  const r = spawnSync(PYTHON, ['-c', code], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...options,
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

export function freeDiskBytes(path) {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
}

export function freeMemoryBytes() {
  return freemem();
}

export function progress(label) {
  const tty = process.stderr.isTTY;
  return {
    update(done, total) {
      if (tty) process.stderr.write(`\r  ${label}: ${done}/${total}   `);
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[2K');
    },
  };
}

export const percentile = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * This process's peak resident set (bytes): VmHWM of /proc/self/status, which belongs to the process
 * image since its exec. getrusage's maxrss does not: Linux carries it over from the parent at fork,
 * so a child of a big benchmark runner would report at least the runner's size.
 */
export function peakRssBytes() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {}
  return process.resourceUsage().maxRSS * 1024;
}

/** The same for Python children: paste into their code and call peak_rss(). */
export const PY_PEAK_RSS = `
def peak_rss():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
`;

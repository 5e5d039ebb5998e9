import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Python with python3-sklearn and python3-h5py (installed by .ci/run). */
export const python = process.env.ICEPICKLE_PYTHON ?? '/usr/bin/python3';

let available: boolean | undefined;

/** True when scikit-learn and h5py import. Under CI=true a missing one is a failure, not a skip. */
export function hasSklearn(): boolean {
  if (available === undefined) {
    available =
      existsSync(python) && spawnSync(python, ['-c', 'import sklearn, h5py'], { encoding: 'utf8' }).status === 0;
    if (!available && process.env.CI) {
      throw new Error(
        `scikit-learn/h5py are required under CI=true: apt-get install -y python3-sklearn python3-h5py (${python})`,
      );
    }
  }
  return available;
}

/** Runs a Python script with JSON on stdin and parses JSON from stdout. */
export function runPythonJson<T = unknown>(scriptPath: string, input: unknown, args: string[] = []): T {
  const r = spawnSync(python, [scriptPath, ...args], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${scriptPath} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs inline Python code with JSON on stdin (`data = json.load(sys.stdin)` is up to the code). */
export function runPythonCode<T = unknown>(code: string, input: unknown = null): T {
  const r = spawnSync(python, ['-c', code], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

import { type CliIo, main } from '@icepickle/cli';
import { fixturePath, hostileDir } from '@icepickle/test-utils';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output; `stdin` is what `--input -` reads. */
export async function cli(args: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readText: async (path) => (path === '-' ? stdin : (await import('node:fs/promises')).readFile(path, 'utf8')),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export const models = fixturePath('models');
export const hostile = hostileDir;

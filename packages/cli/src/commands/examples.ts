import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IcepickleError } from '@icepickle/core';
import { one, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

/** The files this package ships for its README's examples (packages/cli/examples, beside src/ and dist/). */
export const EXAMPLE_FILES: Readonly<Record<string, string>> = {
  'logreg_iris.h5': "scikit-learn's LogisticRegression on iris, as Python icepickle saves it",
  'iris.jsonl': 'three iris rows to predict: two dense, one sparse',
  'reviews.h5': 'LogisticRegression on HashingVectorizer(n_features=2**16) features of movie reviews (gzip)',
  'reviews.jsonl': 'two reviews to predict, as texts',
  'external-link-passwd.h5': 'hostile: coef is an external link to /etc/passwd',
  'external-storage-etc-hostname.h5': "hostile: coef's data is stored in /etc/hostname",
  'nan-coef.h5': 'damaged: coef holds a NaN',
};

export const examplesHelp = `Usage: icepickle examples <dir> [--force]

Copies the small files the README's examples use into <dir> (created if missing):
${Object.entries(EXAMPLE_FILES)
  .map(([name, what]) => `  ${name.padEnd(34)}${what}`)
  .join('\n')}

Options:
  --force             overwrite files of the same names in <dir>
  --json              print { dir, files } as JSON
  -h, --help          this help

Example:
  icepickle examples ex && icepickle inspect ex/logreg_iris.h5
`;

/** packages/cli/examples, from src/commands (tests) or dist/commands (the installed bin) alike. */
const shipped = fileURLToPath(new URL('../../examples/', import.meta.url));

export async function examples(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('examples', argv, { force: { type: 'boolean' } });
  if (values.help) {
    io.stdout(examplesHelp);
    return 0;
  }
  const dir = one('examples', positionals, '<dir>');
  const files = Object.keys(EXAMPLE_FILES);
  const missing = files.filter((name) => !readdirSync(shipped).includes(name));
  if (missing.length > 0)
    throw new IcepickleError('FILE_NOT_FOUND', {
      scope: 'cli',
      file: shipped,
      detail: `this installation lacks its example files (${missing.join(', ')})`,
    });
  const clash = files.filter((name) => existsSync(join(dir, name)));
  if (clash.length > 0 && !values.force)
    throw new UsageError(`${join(dir, clash[0]!)} exists; pass --force to replace it`, 'examples');
  mkdirSync(dir, { recursive: true });
  for (const name of files) copyFileSync(join(shipped, name), join(dir, name));
  io.stdout(
    values.json
      ? `${JSON.stringify({ dir, files })}\n`
      : `${files.map((name) => `${join(dir, name)}  ${EXAMPLE_FILES[name]}`).join('\n')}\n`,
  );
  return 0;
}

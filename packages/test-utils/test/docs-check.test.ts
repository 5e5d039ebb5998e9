/**
 * The API reference check (`pnpm run docs`, run by `npm test`) must fail on an undocumented export and on an
 * option without its default. Here TypeDoc runs with the repository's rules on a small package that breaks
 * them, and on one that keeps them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Logger, LogLevel, TSConfigReader } from 'typedoc';
import { afterAll, describe, expect, it } from 'vitest';

const plugin = fileURLToPath(new URL('../../../scripts/typedoc-defaults.mjs', import.meta.url));
const dirs: string[] = [];

/** Every warning TypeDoc's validation and our plugin report for a one-file package. */
async function warningsFor(source: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'icepickle-docs-check-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'docs-fixture', version: '0.0.0', type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: [] },
      include: ['index.ts'],
    }),
  );
  writeFileSync(join(dir, 'index.ts'), source);
  const app = await Application.bootstrapWithPlugins(
    {
      entryPoints: [join(dir, 'index.ts')],
      tsconfig: join(dir, 'tsconfig.json'),
      plugin: [plugin],
      validation: { notDocumented: true, notExported: false, invalidLink: true },
      packagesRequiringDocumentation: ['docs-fixture'],
      skipErrorChecking: true,
      readme: 'none',
      // only the fixture's tsconfig: not the repository's typedoc.json, which the working directory would supply
    },
    [new TSConfigReader()],
  );
  const warnings: string[] = [];
  const errors: string[] = [];
  app.logger = new (class extends Logger {
    override log(message: string, level: LogLevel): void {
      if (level === LogLevel.Warn) warnings.push(message);
      if (level === LogLevel.Error) errors.push(message);
    }
  })();
  const project = await app.convert();
  if (!project) throw new Error(`TypeDoc could not convert the fixture: ${[...errors, ...warnings].join('; ')}`);
  app.validate(project);
  return warnings;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('docs check', () => {
  it('reports an undocumented export and options without @defaultValue', async () => {
    const warnings = await warningsFor(`
/** Parameters, one of them without its default. */
export interface ModelParams {
  /** Documented, with a default. @defaultValue 1 */
  alpha: number;
  /** Documented, no default. */
  beta: number;
}
/** Call options. */
export interface FitOptions {
  /** Optional, no default. */
  gamma?: number;
  /** Required: no default needed. */
  delta: number;
}
export function undocumented(): void {}
`);
    expect(warnings.some((w) => w.includes('undocumented') && w.includes('does not have any documentation'))).toBe(
      true,
    );
    expect(warnings.some((w) => w.startsWith('ModelParams.beta has no @defaultValue'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('FitOptions.gamma has no @defaultValue'))).toBe(true);
    expect(warnings.some((w) => w.includes('ModelParams.alpha'))).toBe(false);
    expect(warnings.some((w) => w.includes('FitOptions.delta'))).toBe(false);
  });

  it('passes a package that documents every export and every default', async () => {
    const warnings = await warningsFor(`
/** Limits, every one with its default. */
export interface ReadLimits {
  /**
   * Largest read, in bytes.
   * @defaultValue 2 ** 20
   */
  maxBytes: number;
}
/** Reads nothing, documented. */
export function documented(limits: Partial<ReadLimits> = {}): number {
  return limits.maxBytes ?? 0;
}
`);
    expect(warnings).toEqual([]);
  });
});

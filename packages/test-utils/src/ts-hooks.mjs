// Node module hooks that run the workspace's TypeScript sources directly (no build): `.ts` files are
// transpiled with TypeScript's transpileModule (cached under <repo>/.tmp/ts-cache by content hash),
// and `./x.js` imports fall back to `./x.ts` as tsc's NodeNext resolution does. Used by child
// processes of tests and by `pnpm fuzz`:
//   node --conditions=@icepickle/source --import <test-utils>/src/ts-register.mjs script.ts
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cacheDir = fileURLToPath(new URL('../../../.tmp/ts-cache/', import.meta.url));
let ts;

export async function resolve(specifier, context, next) {
  if (
    specifier.endsWith('.js') &&
    (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:')) &&
    context.parentURL?.endsWith('.ts')
  ) {
    const url = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(url))) {
      const tsUrl = new URL(url.href.replace(/\.js$/, '.ts'));
      if (existsSync(fileURLToPath(tsUrl))) return { url: tsUrl.href, shortCircuit: true, format: 'module' };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  const key = join(cacheDir, `${createHash('sha1').update(file).update('\0').update(source).digest('hex')}.js`);
  if (existsSync(key)) return { format: 'module', source: readFileSync(key, 'utf8'), shortCircuit: true };
  ts ??= (await import('typescript')).default;
  const out = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      isolatedModules: true,
    },
  }).outputText;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${key}.${process.pid}`, out);
    // rename is atomic: concurrent children never read a half-written entry
    (await import('node:fs')).renameSync(`${key}.${process.pid}`, key);
  } catch {
    // a cache is optional
  }
  return { format: 'module', source: out, shortCircuit: true };
}

/**
 * The reference docs state each option's default (`@defaultValue`); these tests hold them to the code: for
 * every estimator, vectorizer and scaler, each parameter that `getParams()` returns on a default-constructed
 * object has a documented default, and where that default is a literal (`0.0001`, `'l2'`, `[1, 1]`, `2 ** 20`,
 * optionally followed by a remark in parentheses) it equals the code's. LoadLimits likewise against
 * defaultLoadLimits. The docs are read from the sources' JSDoc with the TypeScript parser (no TypeDoc run).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@icepickle/core';
import * as featurizers from '@icepickle/featurizers';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** interface (or object type alias) name → property → the text of its `@defaultValue` tag, if any. */
function documentedDefaults(files: readonly string[]): Map<string, Map<string, string | undefined>> {
  const out = new Map<string, Map<string, string | undefined>>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      let members: ts.NodeArray<ts.TypeElement> | undefined;
      if (ts.isInterfaceDeclaration(node)) members = node.members;
      else if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) members = node.type.members;
      if (members && (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node))) {
        const props = new Map<string, string | undefined>();
        for (const m of members) {
          if (!ts.isPropertySignature(m) || !m.name || !ts.isIdentifier(m.name)) continue;
          const tag = ts.getJSDocTags(m).find((t) => t.tagName.text === 'defaultValue');
          props.set(m.name.text, tag ? ts.getTextOfJSDocComment(tag.comment)?.trim() : undefined);
        }
        out.set(node.name.text, props);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

const docs = documentedDefaults([
  ...sourceFiles(join(packages, 'core/src')),
  ...sourceFiles(join(packages, 'featurizers/src')),
]);

/** The value of a literal default (`0.15`, `'hinge'`, `[0, 1]`, `2 ** 31 (2 GiB)`), or undefined for prose. */
function literal(text: string): { value: unknown } | undefined {
  const head = text.replace(/\s+\(.*\)$/s, '').trim();
  if (!/^(?:null|true|false|NaN|'[^']*'|\[[-\d., ]*\]|[-\d.e+* ]+)$/.test(head)) return undefined;
  return { value: new Function(`return (${head});`)() };
}

/** The documented default of `name`, looked up in the given interfaces in order. */
function defaultDoc(interfaces: readonly string[], name: string): string | undefined {
  for (const i of interfaces) {
    const props = docs.get(i);
    if (!props) throw new Error(`no interface ${i} in the sources`);
    if (props.has(name)) return props.get(name);
  }
  return undefined;
}

const CASES: [string, () => { getParams(): object }, string[]][] = [
  ['SGDClassifier', () => new core.SGDClassifier(), ['SGDClassifierParams', 'BaseSGDParams', 'SGDFamilyParams']],
  ['SGDRegressor', () => new core.SGDRegressor(), ['SGDRegressorParams', 'BaseSGDParams', 'SGDFamilyParams']],
  ['PassiveAggressiveClassifier', () => new core.PassiveAggressiveClassifier(), ['PassiveAggressiveClassifierParams']],
  ['PassiveAggressiveRegressor', () => new core.PassiveAggressiveRegressor(), ['PassiveAggressiveRegressorParams']],
  ['Perceptron', () => new core.Perceptron(), ['PerceptronParams', 'SGDFamilyParams']],
  ['LogisticRegression', () => new core.LogisticRegression(), ['LogisticRegressionParams']],
  ['LinearRegression', () => new core.LinearRegression(), ['LinearRegressionParams']],
  ['Ridge', () => new core.Ridge(), ['BaseRidgeParams']],
  ['RidgeClassifier', () => new core.RidgeClassifier(), ['RidgeClassifierParams', 'BaseRidgeParams']],
  ['Lasso', () => new core.Lasso(), ['ElasticNetParams']],
  ['ElasticNet', () => new core.ElasticNet(), ['ElasticNetParams']],
  ['LinearSVC', () => new core.LinearSVC(), ['LinearSVCParams']],
  ['LinearSVR', () => new core.LinearSVR(), ['LinearSVRParams']],
  ['HashingVectorizer', () => new featurizers.HashingVectorizer(), ['HashingVectorizerParams']],
  ['CountVectorizer', () => new featurizers.CountVectorizer(), ['CountVectorizerParams', 'HashingVectorizerParams']],
  ['TfidfTransformer', () => new featurizers.TfidfTransformer(), ['TfidfParams']],
  [
    'TfidfVectorizer',
    () => new featurizers.TfidfVectorizer(),
    ['TfidfVectorizerParams', 'CountVectorizerParams', 'TfidfParams', 'HashingVectorizerParams'],
  ],
  ['StandardScaler', () => new featurizers.StandardScaler(), ['StandardScalerParams']],
  ['MinMaxScaler', () => new featurizers.MinMaxScaler(), ['MinMaxScalerParams']],
  ['MaxAbsScaler', () => new featurizers.MaxAbsScaler(), ['MaxAbsScalerParams']],
  ['Normalizer', () => new featurizers.Normalizer(), ['NormalizerParams']],
];

/** Checks every parameter's documented default; returns how many were literals compared with the code. */
function checkDefaults(scope: string, params: Record<string, unknown>, interfaces: readonly string[]): number {
  let compared = 0;
  for (const [name, value] of Object.entries(params)) {
    const doc = defaultDoc(interfaces, name);
    expect(doc, `${scope}: option ${name} documents no @defaultValue`).toBeDefined();
    const lit = literal(doc!);
    if (!lit) continue;
    expect(lit.value, `${scope}: option ${name} is documented as ${doc}`).toEqual(value);
    compared++;
  }
  return compared;
}

describe('documented defaults equal the code defaults', () => {
  it.each(CASES)('%s', (scope, create, interfaces) => {
    const params = create().getParams() as Record<string, unknown>;
    const compared = checkDefaults(scope, params, interfaces);
    // a few defaults are prose (a pattern, a link); the rest must be literals that were compared
    expect(compared).toBeGreaterThanOrEqual(Object.keys(params).length - 1);
  });

  it('LoadLimits', () => {
    const limits = core.defaultLoadLimits as unknown as Record<string, unknown>;
    expect(checkDefaults('LoadLimits', limits, ['LoadLimits'])).toBe(Object.keys(limits).length);
  });

  it('reads a literal default, and leaves prose alone', () => {
    expect(literal("'l2'")).toEqual({ value: 'l2' });
    expect(literal('2 ** 31 (2 GiB)')).toEqual({ value: 2 ** 31 });
    expect(literal('[1, 1]')).toEqual({ value: [1, 1] });
    expect(literal('1 (every document)')).toEqual({ value: 1 });
    expect(literal('the path, or `<bytes>`')).toBeUndefined();
  });
});

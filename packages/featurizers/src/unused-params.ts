/**
 * scikit-learn's `_warn_for_unused_params` (sklearn/feature_extraction/text.py, 1.2.1): the analysis
 * options a vectorizer will ignore given the others, said at fit as Python's `UserWarning`s are.
 */
import { consoleLogger, type Logger } from '@icepickle/core';
import { DEFAULT_TOKEN_PATTERN } from './hashing-analysis.js';
import type { AnalysisParams } from './text-analysis.js';

/** What a vectorizer's constructor takes besides its scikit-learn parameters. */
export interface VectorizerOptions {
  /**
   * Receives the warnings about options that will not be used. Not a parameter: not saved.
   * @defaultValue `console`
   */
  logger?: Logger;
}

type Relevant = Pick<AnalysisParams, 'tokenizer' | 'tokenPattern' | 'preprocessor' | 'analyzer' | 'ngramRange'> &
  Pick<AnalysisParams, 'stopWords'>;

/** The messages, in scikit-learn's order and words (its stray quote after "None" and "callable" included). */
export function unusedParamMessages(p: Relevant): string[] {
  const out: string[] = [];
  const callableAnalyzer = typeof p.analyzer === 'function';
  if (p.tokenizer != null && p.tokenPattern != null)
    out.push("The parameter 'token_pattern' will not be used since 'tokenizer' is not None'");
  if (p.preprocessor != null && callableAnalyzer)
    out.push("The parameter 'preprocessor' will not be used since 'analyzer' is callable'");
  const [minN, maxN] = p.ngramRange ?? [1, 1];
  if (p.ngramRange != null && (minN !== 1 || maxN !== 1) && callableAnalyzer)
    out.push("The parameter 'ngram_range' will not be used since 'analyzer' is callable'");
  if (p.analyzer !== 'word') {
    if (p.stopWords != null) out.push("The parameter 'stop_words' will not be used since 'analyzer' != 'word'");
    if (p.tokenPattern != null && p.tokenPattern !== DEFAULT_TOKEN_PATTERN)
      out.push("The parameter 'token_pattern' will not be used since 'analyzer' != 'word'");
    if (p.tokenizer != null) out.push("The parameter 'tokenizer' will not be used since 'analyzer' != 'word'");
  }
  return out;
}

/** Called by fit, as scikit-learn's fit does; each message goes to the logger once per call. */
export function warnUnusedParams(p: Relevant, logger: Logger = consoleLogger()): void {
  for (const message of unusedParamMessages(p)) logger.warn(`UserWarning: ${message}`);
}

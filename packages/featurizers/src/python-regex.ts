/**
 * Translates a Python `re` pattern (str, Unicode mode) into an equivalent JavaScript RegExp, so a custom
 * `tokenPattern` written for scikit-learn tokenizes the same way here. `\w \W \s \S \d \D \b \B` become
 * explicit code point classes from Python's tables (JS's are ASCII-only); `.`, `^`, `$`, `\A`, `\Z`
 * get Python's meaning; `(?P<name>…)`, `(?P=name)`, `\U…`, octal escapes and Python's lenient literal
 * `{`/`]` are rewritten. Not supported (a clear NOT_SUPPORTED error): scoped inline flags `(?i:…)`,
 * atomic groups, possessive quantifiers, conditionals, `\N{…}`, the LOCALE flag. Known difference:
 * after an empty match Python retries at the same position for a non-empty one, JavaScript moves on by
 * one code point (only patterns that can match the empty string are affected). `(?i)` uses JavaScript's
 * simple case folding; Python compares simple lowercase forms plus a few fixes, so e.g. its `(?i)[a-z]`
 * also matches U+0130 and U+0131.
 */
import { IcepickleError } from '@icepickle/core';
import { classRanges } from './python-unicode.js';

export interface TranslatedPattern {
  regexp: RegExp;
  /** Number of capturing groups (findall returns group 1 when there is exactly one). */
  groups: number;
}

const MAX_CP = 0x110000;

function hex(c: number): string {
  return `\\u{${c.toString(16)}}`;
}

function rangesToClassBody(r: readonly number[]): string {
  let s = '';
  for (let i = 0; i < r.length; i += 2) {
    const a = r[i]!;
    const b = r[i + 1]! - 1;
    s += a === b ? hex(a) : `${hex(a)}-${hex(b)}`;
  }
  return s;
}

function complement(r: readonly number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i]! > at) out.push(at, r[i]!);
    at = r[i + 1]!;
  }
  if (at < MAX_CP) out.push(at, MAX_CP);
  return out;
}

const ASCII: Record<'word' | 'space' | 'digit', number[]> = {
  word: [48, 58, 65, 91, 95, 96, 97, 123],
  space: [9, 14, 32, 33],
  digit: [48, 58],
};
const cache = new Map<string, string>();

function classBody(letter: string, ascii: boolean): string {
  const key = `${letter}${ascii ? 'a' : 'u'}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const lower = letter.toLowerCase() as 'w' | 's' | 'd';
  const name = lower === 'w' ? 'word' : lower === 's' ? 'space' : 'digit';
  const base = ascii ? ASCII[name] : classRanges(name);
  const body = rangesToClassBody(letter === lower ? base : complement(base));
  cache.set(key, body);
  return body;
}

function unsupported(pattern: string, what: string): IcepickleError {
  return new IcepickleError('NOT_SUPPORTED', {
    scope: 'HashingVectorizer',
    detail: `tokenPattern ${JSON.stringify(pattern)}: ${what} has no JavaScript translation`,
  });
}

function invalid(pattern: string, what: string, cause?: unknown): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', {
    scope: 'HashingVectorizer',
    detail: `tokenPattern ${JSON.stringify(pattern)} is not a valid regular expression: ${what}`,
    cause,
  });
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const SIMPLE_ESCAPES: Record<string, string> = { n: '\\n', t: '\\t', r: '\\r', f: '\\f', v: '\\v', a: '\\x07' };

export function translatePythonPattern(pattern: string): TranslatedPattern {
  let src = pattern;
  let ignoreCase = false;
  let multiline = false;
  let dotAll = false;
  let verbose = false;
  let ascii = false;
  // Global inline flags, only at the very start (Python 3.11 rejects them elsewhere).
  for (;;) {
    const m = /^\(\?([aiLmsux]+)\)/.exec(src);
    if (!m) break;
    for (const f of m[1]!) {
      if (f === 'i') ignoreCase = true;
      else if (f === 'm') multiline = true;
      else if (f === 's') dotAll = true;
      else if (f === 'x') verbose = true;
      else if (f === 'a') ascii = true;
      else if (f === 'L') throw unsupported(pattern, 'the LOCALE flag (?L)');
    }
    src = src.slice(m[0].length);
  }
  let out = '';
  let groups = 0;
  let i = 0;
  const cps = Array.from(src);
  const peek = (k = 0) => cps[i + k];

  const escape = (inClass: boolean): string => {
    // at cps[i] === '\\'
    const c = cps[i + 1];
    if (c === undefined) throw invalid(pattern, 'bad escape (end of pattern)');
    i += 2;
    if ('wWsSdD'.includes(c)) return inClass ? classBody(c, ascii) : `[${classBody(c, ascii)}]`;
    if (c === 'b') {
      if (inClass) return '\\x08';
      const w = classBody('w', ascii);
      return `(?:(?<=[${w}])(?![${w}])|(?<![${w}])(?=[${w}]))`;
    }
    if (c === 'B') {
      if (inClass) throw invalid(pattern, 'bad escape \\B');
      const w = classBody('w', ascii);
      return `(?:(?<=[${w}])(?=[${w}])|(?<![${w}])(?![${w}]))`;
    }
    if (c === 'A' && !inClass) return '(?<![\\s\\S])';
    if (c === 'Z' && !inClass) return '(?![\\s\\S])';
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]!;
    if (c === 'x') {
      const h = cps.slice(i, i + 2).join('');
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw invalid(pattern, 'incomplete escape \\x');
      i += 2;
      return hex(parseInt(h, 16));
    }
    if (c === 'u' || c === 'U') {
      const len = c === 'u' ? 4 : 8;
      const h = cps.slice(i, i + len).join('');
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw invalid(pattern, `incomplete escape \\${c}`);
      const v = parseInt(h, 16);
      if (v >= MAX_CP) throw invalid(pattern, `bad escape \\${c}${h}`);
      i += len;
      return hex(v);
    }
    if (c === 'N') throw unsupported(pattern, 'the named character escape \\N{...}');
    if (c >= '0' && c <= '9') {
      // Python: \0 plus up to two octal digits, or exactly three octal digits, is an octal escape;
      // otherwise one or two decimal digits are a backreference.
      const isOct = (x: string | undefined) => x !== undefined && x >= '0' && x <= '7';
      if (c === '0') {
        let digits = '0';
        while (digits.length < 3 && isOct(cps[i])) digits += cps[i++]!;
        return hex(parseInt(digits, 8));
      }
      if (isOct(c) && isOct(cps[i]) && isOct(cps[i + 1])) {
        const v = parseInt(c + cps[i]! + cps[i + 1]!, 8);
        if (v > 0o377) throw invalid(pattern, 'octal escape value outside of range 0-0o377');
        i += 2;
        return hex(v);
      }
      if (inClass) throw invalid(pattern, `bad escape \\${c}`);
      let ref = c;
      if (cps[i] !== undefined && cps[i]! >= '0' && cps[i]! <= '9') ref += cps[i++]!;
      return `\\${ref}(?:)`;
    }
    if (/[A-Za-z]/.test(c)) throw invalid(pattern, `bad escape \\${c}`);
    // Python lets any other character be escaped; JS (u flag) only syntax characters.
    return SYNTAX.has(c) || (inClass && c === '-') ? `\\${c}` : hex(c.codePointAt(0)!);
  };

  const characterClass = (): string => {
    // at '['
    i++;
    let body = '';
    let negate = false;
    if (peek() === '^') {
      negate = true;
      i++;
    }
    let first = true;
    let afterClassEscape = false;
    for (;;) {
      const c = peek();
      if (c === undefined) throw invalid(pattern, 'unterminated character set');
      if (c === ']' && !first) {
        i++;
        break;
      }
      first = false;
      if (c === '\\') {
        const isClassEscape = 'wWsSdD'.includes(peek(1) ?? '');
        body += escape(true);
        afterClassEscape = isClassEscape;
        continue;
      }
      if (c === '-' && afterClassEscape) body += '\\-';
      else if (c === '-' && (peek(1) === ']' || body === '')) body += '\\-';
      else if (c === '-' && peek(1) === '\\' && 'wWsSdD'.includes(peek(2) ?? '')) body += '\\-';
      else if (c === '[' || c === ']' || c === '/' || c === '{' || c === '}' || c === '(' || c === ')' || c === '|')
        body += `\\${c}`;
      else body += c;
      afterClassEscape = false;
      i++;
    }
    return `[${negate ? '^' : ''}${body}]`;
  };

  while (i < cps.length) {
    const c = cps[i]!;
    if (verbose && /\s/.test(c)) {
      i++;
      continue;
    }
    if (verbose && c === '#') {
      while (i < cps.length && cps[i] !== '\n') i++;
      continue;
    }
    if (c === '\\') {
      out += escape(false);
    } else if (c === '[') {
      out += characterClass();
    } else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (c === '^') {
      out += multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
      i++;
    } else if (c === '$') {
      out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      i++;
    } else if (c === '(') {
      if (peek(1) === '?') {
        const rest = cps.slice(i + 2, i + 4).join('');
        if (rest.startsWith('P<')) {
          groups++;
          out += '(?<';
          i += 4;
        } else if (rest.startsWith('P=')) {
          const end = cps.indexOf(')', i);
          if (end < 0) throw invalid(pattern, 'unterminated named backreference');
          out += `\\k<${cps.slice(i + 4, end).join('')}>`;
          i = end + 1;
        } else if (rest.startsWith('#')) {
          const end = cps.indexOf(')', i);
          if (end < 0) throw invalid(pattern, 'missing ), unterminated comment');
          i = end + 1;
        } else if (
          rest.startsWith(':') ||
          rest.startsWith('=') ||
          rest.startsWith('!') ||
          rest === '<=' ||
          rest === '<!'
        ) {
          out += '(?';
          i += 2;
        } else if (rest.startsWith('<')) {
          throw unsupported(pattern, 'the group syntax (?<name>...) (Python spells it (?P<name>...))');
        } else if (rest.startsWith('>')) {
          throw unsupported(pattern, 'an atomic group (?>...)');
        } else if (rest.startsWith('(')) {
          throw unsupported(pattern, 'a conditional group (?(...)...)');
        } else {
          throw unsupported(pattern, 'a scoped or misplaced inline flag');
        }
      } else {
        groups++;
        out += '(';
        i++;
      }
    } else if (c === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(cps.slice(i, i + 40).join(''));
      if (m && (m[1] !== '' || m[3] !== '')) {
        out += `{${m[1] === '' ? '0' : m[1]}${m[2]}${m[3]}}`;
        i += m[0].length;
        if (cps[i] === '+') throw unsupported(pattern, 'a possessive quantifier');
      } else {
        out += '\\{';
        i++;
      }
    } else if (c === '}') {
      out += '\\}';
      i++;
    } else if ((c === '*' || c === '+' || c === '?') && cps[i + 1] === '+') {
      throw unsupported(pattern, 'a possessive quantifier');
    } else if (c === '/') {
      out += '\\/';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  let regexp: RegExp;
  try {
    regexp = new RegExp(out, `gu${ignoreCase ? 'i' : ''}`);
  } catch (cause) {
    throw invalid(pattern, (cause as Error).message, cause);
  }
  return { regexp, groups };
}

/** `pattern.findall(doc)`: whole matches, or group 1 ('' when it did not take part) with one group. */
export function findAll(t: TranslatedPattern, doc: string): string[] {
  const re = t.regexp;
  re.lastIndex = 0;
  const out: string[] = [];
  for (;;) {
    const m = re.exec(doc);
    if (m === null) break;
    out.push(t.groups === 1 ? (m[1] ?? '') : m[0]);
    if (m[0].length === 0) {
      // Step over one code point, as Python does after an empty match.
      const c = doc.codePointAt(re.lastIndex);
      re.lastIndex += c !== undefined && c > 0xffff ? 2 : 1;
      if (re.lastIndex > doc.length) break;
    }
  }
  return out;
}

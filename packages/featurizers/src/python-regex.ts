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

/** A Python `re` pattern translated to JavaScript. */
export interface TranslatedPattern {
  /** The equivalent JavaScript RegExp (global, unicode). */
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

/**
 * Translates a Python `re` pattern (scikit-learn's `token_pattern`) to a JavaScript RegExp with Python's semantics:
 * `\w`, `\d`, `\s` and `\b` from Python's own Unicode tables, and Python's flags; constructs it cannot express
 * (scoped inline flags, atomic groups, ...) throw NOT_SUPPORTED.
 */
export function translatePythonPattern(pattern: string): TranslatedPattern {
  return new PatternTranslator(pattern).translate();
}

/** Global inline flags, only at the very start (Python 3.11 rejects them elsewhere). */
interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
  ascii: boolean;
}

function readFlags(pattern: string): { flags: Flags; rest: string } {
  const flags: Flags = { ignoreCase: false, multiline: false, dotAll: false, verbose: false, ascii: false };
  let src = pattern;
  for (;;) {
    const m = /^\(\?([aiLmsux]+)\)/.exec(src);
    if (!m) break;
    for (const f of m[1]!) {
      if (f === 'i') flags.ignoreCase = true;
      else if (f === 'm') flags.multiline = true;
      else if (f === 's') flags.dotAll = true;
      else if (f === 'x') flags.verbose = true;
      else if (f === 'a') flags.ascii = true;
      else if (f === 'L') throw unsupported(pattern, 'the LOCALE flag (?L)');
    }
    src = src.slice(m[0].length);
  }
  return { flags, rest: src };
}

/** One pass over the pattern's code points; each method consumes one construct at `i`. */
class PatternTranslator {
  private readonly flags: Flags;
  private readonly cps: string[];
  private i = 0;
  private groups = 0;

  constructor(private readonly pattern: string) {
    const { flags, rest } = readFlags(pattern);
    this.flags = flags;
    this.cps = Array.from(rest);
  }

  translate(): TranslatedPattern {
    let out = '';
    while (this.i < this.cps.length) out += this.next();
    let regexp: RegExp;
    try {
      regexp = new RegExp(out, `gu${this.flags.ignoreCase ? 'i' : ''}`);
    } catch (cause) {
      throw invalid(this.pattern, (cause as Error).message, cause);
    }
    return { regexp, groups: this.groups };
  }

  private peek(k = 0): string | undefined {
    return this.cps[this.i + k];
  }

  /** The translation of the construct at `i` (empty for verbose-mode whitespace and comments). */
  private next(): string {
    const c = this.cps[this.i]!;
    const { verbose, dotAll, multiline } = this.flags;
    if (verbose && /\s/.test(c)) return this.skip(1);
    if (verbose && c === '#') {
      while (this.i < this.cps.length && this.cps[this.i] !== '\n') this.i++;
      return '';
    }
    if (c === '\\') return this.escapeSequence(false);
    if (c === '[') return this.characterClass();
    if (c === '(') return this.group();
    if (c === '{') return this.brace();
    if ((c === '*' || c === '+' || c === '?') && this.peek(1) === '+')
      throw unsupported(this.pattern, 'a possessive quantifier');
    this.i++;
    if (c === '.') return dotAll ? '[\\s\\S]' : '[^\\n]';
    if (c === '^') return multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
    if (c === '$') return multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    if (c === '}') return '\\}';
    if (c === '/') return '\\/';
    return c;
  }

  private skip(n: number): string {
    this.i += n;
    return '';
  }

  /** At '\\': Python's escapes, as JavaScript (u flag) spells them. */
  private escapeSequence(inClass: boolean): string {
    const c = this.cps[this.i + 1];
    if (c === undefined) throw invalid(this.pattern, 'bad escape (end of pattern)');
    this.i += 2;
    const ascii = this.flags.ascii;
    if ('wWsSdD'.includes(c)) return inClass ? classBody(c, ascii) : `[${classBody(c, ascii)}]`;
    if (c === 'b' || c === 'B') return this.boundary(c, inClass);
    if (c === 'A' && !inClass) return '(?<![\\s\\S])';
    if (c === 'Z' && !inClass) return '(?![\\s\\S])';
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]!;
    if (c === 'x' || c === 'u' || c === 'U') return this.hexEscape(c);
    if (c === 'N') throw unsupported(this.pattern, 'the named character escape \\N{...}');
    if (c >= '0' && c <= '9') return this.numericEscape(c, inClass);
    if (/[A-Za-z]/.test(c)) throw invalid(this.pattern, `bad escape \\${c}`);
    // Python lets any other character be escaped; JS (u flag) only syntax characters.
    return SYNTAX.has(c) || (inClass && c === '-') ? `\\${c}` : hex(c.codePointAt(0)!);
  }

  /** `\b` / `\B` over Python's word class (JavaScript's are ASCII-only); `\b` in a class is backspace. */
  private boundary(c: 'b' | 'B', inClass: boolean): string {
    if (inClass) {
      if (c === 'b') return '\\x08';
      throw invalid(this.pattern, 'bad escape \\B');
    }
    const w = classBody('w', this.flags.ascii);
    return c === 'b'
      ? `(?:(?<=[${w}])(?![${w}])|(?<![${w}])(?=[${w}]))`
      : `(?:(?<=[${w}])(?=[${w}])|(?<![${w}])(?![${w}]))`;
  }

  /** `\xhh`, `\uhhhh`, `\Uhhhhhhhh` (after the letter). */
  private hexEscape(c: 'x' | 'u' | 'U'): string {
    const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
    const h = this.cps.slice(this.i, this.i + len).join('');
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw invalid(this.pattern, `incomplete escape \\${c}`);
    const v = parseInt(h, 16);
    if (c !== 'x' && v >= MAX_CP) throw invalid(this.pattern, `bad escape \\${c}${h}`);
    this.i += len;
    return hex(v);
  }

  /**
   * Python: \0 plus up to two octal digits, or exactly three octal digits, is an octal escape;
   * otherwise one or two decimal digits are a backreference.
   */
  private numericEscape(c: string, inClass: boolean): string {
    const cps = this.cps;
    const isOct = (x: string | undefined) => x !== undefined && x >= '0' && x <= '7';
    if (c === '0') {
      let digits = '0';
      while (digits.length < 3 && isOct(cps[this.i])) digits += cps[this.i++]!;
      return hex(parseInt(digits, 8));
    }
    if (isOct(c) && isOct(cps[this.i]) && isOct(cps[this.i + 1])) {
      const v = parseInt(c + cps[this.i]! + cps[this.i + 1]!, 8);
      if (v > 0o377) throw invalid(this.pattern, 'octal escape value outside of range 0-0o377');
      this.i += 2;
      return hex(v);
    }
    if (inClass) throw invalid(this.pattern, `bad escape \\${c}`);
    let ref = c;
    if (cps[this.i] !== undefined && cps[this.i]! >= '0' && cps[this.i]! <= '9') ref += cps[this.i++]!;
    return `\\${ref}(?:)`;
  }

  /** At '[': Python's lenient set syntax (a literal ']' first, '-' next to a class escape). */
  private characterClass(): string {
    this.i++;
    let body = '';
    const negate = this.peek() === '^';
    if (negate) this.i++;
    let first = true;
    let afterClassEscape = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw invalid(this.pattern, 'unterminated character set');
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === '\\') {
        const isClassEscape = 'wWsSdD'.includes(this.peek(1) ?? '');
        body += this.escapeSequence(true);
        afterClassEscape = isClassEscape;
        continue;
      }
      body += this.classCharacter(c, body, afterClassEscape);
      afterClassEscape = false;
      this.i++;
    }
    return `[${negate ? '^' : ''}${body}]`;
  }

  private classCharacter(c: string, body: string, afterClassEscape: boolean): string {
    if (c === '-') {
      if (afterClassEscape || this.peek(1) === ']' || body === '') return '\\-';
      if (this.peek(1) === '\\' && 'wWsSdD'.includes(this.peek(2) ?? '')) return '\\-';
      return c;
    }
    return '[]/{}()|'.includes(c) ? `\\${c}` : c;
  }

  /** At '(': capturing groups, and the `(?...)` forms JavaScript shares or spells differently. */
  private group(): string {
    if (this.peek(1) !== '?') {
      this.groups++;
      this.i++;
      return '(';
    }
    const rest = this.cps.slice(this.i + 2, this.i + 4).join('');
    if (rest.startsWith('P<')) {
      this.groups++;
      this.i += 4;
      return '(?<';
    }
    if (rest.startsWith('P=') || rest.startsWith('#')) {
      const end = this.cps.indexOf(')', this.i);
      if (end < 0)
        throw invalid(
          this.pattern,
          rest.startsWith('#') ? 'missing ), unterminated comment' : 'unterminated named backreference',
        );
      const name = this.cps.slice(this.i + 4, end).join('');
      this.i = end + 1;
      return rest.startsWith('#') ? '' : `\\k<${name}>`;
    }
    if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!') || rest === '<=' || rest === '<!') {
      this.i += 2;
      return '(?';
    }
    if (rest.startsWith('<'))
      throw unsupported(this.pattern, 'the group syntax (?<name>...) (Python spells it (?P<name>...))');
    if (rest.startsWith('>')) throw unsupported(this.pattern, 'an atomic group (?>...)');
    if (rest.startsWith('(')) throw unsupported(this.pattern, 'a conditional group (?(...)...)');
    throw unsupported(this.pattern, 'a scoped or misplaced inline flag');
  }

  /** At '{': a quantifier `{m,n}` (Python allows `{,n}`), else a literal brace. */
  private brace(): string {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.cps.slice(this.i, this.i + 40).join(''));
    if (!m || (m[1] === '' && m[3] === '')) {
      this.i++;
      return '\\{';
    }
    this.i += m[0].length;
    if (this.cps[this.i] === '+') throw unsupported(this.pattern, 'a possessive quantifier');
    return `{${m[1] === '' ? '0' : m[1]}${m[2]}${m[3]}}`;
  }
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

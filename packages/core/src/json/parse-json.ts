/**
 * A strict RFC 8259 JSON parser that, unlike `JSON.parse`, says where the text goes wrong and
 * reports duplicate keys (which `JSON.parse` silently resolves to the last one).
 *
 * It is iterative (an explicit stack instead of recursion) so that hostile nesting cannot
 * overflow the call stack. Line and column are 1-based; columns count UTF-16 code units, as
 * JavaScript strings and the Language Server Protocol do. Problems are described structurally
 * and never quote the submitted text, because the text may hold patient data.
 */

/** One step of a path: an object key or an array index. */
export type JsonPathSegment = string | number;

export interface JsonLocation {
  /** FHIRPath-like (`Flag.category[0].coding[0].system`) when the root has a resourceType, else `$.a[0].b`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

export interface DuplicateKey extends JsonLocation {
  /** The key that appears more than once (keys are structure, not data). */
  readonly key: string;
}

export interface ParsedJson {
  readonly ok: true;
  readonly value: unknown;
  /** Every repeat of a key within one object, at the repeated key; as with `JSON.parse`, the last value wins. */
  readonly duplicates: readonly DuplicateKey[];
  /** Number literals whose value a JavaScript number cannot hold (too many digits, overflow, underflow). */
  readonly lossyNumbers: readonly JsonLocation[];
}

export interface JsonSyntaxError {
  readonly ok: false;
  readonly problem: string;
  readonly line: number;
  readonly column: number;
  /** Set when parsing stopped at `maxDepth` rather than at a syntax error; the text may be valid JSON. */
  readonly tooDeep?: true;
}

export interface ParseJsonOptions {
  /**
   * Stop, with `tooDeep`, at the first array or object nested deeper than this. The parser itself
   * copes with any depth; the limit protects whatever walks the value afterwards recursively.
   */
  readonly maxDepth?: number;
}

export type ParseJsonResult = ParsedJson | JsonSyntaxError;

const enum Ch {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  SingleQuote = 39,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  UpperE = 69,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  LowerE = 101,
  OpenBrace = 123,
  CloseBrace = 125,
  Bom = 0xfeff,
}

/** Thrown inside the parser only; `parseJson` turns it into a result. */
class SyntaxProblem {
  constructor(
    readonly problem: string,
    readonly index: number,
    readonly tooDeep = false,
  ) {}
}

interface ObjectFrame {
  readonly isArray: false;
  readonly value: Record<string, unknown>;
  /** The key whose value is being parsed. */
  key: string;
}

interface ArrayFrame {
  readonly isArray: true;
  readonly value: unknown[];
}

type Frame = ObjectFrame | ArrayFrame;

interface Found {
  readonly key?: string;
  readonly segments: JsonPathSegment[];
  readonly index: number;
}

const hasOwn = Object.prototype.hasOwnProperty;

const isDigit = (c: number): boolean => c >= Ch.Zero && c <= Ch.Nine;

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const simpleEscapes: Record<number, string> = {
  [Ch.Quote]: '"',
  [Ch.Backslash]: '\\',
  [Ch.Slash]: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};

class Parser {
  private pos: number;
  private readonly stack: Frame[] = [];
  readonly duplicates: Found[] = [];
  readonly lossyNumbers: Found[] = [];

  constructor(
    private readonly text: string,
    start: number,
    private readonly maxDepth: number,
  ) {
    this.pos = start;
  }

  private checkDepth(): void {
    if (this.stack.length >= this.maxDepth) {
      throw new SyntaxProblem(`arrays and objects nested more than ${this.maxDepth} levels deep`, this.pos, true);
    }
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === Ch.Space || c === Ch.LineFeed || c === Ch.CarriageReturn || c === Ch.Tab) pos++;
      else break;
    }
    this.pos = pos;
  }

  /** The path of the value now being parsed, for the rare reports that need one. */
  private currentSegments(): JsonPathSegment[] {
    return this.stack.map((frame) => (frame.isArray ? frame.value.length : frame.key));
  }

  parse(): unknown {
    const text = this.text;
    const stack = this.stack;
    let value: unknown;

    for (;;) {
      // Parse one value; containers push a frame and go round again for their first member.
      this.skipWhitespace();
      const c = text.charCodeAt(this.pos);
      if (c === Ch.OpenBrace) {
        this.checkDepth();
        const object: Record<string, unknown> = {};
        this.pos++;
        this.skipWhitespace();
        const next = text.charCodeAt(this.pos);
        if (next === Ch.CloseBrace) {
          this.pos++;
          value = object;
        } else {
          if (next !== Ch.Quote) throw this.unexpected('expected a string key or \'}\'');
          stack.push({ isArray: false, value: object, key: this.parseKey() });
          continue;
        }
      } else if (c === Ch.OpenBracket) {
        this.checkDepth();
        const array: unknown[] = [];
        this.pos++;
        this.skipWhitespace();
        if (text.charCodeAt(this.pos) === Ch.CloseBracket) {
          this.pos++;
          value = array;
        } else {
          stack.push({ isArray: true, value: array });
          continue;
        }
      } else if (c === Ch.Quote) {
        value = this.parseString();
      } else if (c === Ch.Minus || isDigit(c)) {
        value = this.parseNumber();
      } else {
        value = this.parseLiteral(c);
      }

      // A value is complete: hand it to its container and close every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return value;
        if (top.isArray) {
          top.value.push(value);
        } else if (top.key === '__proto__') {
          // A plain assignment would set the prototype; JSON.parse makes an own property.
          Object.defineProperty(top.value, top.key, { value, writable: true, enumerable: true, configurable: true });
        } else {
          top.value[top.key] = value;
        }
        this.skipWhitespace();
        const after = text.charCodeAt(this.pos);
        if (after === Ch.Comma) {
          const comma = this.pos;
          this.pos++;
          this.skipWhitespace();
          const next = text.charCodeAt(this.pos);
          if (next === (top.isArray ? Ch.CloseBracket : Ch.CloseBrace)) throw new SyntaxProblem('trailing comma', comma);
          if (!top.isArray) {
            if (next !== Ch.Quote) throw this.unexpected('expected a string key after \',\'');
            const keyStart = this.pos;
            top.key = this.parseKey();
            if (hasOwn.call(top.value, top.key)) {
              this.duplicates.push({ key: top.key, segments: this.currentSegments(), index: keyStart });
            }
          }
          break;
        }
        if (after === (top.isArray ? Ch.CloseBracket : Ch.CloseBrace)) {
          this.pos++;
          stack.pop();
          value = top.value;
          continue;
        }
        throw this.unexpected(top.isArray ? 'expected \',\' or \']\' after an array item' : 'expected \',\' or \'}\' after an object member');
      }
    }
  }

  /** Parses `"key" :`; the caller checks for a duplicate, since only it knows the object. */
  private parseKey(): string {
    const key = this.parseString();
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== Ch.Colon) throw this.unexpected('expected \':\' after an object key');
    this.pos++;
    return key;
  }

  private parseString(): string {
    const text = this.text;
    const open = this.pos;
    let pos = open + 1;
    let chunkStart = pos;
    let result = '';
    for (;;) {
      let c = text.charCodeAt(pos);
      // The run of ordinary characters is by far the common case, so it gets the tightest loop.
      while (c >= 0x20 && c !== Ch.Quote && c !== Ch.Backslash) c = text.charCodeAt(++pos);
      if (c === Ch.Quote) {
        this.pos = pos + 1;
        return result + text.slice(chunkStart, pos);
      }
      if (c === Ch.Backslash) {
        result += text.slice(chunkStart, pos);
        const escape = text.charCodeAt(pos + 1);
        const simple = simpleEscapes[escape];
        if (simple !== undefined) {
          result += simple;
          pos += 2;
        } else if (escape === 117) {
          let code = 0;
          for (let i = 2; i < 6; i++) {
            const digit = hexValue(text.charCodeAt(pos + i));
            if (digit < 0) {
              if (pos + i >= text.length) throw new SyntaxProblem('unterminated string', open);
              throw new SyntaxProblem('invalid \\u escape: expected four hexadecimal digits', pos);
            }
            code = code * 16 + digit;
          }
          // Surrogate pairs written as two escapes join up by concatenation; a lone surrogate is
          // kept as it is, which RFC 8259 section 8.2 permits and JSON.parse also does.
          result += String.fromCharCode(code);
          pos += 6;
        } else if (pos + 1 >= text.length) {
          throw new SyntaxProblem('unterminated string', open);
        } else {
          throw new SyntaxProblem('invalid escape sequence in string', pos);
        }
        chunkStart = pos;
        continue;
      }
      if (c < 0x20) {
        if (c === Ch.LineFeed || c === Ch.CarriageReturn) throw new SyntaxProblem('line break in string (unterminated string?)', pos);
        throw new SyntaxProblem('unescaped control character in string', pos);
      }
      throw new SyntaxProblem('unterminated string', open);
    }
  }

  private parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === Ch.Minus) pos++;
    const first = text.charCodeAt(pos);
    if (first === Ch.Zero) {
      pos++;
      if (isDigit(text.charCodeAt(pos))) throw new SyntaxProblem('leading zero in number', start);
    } else if (isDigit(first)) {
      do pos++;
      while (isDigit(text.charCodeAt(pos)));
    } else {
      throw this.numberProblem(pos, 'expected a digit after \'-\'');
    }
    let simple = true;
    if (text.charCodeAt(pos) === Ch.Dot) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) throw this.numberProblem(pos, 'expected a digit after the decimal point');
      do pos++;
      while (isDigit(text.charCodeAt(pos)));
    }
    const e = text.charCodeAt(pos);
    if (e === Ch.LowerE || e === Ch.UpperE) {
      simple = false;
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === Ch.Plus || sign === Ch.Minus) pos++;
      if (!isDigit(text.charCodeAt(pos))) throw this.numberProblem(pos, 'expected a digit in the exponent');
      do pos++;
      while (isDigit(text.charCodeAt(pos)));
    }
    this.pos = pos;
    const literal = text.slice(start, pos);
    const value = Number(literal);
    // Up to 15 significant digits always survive a round trip through a double, so only longer
    // literals and exponents need the (slower) exactness check.
    if ((!simple || literal.length > 15) && !sameDecimal(literal, value)) {
      this.lossyNumbers.push({ segments: this.currentSegments(), index: start });
    }
    return value;
  }

  private numberProblem(pos: number, expectation: string): SyntaxProblem {
    if (pos >= this.text.length) return new SyntaxProblem('unexpected end of input in a number', pos);
    return new SyntaxProblem(`invalid number: ${expectation}`, pos);
  }

  private parseLiteral(c: number): boolean | null {
    const text = this.text;
    const pos = this.pos;
    if (text.startsWith('true', pos)) return this.endLiteral(4, true);
    if (text.startsWith('false', pos)) return this.endLiteral(5, false);
    if (text.startsWith('null', pos)) return this.endLiteral(4, null);
    throw this.unexpectedValue(c);
  }

  private endLiteral<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private unexpectedValue(c: number): SyntaxProblem {
    const pos = this.pos;
    if (Number.isNaN(c)) {
      const problem = this.stack.length === 0 ? 'no JSON value: the text is empty or only whitespace' : 'unexpected end of input: expected a value';
      return new SyntaxProblem(problem, pos);
    }
    if (c === Ch.SingleQuote) return new SyntaxProblem('strings must use double quotes', pos);
    if (c === Ch.Plus || c === Ch.Dot) return new SyntaxProblem('invalid number: a number starts with \'-\' or a digit', pos);
    if (isLetter(c)) return new SyntaxProblem('invalid literal: only true, false and null are allowed', pos);
    if (c === Ch.Comma) return new SyntaxProblem('unexpected \',\': expected a value', pos);
    return this.unexpected('expected a value');
  }

  /** A problem at the current position, with comments and the end of input told apart. */
  private unexpected(expectation: string): SyntaxProblem {
    const pos = this.pos;
    const c = this.text.charCodeAt(pos);
    if (Number.isNaN(c)) return new SyntaxProblem(`unexpected end of input: ${expectation}`, pos);
    const next = this.text.charCodeAt(pos + 1);
    if (c === Ch.Slash && (next === Ch.Slash || next === 42)) return new SyntaxProblem('comments are not allowed in JSON', pos);
    return new SyntaxProblem(`unexpected character: ${expectation}`, pos);
  }

  /** After the top-level value only whitespace may follow. */
  finish(): void {
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      const next = this.text.charCodeAt(this.pos + 1);
      if (c === Ch.Slash && (next === Ch.Slash || next === 42)) throw new SyntaxProblem('comments are not allowed in JSON', this.pos);
      throw new SyntaxProblem('unexpected content after the JSON value', this.pos);
    }
  }
}

/** Splits a decimal literal into sign, significant digits and the exponent of its last digit. */
function decimalParts(literal: string): { negative: boolean; digits: string; exponent: number } {
  const negative = literal.startsWith('-');
  const body = negative ? literal.slice(1) : literal;
  const e = body.search(/[eE]/);
  const mantissa = e < 0 ? body : body.slice(0, e);
  let exponent = e < 0 ? 0 : Number(body.slice(e + 1));
  const dot = mantissa.indexOf('.');
  let digits = mantissa;
  if (dot >= 0) {
    digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    exponent -= mantissa.length - dot - 1;
  }
  digits = digits.replace(/^0+/, '');
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  return { negative, digits: trimmed, exponent: trimmed === '' ? 0 : exponent };
}

/** True when `value` denotes exactly the decimal written as `literal` (trailing zeros aside). */
function sameDecimal(literal: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const written = decimalParts(literal);
  const held = decimalParts(String(value));
  if (written.digits === '' && held.digits === '') return true;
  return written.digits === held.digits && written.exponent === held.exponent && written.negative === held.negative;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Formats a path as FHIRPath (from the root resource type) or, without one, as a `$` JSONPath. */
export function formatJsonPath(segments: readonly JsonPathSegment[], resourceType?: string): string {
  let out = resourceType ?? '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (identifier.test(segment)) out += `.${segment}`;
    else if (resourceType !== undefined) out += `.\`${segment.replace(/[\\`]/g, (ch) => `\\${ch}`)}\``;
    else out += `['${segment.replace(/[\\']/g, (ch) => `\\${ch}`)}']`;
  }
  return out;
}

/** Turns string indexes into line and column; indexes must come in ascending order. */
class PositionFinder {
  private index: number;
  private line = 1;
  private lineStart: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.index = start;
    this.lineStart = start;
  }

  at(target: number): { line: number; column: number } {
    const text = this.text;
    for (let i = this.index; i < target; i++) {
      const c = text.charCodeAt(i);
      if (c === Ch.LineFeed || (c === Ch.CarriageReturn && text.charCodeAt(i + 1) !== Ch.LineFeed)) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.index = Math.max(this.index, target);
    return { line: this.line, column: target - this.lineStart + 1 };
  }
}

function rootResourceType(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const resourceType: unknown = (value as Record<string, unknown>)['resourceType'];
  return typeof resourceType === 'string' && identifier.test(resourceType) ? resourceType : undefined;
}

/**
 * Parses JSON text strictly by RFC 8259. A leading byte order mark is skipped (section 8.1
 * allows that) and columns on the first line count from after it. Never throws.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): ParseJsonResult {
  const start = text.charCodeAt(0) === Ch.Bom ? 1 : 0;
  const parser = new Parser(text, start, options.maxDepth ?? Infinity);
  let value: unknown;
  try {
    value = parser.parse();
    parser.finish();
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const { line, column } = new PositionFinder(text, start).at(error.index);
    return error.tooDeep ? { ok: false, problem: error.problem, line, column, tooDeep: true } : { ok: false, problem: error.problem, line, column };
  }
  const resourceType = rootResourceType(value);
  const duplicatePositions = new PositionFinder(text, start);
  const lossyPositions = new PositionFinder(text, start);
  return {
    ok: true,
    value,
    duplicates: parser.duplicates.map((found) => ({
      key: found.key ?? '',
      path: formatJsonPath(found.segments, resourceType),
      ...duplicatePositions.at(found.index),
    })),
    lossyNumbers: parser.lossyNumbers.map((found) => ({
      path: formatJsonPath(found.segments, resourceType),
      ...lossyPositions.at(found.index),
    })),
  };
}

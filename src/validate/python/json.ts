/**
 * JSON as Python's `json.loads` reads it (the reference validator tries it before YAML),
 * with the span of every value. Differences from `JSON.parse` that change verdicts:
 * `NaN`, `Infinity` and `-Infinity` are accepted; a leading byte-order mark is an error;
 * an integer of more than 4300 digits makes Python raise ValueError (exit 4, not a parse
 * error); nesting beyond Python's recursion limit raises RecursionError (exit 4).
 */
import { LoadFailure } from '../load-error.js';
import { pointerOf, SourceIndex } from '../source.js';

/** Python's default int/str conversion limit (sys.get_int_max_str_digits()). */
export const PY_INT_MAX_DIGITS = 4300;
/**
 * Deepest nesting the reference's `json.loads` survives: 981 levels (982 raise RecursionError
 * under Python's limit of 1000 frames), measured with ai4-metadata 2.4.2 on Python 3.11.
 */
export const PY_JSON_MAX_DEPTH = 981;

export type JsonResult = { ok: true; value: unknown; source: SourceIndex; depth: number } | { ok: false; error: LoadFailure };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function parsePythonJson(text: string): JsonResult {
  const source = new SourceIndex(text);
  const parser = new Parser(text, source);
  try {
    const value = parser.document();
    return { ok: true, value, source, depth: parser.deepest };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return { ok: false, error: new LoadFailure('syntax', error.message, { start: error.offset, end: error.offset + 1 }) };
    }
    if (error instanceof LoadFailure) return { ok: false, error };
    throw error;
  }
}

class Parser {
  #at = 0;
  #path: (string | number)[] = [];

  constructor(
    readonly text: string,
    readonly source: SourceIndex,
  ) {}

  document(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) throw new JsonSyntaxError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
    this.#skip();
    const value = this.#value(0);
    this.#skip();
    if (this.#at < this.text.length) throw new JsonSyntaxError('Extra data', this.#at);
    return value;
  }

  #skip(): void {
    WHITESPACE.lastIndex = this.#at;
    WHITESPACE.exec(this.text);
    this.#at = WHITESPACE.lastIndex;
  }

  #value(depth: number): unknown {
    const start = this.#at;
    // The key of this value (set by #object just before); nested values set their own.
    const key = this.#keySpan;
    this.#keySpan = undefined;
    const value = this.#bare(depth);
    this.source.set(pointerOf(this.#path), { value: { start, end: this.#at }, key });
    return value;
  }

  #keySpan: { start: number; end: number } | undefined;
  /** The deepest nesting of arrays and objects met. */
  deepest = 0;

  #bare(depth: number): unknown {
    const { text } = this;
    const ch = text[this.#at];
    if (ch === '"') return this.#string();
    if (ch === '{' || ch === '[') {
      if (depth >= PY_JSON_MAX_DEPTH) {
        throw new LoadFailure('hostile', `Nested more than ${PY_JSON_MAX_DEPTH} levels deep`, { start: this.#at, end: this.#at + 1 });
      }
      if (depth + 1 > this.deepest) this.deepest = depth + 1;
      return ch === '{' ? this.#object(depth + 1) : this.#array(depth + 1);
    }
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.#at;
    const match = NUMBER.exec(text);
    if (match) {
      this.#at = NUMBER.lastIndex;
      return number(match[0], match[1] === undefined && match[2] === undefined, this.#at - match[0].length);
    }
    throw new JsonSyntaxError('Expecting value', this.#at);
  }

  #object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = Object.create(null);
    if (this.#open('}')) return result;
    do {
      if (this.text[this.#at] !== '"') throw new JsonSyntaxError('Expecting property name enclosed in double quotes', this.#at);
      const keyStart = this.#at;
      const key = this.#string();
      this.#keySpan = { start: keyStart, end: this.#at };
      this.#skip();
      if (this.text[this.#at] !== ':') throw new JsonSyntaxError("Expecting ':' delimiter", this.#at);
      this.#at++;
      this.#skip();
      this.#path.push(key);
      result[key] = this.#value(depth);
      this.#path.pop();
    } while (this.#more('}'));
    return result;
  }

  #array(depth: number): unknown[] {
    const result: unknown[] = [];
    if (this.#open(']')) return result;
    do {
      this.#path.push(result.length);
      result.push(this.#value(depth));
      this.#path.pop();
    } while (this.#more(']'));
    return result;
  }

  /** Past `[` or `{`: true when the collection closes at once. */
  #open(close: string): boolean {
    this.#at++;
    this.#skip();
    if (this.text[this.#at] !== close) return false;
    this.#at++;
    return true;
  }

  /** After an item: true for `,` (another item follows), false for `close`. */
  #more(close: string): boolean {
    this.#skip();
    const next = this.text[this.#at];
    this.#at++;
    if (next === close) return false;
    if (next !== ',') throw new JsonSyntaxError("Expecting ',' delimiter", this.#at - 1);
    this.#skip();
    return true;
  }

  #string(): string {
    const { text } = this;
    const begin = this.#at;
    let at = this.#at + 1;
    let result = '';
    let chunkStart = at;
    for (;;) {
      if (at >= text.length) throw new JsonSyntaxError('Unterminated string starting at', begin);
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        result += text.slice(chunkStart, at);
        this.#at = at + 1;
        return result;
      }
      if (code < 0x20) throw new JsonSyntaxError('Invalid control character at', at);
      if (code !== 0x5c) {
        at++;
        continue;
      }
      result += text.slice(chunkStart, at);
      const escaped = text[at + 1];
      if (escaped === undefined) throw new JsonSyntaxError('Unterminated string starting at', begin);
      if (escaped === 'u') {
        const unit = hex4(text, at + 2);
        at += 6;
        // A high surrogate followed by an escaped low one is one character, as in Python.
        if (unit >= 0xd800 && unit <= 0xdbff && text[at] === '\\' && text[at + 1] === 'u') {
          const low = hex4(text, at + 2);
          if (low >= 0xdc00 && low <= 0xdfff) {
            result += String.fromCharCode(unit, low);
            at += 6;
            chunkStart = at;
            continue;
          }
        }
        result += String.fromCharCode(unit);
      } else {
        const replacement = ESCAPES[escaped];
        if (replacement === undefined) throw new JsonSyntaxError('Invalid \\escape', at);
        result += replacement;
        at += 2;
      }
      chunkStart = at;
    }
  }
}

const LITERALS: [string, unknown][] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function hex4(text: string, at: number): number {
  const digits = text.slice(at, at + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw new JsonSyntaxError('Invalid \\uXXXX escape', at - 1);
  return parseInt(digits, 16);
}

/**
 * A JSON number as the JavaScript number nearest to the Python value. An integer too big
 * for a double stays an integer (Python ints have no limit) by saturating at MAX_VALUE.
 */
function number(literal: string, isInteger: boolean, offset: number): number {
  if (!isInteger) return Number(literal);
  const digits = literal.replace('-', '').length;
  if (digits > PY_INT_MAX_DIGITS) {
    throw new LoadFailure(
      'crash',
      `A number with ${digits} digits: Python refuses to convert integers of more than ${PY_INT_MAX_DIGITS} digits`,
      { start: offset, end: offset + literal.length },
    );
  }
  return saturate(Number(literal));
}

export function saturate(value: number): number {
  if (value === Infinity) return Number.MAX_VALUE;
  if (value === -Infinity) return -Number.MAX_VALUE;
  return value;
}

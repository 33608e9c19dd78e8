/**
 * Enough TOML (v1.0) to read pyproject.toml: tables, arrays of tables, bare/quoted/dotted
 * keys, strings (basic, literal, multi-line), numbers, booleans, dates (kept as text),
 * arrays and inline tables. Every key remembers its line, so findings can point at it.
 * Used by validate (the DEEPaaS entry point) and adopt (answers from [project]).
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface TomlDocument {
  data: TomlTable;
  /** Line of each key or table header, by its dotted path (`project.entry-points.x`). */
  lines: Map<string, number>;
}

export function parseToml(text: string): TomlDocument {
  return new TomlParser(text.replace(/\r\n/g, '\n')).document();
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };

class TomlParser {
  #at = 0;
  readonly data: TomlTable = {};
  readonly lines = new Map<string, number>();

  constructor(readonly text: string) {}

  get #line(): number {
    let line = 1;
    for (let i = 0; i < this.#at && i < this.text.length; i++) if (this.text[i] === '\n') line++;
    return line;
  }

  #fail(message: string): never {
    throw new TomlError(message, this.#line);
  }

  document(): TomlDocument {
    let table = this.data;
    let prefix: string[] = [];
    for (;;) {
      this.#skipBlank();
      if (this.#at >= this.text.length) break;
      const c = this.text[this.#at];
      if (c === '[') {
        const array = this.text[this.#at + 1] === '[';
        this.#at += array ? 2 : 1;
        const line = this.#line;
        const path = this.#key();
        this.#skipSpaces();
        if (!this.text.startsWith(array ? ']]' : ']', this.#at)) this.#fail(`expected ${array ? ']]' : ']'} after the table name`);
        this.#at += array ? 2 : 1;
        this.#endOfLine();
        prefix = path;
        this.lines.set(path.join('.'), line);
        table = array ? this.#arrayTable(path) : this.#table(this.data, path, true);
      } else {
        this.#keyValue(table, prefix);
        this.#endOfLine();
      }
    }
    return { data: this.data, lines: this.lines };
  }

  #table(root: TomlTable, path: string[], header: boolean): TomlTable {
    let at = root;
    for (const [i, part] of path.entries()) {
      let next = at[part];
      if (next === undefined) {
        next = {};
        at[part] = next;
      } else if (Array.isArray(next) && header && i < path.length - 1) {
        next = next[next.length - 1]!;
      }
      if (typeof next !== 'object' || Array.isArray(next)) this.#fail(`${path.slice(0, i + 1).join('.')} is not a table`);
      at = next;
    }
    return at;
  }

  #arrayTable(path: string[]): TomlTable {
    const parent = this.#table(this.data, path.slice(0, -1), true);
    const last = path[path.length - 1]!;
    const list = (parent[last] ??= []);
    if (!Array.isArray(list)) this.#fail(`${path.join('.')} is not an array of tables`);
    const table: TomlTable = {};
    list.push(table);
    return table;
  }

  #keyValue(table: TomlTable, prefix: string[]): void {
    const line = this.#line;
    const path = this.#key();
    this.#skipSpaces();
    if (this.text[this.#at] !== '=') this.#fail('expected = after a key');
    this.#at++;
    this.#skipSpaces();
    const value = this.#value();
    const parent = this.#table(table, path.slice(0, -1), false);
    const last = path[path.length - 1]!;
    if (last in parent) this.#fail(`duplicate key ${[...prefix, ...path].join('.')}`);
    parent[last] = value;
    this.lines.set([...prefix, ...path].join('.'), line);
  }

  #key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.#skipSpaces();
      const c = this.text[this.#at];
      if (c === '"') parts.push(this.#basicString());
      else if (c === "'") parts.push(this.#literalString());
      else {
        const bare = BARE_KEY.exec(this.text.slice(this.#at));
        if (!bare) this.#fail('expected a key');
        parts.push(bare[0]);
        this.#at += bare[0].length;
      }
      this.#skipSpaces();
      if (this.text[this.#at] !== '.') return parts;
      this.#at++;
    }
  }

  #value(): TomlValue {
    const rest = this.text.slice(this.#at);
    if (rest.startsWith('"""')) return this.#multiline('"""');
    if (rest.startsWith("'''")) return this.#multiline("'''");
    const c = rest[0];
    if (c === '"') return this.#basicString();
    if (c === "'") return this.#literalString();
    if (c === '[') return this.#array();
    if (c === '{') return this.#inlineTable();
    const word = /^(?:true|false|[0-9+\-.:TZ_a-fA-FxXoObB]+(?: [0-9:.+\-Z]+)?|[+-]?(?:inf|nan))/.exec(rest);
    if (!word) this.#fail('expected a value');
    this.#at += word[0].length;
    const text = word[0];
    if (text === 'true' || text === 'false') return text === 'true';
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(text)) return text;
    const number = Number(text.replace(/_/g, ''));
    if (Number.isNaN(number) && !/nan$/.test(text)) this.#fail(`invalid value ${text}`);
    return number;
  }

  #basicString(): string {
    this.#at++;
    let out = '';
    for (;;) {
      const c = this.text[this.#at++];
      if (c === undefined || c === '\n') this.#fail('unterminated string');
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.#at++]!;
      if (e === 'u' || e === 'U') {
        const size = e === 'u' ? 4 : 8;
        const hex = this.text.slice(this.#at, this.#at + size);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== size) this.#fail('invalid unicode escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        this.#at += size;
      } else if (ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
      } else {
        this.#fail(`invalid escape \\${e}`);
      }
    }
  }

  #literalString(): string {
    const end = this.text.indexOf("'", this.#at + 1);
    const newline = this.text.indexOf('\n', this.#at + 1);
    if (end === -1 || (newline !== -1 && newline < end)) this.#fail('unterminated string');
    const value = this.text.slice(this.#at + 1, end);
    this.#at = end + 1;
    return value;
  }

  #multiline(quote: string): string {
    const start = this.#at + 3;
    const end = this.text.indexOf(quote, start);
    if (end === -1) this.#fail('unterminated multi-line string');
    let close = end;
    while (this.text[close + 3] === quote[0] && close + 3 - end < 2) close++;
    let value = this.text.slice(start, close).replace(/^\n/, '');
    if (quote === '"""') {
      value = value.replace(/\\[ \t]*\n\s*/g, '').replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) =>
        e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
      );
    }
    this.#at = close + 3;
    return value;
  }

  #array(): TomlValue[] {
    this.#at++;
    const items: TomlValue[] = [];
    for (;;) {
      this.#skipBlank();
      if (this.text[this.#at] === ']') {
        this.#at++;
        return items;
      }
      items.push(this.#value());
      this.#skipBlank();
      const c = this.text[this.#at];
      if (c === ',') this.#at++;
      else if (c !== ']') this.#fail('expected , or ] in an array');
    }
  }

  #inlineTable(): TomlTable {
    this.#at++;
    const table: TomlTable = {};
    this.#skipSpaces();
    if (this.text[this.#at] === '}') {
      this.#at++;
      return table;
    }
    for (;;) {
      const path = this.#key();
      this.#skipSpaces();
      if (this.text[this.#at] !== '=') this.#fail('expected = in an inline table');
      this.#at++;
      this.#skipSpaces();
      const parent = this.#table(table, path.slice(0, -1), false);
      parent[path[path.length - 1]!] = this.#value();
      this.#skipSpaces();
      const c = this.text[this.#at++];
      if (c === '}') return table;
      if (c !== ',') this.#fail('expected , or } in an inline table');
    }
  }

  #skipSpaces(): void {
    while (this.text[this.#at] === ' ' || this.text[this.#at] === '\t') this.#at++;
  }

  /** Whitespace, newlines and comments. */
  #skipBlank(): void {
    for (;;) {
      const c = this.text[this.#at];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.#at++;
      else if (c === '#') {
        const end = this.text.indexOf('\n', this.#at);
        this.#at = end === -1 ? this.text.length : end;
      } else return;
    }
  }

  #endOfLine(): void {
    this.#skipSpaces();
    const c = this.text[this.#at];
    if (c === '#') {
      const end = this.text.indexOf('\n', this.#at);
      this.#at = end === -1 ? this.text.length : end;
    }
    if (this.#at < this.text.length && this.text[this.#at] !== '\n' && this.text[this.#at] !== '\r') this.#fail('expected the end of the line');
  }
}

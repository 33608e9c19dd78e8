/**
 * TOML (pyproject.toml) through smol-toml, plus the line of every table header and key, so
 * findings can point at them. smol-toml gives values, not positions; the lines come from a
 * light scan of the same text, run only once smol-toml has accepted it (so the scan never
 * has to judge syntax): outside strings, comments and bracketed values, a line that starts
 * with `[`/`[[` is a header and a line that starts with a key followed by `=` is a key.
 * Keys inside inline tables and arrays of tables are not recorded: `lineOf` answers with
 * the nearest recorded ancestor (an inline table's own key, the `[[header]]`).
 */
import { parse, TomlError as SmolTomlError } from 'smol-toml';

export type TomlValue = string | number | bigint | boolean | Date | TomlValue[] | TomlTable;
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
  /** 1-based line of the key or table header at `path`, or of its nearest recorded ancestor. */
  lineOf(path: readonly string[]): number | undefined;
}

export function parseToml(text: string): TomlDocument {
  let data: TomlTable;
  try {
    data = parse(text) as TomlTable;
  } catch (error) {
    if (!(error instanceof SmolTomlError)) throw error;
    // The message ends with a code frame of the text; the line goes into the finding instead.
    throw new TomlError(error.message.replace(/^Invalid TOML document: /, '').split('\n')[0]!, error.line);
  }
  const lines = scanLines(text);
  return {
    data,
    lineOf(path) {
      for (let n = path.length; n > 0; n--) {
        const line = lines.get(keyOf(path.slice(0, n)));
        if (line !== undefined) return line;
      }
      return undefined;
    },
  };
}

const keyOf = (path: readonly string[]): string => JSON.stringify(path);

/** Dotted path (as JSON of its parts) -> line, for headers and top-level keys of each table. */
function scanLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let table: string[] = [];
  let depth = 0;
  let multiline: '"""' | "'''" | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    let at = 0;
    if (multiline) {
      const end = closingQuote(raw, 0, multiline);
      if (end === -1) continue;
      multiline = undefined;
      at = end;
    } else if (depth === 0) {
      const start = /^[ \t]*/.exec(raw)![0].length;
      if (raw[start] === '[') {
        const array = raw[start + 1] === '[';
        const key = readKey(raw, start + (array ? 2 : 1));
        if (key) {
          table = key.parts;
          lines.set(keyOf(table), index + 1);
          continue;
        }
      } else {
        const key = readKey(raw, start);
        if (key && raw[key.end] === '=') {
          lines.set(keyOf([...table, ...key.parts]), index + 1);
          at = key.end + 1;
        }
      }
    }
    // The rest of the line: track brackets and strings so the next lines are read right.
    for (; at < raw.length; at++) {
      const c = raw[at]!;
      if (c === '#') break;
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth--;
      else if (c === '"' || c === "'") {
        const triple = raw.startsWith(c.repeat(3), at);
        if (triple) {
          const end = closingQuote(raw, at + 3, c.repeat(3) as '"""' | "'''");
          if (end === -1) {
            multiline = c.repeat(3) as '"""' | "'''";
            break;
          }
          at = end - 1;
        } else {
          const end = closingQuote(raw, at + 1, c);
          if (end === -1) break;
          at = end - 1;
        }
      }
    }
  }
  return lines;
}

/** The index just past the closing `quote` from `from` (basic strings honour backslashes), or -1. */
function closingQuote(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (quote[0] === '"' && line[i] === '\\') {
      i++;
      continue;
    }
    if (line.startsWith(quote, i)) {
      // `""""` closes with the last three quotes (a quote may end the content).
      let end = i + quote.length;
      while (quote.length === 3 && line[end] === quote[0] && end - i < 5) end++;
      return end;
    }
  }
  return -1;
}

/** A dotted key at `from`, and the index of what follows it (spaces skipped). */
function readKey(line: string, from: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let at = from;
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') at++;
    const c = line[at];
    if (c === '"' || c === "'") {
      const end = closingQuote(line, at + 1, c);
      if (end === -1) return undefined;
      const body = line.slice(at + 1, end - 1);
      parts.push(c === "'" ? body : unescapeBasic(body));
      at = end;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(line.slice(at));
      if (!bare) return undefined;
      parts.push(bare[0]);
      at += bare[0].length;
    }
    while (line[at] === ' ' || line[at] === '\t') at++;
    if (line[at] !== '.') return { parts, end: at };
    at++;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

function unescapeBasic(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) =>
    e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}

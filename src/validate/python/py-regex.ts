/**
 * A Python `re` pattern as an equivalent JavaScript RegExp source (with the `u` flag), for
 * schema `pattern`s: jsonschema runs `re.search(pattern, value)`. The differences that
 * matter: Python's `$` also matches before a final newline (so `"2.3.0\n"` matches
 * `^…$`), `.` matches `\r`, `\d`/`\w` are Unicode-aware, `(?P<name>…)` names groups, and
 * escapes such as `\-` or a lone `{` are fine in Python but errors in a `u` RegExp.
 */
export class UntranslatableRegex extends Error {}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');

export function pythonRegexToJs(pattern: string): { source: string; flags: string } {
  let flags = 'u';
  let rest = pattern;
  let dotAll = false;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(rest);
  if (inline) {
    rest = rest.slice(inline[0].length);
    for (const flag of inline[1]!) {
      if (flag === 'i' || flag === 'm') flags += flag;
      else if (flag === 's') dotAll = true;
      else if (flag !== 'u') throw new UntranslatableRegex(`inline flag (?${flag}) is not supported`);
    }
  }
  const multiline = flags.includes('m');
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (ch === '\\') {
      const next = rest[i + 1];
      if (next === undefined) throw new UntranslatableRegex('pattern ends with a backslash');
      i++;
      out += translateEscape(next, rest, i, inClass, (skip) => (i += skip));
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      if (ch === '[') out += '\\[';
      else out += ch;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        out += '[';
        if (rest[i + 1] === '^') out += rest[++i];
        // A `]` first in a class is a literal in Python.
        if (rest[i + 1] === ']') {
          out += '\\]';
          i++;
        }
        break;
      case '$':
        out += multiline ? '$' : '(?=\\n?$)';
        break;
      case '.':
        out += dotAll ? '[^]' : '[^\\n]';
        break;
      case '{': {
        const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(rest.slice(i));
        if (quantifier && (quantifier[1] || quantifier[3]) && out !== '') {
          out += `{${quantifier[1] || '0'}${quantifier[2]}${quantifier[3]}}`;
          i += quantifier[0].length - 1;
        } else {
          out += '\\{';
        }
        break;
      }
      case '}':
        out += '\\}';
        break;
      case '(':
        if (rest.startsWith('(?P<', i)) {
          out += '(?<';
          i += 3;
        } else if (rest.startsWith('(?P=', i)) {
          const end = rest.indexOf(')', i);
          out += `\\k<${rest.slice(i + 4, end)}>`;
          i = end;
        } else if (rest.startsWith('(?#', i)) {
          i = rest.indexOf(')', i);
        } else {
          out += ch;
        }
        break;
      default:
        out += ch;
    }
  }
  if (inClass) throw new UntranslatableRegex('unterminated character set');
  return { source: out, flags };
}

function translateEscape(next: string, rest: string, at: number, inClass: boolean, skip: (n: number) => void): string {
  switch (next) {
    case 'd':
      return '\\p{Nd}';
    case 'D':
      return inClass ? '\\P{Nd}' : '\\P{Nd}';
    case 'w':
      return inClass ? '\\p{L}\\p{N}_' : '[\\p{L}\\p{N}_]';
    case 'W':
      return inClass ? '\\W' : '[^\\p{L}\\p{N}_]';
    case 'Z':
      return '$';
    case 'A':
      return '^';
    case 'U': {
      const hex = rest.slice(at + 1, at + 9);
      if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new UntranslatableRegex('incomplete \\U escape');
      skip(8);
      return `\\u{${hex}}`;
    }
    default:
      if (/[a-zA-Z0-9]/.test(next)) return `\\${next}`;
      // Python allows escaping any punctuation; a `u` RegExp only its syntax characters.
      if (SYNTAX.has(next) || (inClass && next === '-')) return `\\${next}`;
      return `\\u{${next.codePointAt(0)!.toString(16)}}`;
  }
}

/** Compiles a translated Python pattern, or says why it cannot. */
export function compilePythonRegex(pattern: string): RegExp {
  const { source, flags } = pythonRegexToJs(pattern);
  return new RegExp(source, flags);
}

/**
 * Schema patterns that backtrack catastrophically, each with an equivalent pattern: one that
 * matches exactly the same strings, so no verdict can change, but that a backtracking
 * engine decides in linear time. The bound is structural rather than a cut-off length:
 * every input gets the reference's verdict, also those the reference itself takes minutes on.
 *
 * `metadata_version` (every bundled v2 schema): `^[0-9]{1,}.[0-9]{1,}.[0-9]{1,}$`, where
 * `.` is any character but a newline, takes cubic time on a run of digits that fails at its
 * end (41 s at 2,400 characters in the reference). A string matches it exactly when it is
 * digits with at most two other characters (not newlines), placed so that two separators
 * with digits on each side can be chosen: no other character and at least 5 digits; one, with
 * at least 3 digits on one side of it (a digit there is the second separator); or two, with
 * digits before, between and after them. Each branch below is one of these cases, and each
 * is deterministic: a digit run is always followed by a non-digit or the end. The unit test
 * compares the two on every string of up to 9 characters over digits, others and newlines.
 */
const LINEAR_EQUIVALENTS = new Map([
  [
    '^[0-9]{1,}.[0-9]{1,}.[0-9]{1,}$',
    '^(?:[0-9]{5,}|[0-9]{3,}[^0-9\\n][0-9]{1,}|[0-9]{1,}[^0-9\\n][0-9]{3,}|[0-9]{1,}[^0-9\\n][0-9]{1,}[^0-9\\n][0-9]{1,})$',
  ],
]);

/** A schema `pattern` (Python `re`) as the RegExp source to run: its linear-time equivalent when it has one. */
export function schemaPatternToJs(pattern: string): string {
  return pythonRegexToJs(LINEAR_EQUIVALENTS.get(pattern) ?? pattern).source;
}

const SHOWN = new Map(
  [...LINEAR_EQUIVALENTS].map(([original, equivalent]) => [pythonRegexToJs(equivalent).source, pythonRegexToJs(original).source]),
);

/** The pattern to show in a message for a RegExp source `schemaPatternToJs` gave: the schema's own. */
export function shownPattern(source: string): string {
  return SHOWN.get(source) ?? source;
}

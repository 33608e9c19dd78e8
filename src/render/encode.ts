/**
 * Encoders that turn an answer into a literal of the language of the file it goes into.
 * Templates put every answer through one of these (with `<%-`, never `<%=`, which escapes
 * for HTML), so a title holding quotes, `#`, `${`, `<%` or a newline still gives valid files.
 */
import { type Document, Scalar, stringify, visit } from 'yaml';

/** Python `str` literal. JSON's escapes (\" \\ \n \uXXXX) all mean the same in Python. */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** TOML basic string. TOML shares JSON's escapes except `\/`, which JSON.stringify never emits. */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}

/** TOML key: bare when TOML allows it (letters, digits, _ and -), else a basic string. */
export function tomlKey(value: string): string {
  return /^[A-Za-z0-9_-]+$/.test(value) ? value : tomlString(value);
}

/** JSON escapes HCL lacks (it has \n \r \t \" \\ \uNNNN only). */
const HCL_ESCAPES: Record<string, string> = { b: '\\u0008', f: '\\u000c' };

/**
 * HCL quoted template string: JSON's escapes, plus `${` and `%{`, which open interpolations
 * and directives in HCL and are written `$${` and `%%{` to stand for themselves. (The
 * replacements are functions: in a replacement string `$$` is JavaScript's escape for `$`,
 * so '$${' would write `${` again, issue 10 item 1.)
 */
export function hclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\\(u[0-9a-f]{4}|.)/g, (whole, code: string) => HCL_ESCAPES[code] ?? whole)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/**
 * Dockerfile double-quoted word (LABEL, ENV values): Docker's shell-like lexer honours
 * `\"`, `\\` and `\$` inside double quotes; a newline would end the instruction, so it is
 * written as the two characters `\n`.
 */
export function dockerString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\$/g, '\\$')
    .replace(/\r?\n|\r/g, '\\n');
  return `"${escaped}"`;
}

/** POSIX shell word: single quotes, with each `'` closed, escaped and reopened. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Groovy single-quoted string (JenkinsConstants.groovy), which does not interpolate. */
export function groovyString(value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `'${escaped}'`;
}

/**
 * YAML flow scalar for one value inside a YAML template: a string is always double-quoted,
 * on one line, so neither YAML 1.1 (PyYAML) nor 1.2 reads it as something else.
 */
export function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  // One line, whatever the length: the template puts it at its own indentation.
  return escapeUnreadable(stringify(scalar, { version: '1.1', lineWidth: 0, doubleQuotedMinMultiLineLength: Infinity }).trimEnd());
}

/**
 * Characters PyYAML cannot take as they are: U+0085, U+2028 and U+2029 are line breaks in
 * YAML 1.1 (in a plain or block scalar they end the line, so the hub reads another value or
 * none), and DEL, the C1 controls, U+FFFE and U+FFFF are refused anywhere in the file. The
 * `yaml` library leaves them raw even in double quotes (it relies on JSON.stringify, which
 * does not escape them), so a string holding one must be double-quoted (see
 * `yamlDocumentText`), and then each is written as its escape.
 */
const UNREADABLE = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g;
const NAMED_ESCAPES: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

export function needsEscapes(value: string): boolean {
  return new RegExp(UNREADABLE.source).test(value);
}

/** Escapes the characters of UNREADABLE; only valid where each is inside a double-quoted scalar. */
export function escapeUnreadable(yamlText: string): string {
  return yamlText.replace(UNREADABLE, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED_ESCAPES[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
  });
}

/**
 * A YAML 1.1 document as PyYAML reads it back, value for value: every string that holds a
 * character of UNREADABLE is double-quoted, and that character escaped.
 */
export function yamlDocumentText(doc: Document): string {
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && needsEscapes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return escapeUnreadable(doc.toString({ lineWidth: 0, directives: false }));
}

/**
 * Text for a Markdown heading or paragraph: one line (each line break, with the spaces
 * around it, one space), the characters CommonMark and GitHub read as markup escaped (`&`
 * for entities, `~` for strikethrough, `|` for tables), and a leading `-`, `+`, `=` or `1.`
 * that would start a list or underline a heading.
 */
export function markdownText(value: string): string {
  return value
    .trim()
    .replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]<>#|!&~]/g, '\\$&')
    .replace(/^[-+=]|^(\d+)([.)])/, (marker, digits?: string, dot?: string) => (digits ? `${digits}\\${dot}` : `\\${marker}`));
}

export const ENCODERS = {
  py: pyString,
  toml: tomlString,
  tomlKey,
  hcl: hclString,
  docker: dockerString,
  sh: shellWord,
  groovy: groovyString,
  yaml: yamlScalar,
  md: markdownText,
} as const;

/**
 * Encoders that turn an answer into a literal of the language of the file it goes into.
 * Templates put every answer through one of these (with `<%-`, never `<%=`, which escapes
 * for HTML), so a title holding quotes, `#`, `${`, `<%` or a newline still gives valid files.
 */
import { Scalar, stringify } from 'yaml';

/** Python `str` literal. JSON's escapes (\" \\ \n \uXXXX) all mean the same in Python. */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** TOML basic string. TOML shares JSON's escapes except `\/`, which JSON.stringify never emits. */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}

/**
 * HCL quoted template string: JSON's escapes, plus `${` and `%{`, which open interpolations
 * and directives in HCL and are written `$${` and `%%{` to stand for themselves.
 */
export function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
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
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
  return `'${escaped}'`;
}

/**
 * YAML flow scalar for one value inside a YAML template, quoted whenever YAML 1.1 (PyYAML)
 * or 1.2 would read it as something else than the string it is.
 */
export function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return stringify(scalar, { version: '1.1', lineWidth: 0 }).trimEnd();
}

/** Text for a Markdown heading or paragraph: one line, with Markdown's markup escaped. */
export function markdownText(value: string): string {
  return value.replace(/[\\`*_{}[\]<>#|!]/g, '\\$&').replace(/\s*\r?\n\s*/g, ' ');
}

export const ENCODERS = {
  py: pyString,
  toml: tomlString,
  hcl: hclString,
  docker: dockerString,
  sh: shellWord,
  groovy: groovyString,
  yaml: yamlScalar,
  md: markdownText,
} as const;

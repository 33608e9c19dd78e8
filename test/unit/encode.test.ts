/**
 * Each encoder is checked by the real parser of its language, on payloads built to break
 * it: Python's own `ast`, Python's `tomllib`, HashiCorp's HCL parser, Docker's Dockerfile
 * parser, a POSIX shell, PyYAML (and the `yaml` library), CommonMark (markdown-it-py).
 * Groovy is not installed here: its test follows the lexer rules of Groovy's grammar.
 */
import { execFileSync } from 'node:child_process';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { Document, parse as parseYaml } from 'yaml';
import {
  dockerString,
  groovyString,
  hclString,
  markdownText,
  pyString,
  shellWord,
  tomlString,
  yamlDocumentText,
  yamlScalar,
} from '../../src/render/encode.js';
import { venvBin } from '../support/python.js';

/** Every control character but NUL (which no file of ours can hold, nor argv). */
const CONTROLS = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('') + '\u007f\u0080\u0084\u0086\u009f';

const PAYLOADS = [
  'plain',
  '',
  'He said "hi" and \'bye\'',
  'back\\slash, \\n and \\" literally, \\\\ two',
  'ends in a backslash \\',
  'T ${upper(path.cwd)}',
  'T ${file("/etc/hostname")}',
  'percent %{ if true }x%{ endif } and %%{ and $${ and $$${ and $',
  'ejs <% x %> <%= y %> <%- z %> %>',
  'new\nline, CRLF\r\nand a lone CR\rand\ttab',
  'line separator\u2028paragraph separator\u2029next line\u0085end',
  `controls ${CONTROLS}`,
  'emoji 🚀 👩‍🔬, Ñoño façade 日本語, BOM \ufeff, nbsp\u00a0',
  'colon: hash # dollar $HOME $(id) `id` ; | & > < * ? [a] {b} ~ !',
  'yes',
  '2024-09-17',
  '- leading dash',
  '1. looks like a list',
  '  leading and trailing spaces  ',
];

/** Runs a Python snippet that reads JSON from stdin and prints JSON. */
function python(code: string, input: unknown): unknown {
  const out = execFileSync(venvBin('python'), ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

/**
 * The value of an HCL string as hcl2json gives it (Terraform's JSON syntax, where `$${` and
 * `%%{` stand for themselves and any other `${` or `%{` is an interpolation or directive).
 */
function hclJsonValue(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += `${text[i]}{`;
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      throw new Error(`HCL would evaluate ${JSON.stringify(text.slice(i))}`);
    } else {
      out += text[i++];
    }
  }
  return out;
}

/**
 * What Docker's shell-word lexer makes of a double-quoted word when it builds
 * (moby/buildkit frontend/dockerfile/shell/lex.go, processDoubleQuote): a backslash escapes
 * `"`, `$` and `\`, and is kept before anything else. The parser keeps words as written.
 */
function dockerWord(word: string): string {
  expect(word).toMatch(/^"[^]*"$/);
  return word.slice(1, -1).replace(/\\(["$\\])|\\/g, (all, escaped: string | undefined) => escaped ?? all);
}

/**
 * A Groovy single-quoted string, as the lexer of Groovy's grammar reads it (GroovyLexer.g4:
 * SqStringCharacter is any character but `'`, `\` and a line break, or an escape
 * `\b \t \n \f \r \s \" \' \\ \$`). Returns the value, or throws where Groovy would fail.
 */
function groovyValue(literal: string): string {
  const match = /^'((?:[^'\\\r\n]|\\[btnfrs"'\\$])*)'$/.exec(literal);
  if (!match) throw new Error(`not a Groovy single-quoted string: ${JSON.stringify(literal)}`);
  const escapes: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ' };
  return match[1]!.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c);
}

describe('encoders give literals their language reads back unchanged', () => {
  it('Python string literals', () => {
    const code = 'import ast, json, sys; print(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))';
    expect(python(code, PAYLOADS.map(pyString))).toEqual(PAYLOADS);
  });

  it('TOML basic strings', () => {
    const code = 'import tomllib, json, sys; print(json.dumps([tomllib.loads("v = " + s)["v"] for s in json.load(sys.stdin)]))';
    expect(python(code, PAYLOADS.map(tomlString))).toEqual(PAYLOADS);
  });

  it('HCL quoted strings: the value, never an interpolation or a directive', async () => {
    const source = PAYLOADS.map((value, i) => `v${i} = ${hclString(value)}`).join('\n');
    const parsed = (await parseHcl('t.hcl', source)) as Record<string, string>;
    expect(PAYLOADS.map((_, i) => hclJsonValue(parsed[`v${i}`]!))).toEqual(PAYLOADS);
  });

  it('Dockerfile double-quoted words: one LABEL argument each, the value as Docker builds it', () => {
    const lines = PAYLOADS.map((value, i) => `LABEL k${i}=${dockerString(value)}`).join('\n');
    const code = [
      'import json, sys, dockerfile',
      'src = json.load(sys.stdin)',
      'print(json.dumps([list(c.value) for c in dockerfile.parse_string(src)]))',
    ].join('\n');
    const parsed = python(code, `FROM scratch\n${lines}\n`) as string[][];
    // One instruction per value, split into its key and the word as written: nothing broke out.
    expect(parsed.slice(1)).toEqual(PAYLOADS.map((value, i) => [`k${i}`, dockerString(value)]));
    // A LABEL cannot hold a line break: each becomes the two characters \n.
    const expected = PAYLOADS.map((v) => v.replace(/\r?\n|\r/g, '\\n'));
    expect(parsed.slice(1).map(([, word]) => dockerWord(word!))).toEqual(expected);
  });

  it('shell words', () => {
    for (const value of PAYLOADS) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellWord(value)}`], { encoding: 'utf8' })).toBe(value);
    }
  });

  it('Groovy single-quoted strings (Groovy is not installed: the rules of its lexer)', () => {
    expect(PAYLOADS.map((value) => groovyValue(groovyString(value)))).toEqual(PAYLOADS);
    // A string that does not interpolate: `${...}` stays text in single quotes.
    expect(groovyString('T ${x}')).toBe("'T ${x}'");
  });

  it('YAML scalars, read as YAML 1.1 by PyYAML and by the yaml library', () => {
    const doc = PAYLOADS.map((value, i) => `k${i}: ${yamlScalar(value)}`).join('\n');
    const code = 'import yaml, json, sys; d = yaml.safe_load(json.load(sys.stdin)); print(json.dumps([d[k] for k in sorted(d, key=lambda k: int(k[1:]))]))';
    expect(python(code, doc)).toEqual(PAYLOADS);
    expect(Object.values(parseYaml(doc, { version: '1.1' }))).toEqual(PAYLOADS);
  });

  it('YAML documents, whatever style the library picks for each string (plain, block, quoted)', () => {
    const text = yamlDocumentText(new Document({ values: PAYLOADS, multiline: 'a\nb\u2028c\n' }, { version: '1.1' }));
    const code = 'import yaml, json, sys; print(json.dumps(yaml.safe_load(json.load(sys.stdin))))';
    expect(python(code, text)).toEqual({ values: PAYLOADS, multiline: 'a\nb\u2028c\n' });
    expect(parseYaml(text, { version: '1.1' })).toEqual({ values: PAYLOADS, multiline: 'a\nb\u2028c\n' });
  });
});

describe('Markdown text', () => {
  /** The blocks and the text a person sees of `# <title>` then a paragraph, through CommonMark. */
  function seen(heading: string, paragraph: string): unknown {
    const code = [
      'import json, sys',
      'from markdown_it import MarkdownIt',
      'tokens = MarkdownIt("commonmark").parse(json.load(sys.stdin))',
      'print(json.dumps([[t.type, [[c.type, c.content] for c in (t.children or [])]] for t in tokens]))',
    ].join('\n');
    return python(code, `# ${markdownText(heading)}\n\n${markdownText(paragraph)}\n`);
  }

  it.each(PAYLOADS.filter((p) => p.trim() !== ''))('is one heading and one paragraph of plain text: %j', (payload) => {
    // What a person sees: the text on one line, line breaks and the spaces around them as one space.
    const visible = payload.trim().replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ').replace(/\u0000/g, '\ufffd');
    const text = [['text', visible]];
    expect(seen(payload, payload)).toEqual([
      ['heading_open', []],
      ['inline', text],
      ['heading_close', []],
      ['paragraph_open', []],
      ['inline', text],
      ['paragraph_close', []],
    ]);
  });
});

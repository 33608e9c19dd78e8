/**
 * Each encoder is checked by the real parser of its language, here those of the test venv:
 * Python's own `ast`, Python's `tomllib`, Docker's Dockerfile parser (PyPI `dockerfile`),
 * PyYAML (and the `yaml` library), CommonMark (markdown-it-py). The others are in
 * test/unit/encode.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Document, parse as parseYaml } from 'yaml';
import { dockerString, markdownText, pyString, tomlString, yamlDocumentText, yamlScalar } from '../../src/render/encode.js';
import { PAYLOADS } from '../support/nasty-strings.js';
import { venvBin } from '../support/python.js';

/** Runs a Python snippet that reads JSON from stdin and prints JSON. */
function python(code: string, input: unknown): unknown {
  const out = execFileSync(venvBin('python'), ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
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

describe('encoders give literals their language reads back unchanged', () => {
  it('Python string literals', () => {
    const code = 'import ast, json, sys; print(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))';
    expect(python(code, PAYLOADS.map(pyString))).toEqual(PAYLOADS);
  });

  it('TOML basic strings', () => {
    const code = 'import tomllib, json, sys; print(json.dumps([tomllib.loads("v = " + s)["v"] for s in json.load(sys.stdin)]))';
    expect(python(code, PAYLOADS.map(tomlString))).toEqual(PAYLOADS);
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

  it('YAML scalars, read as YAML 1.1 by PyYAML and by the yaml library', () => {
    const doc = PAYLOADS.map((value, i) => `k${i}: ${yamlScalar(value)}`).join('\n');
    const code =
      'import yaml, json, sys; d = yaml.safe_load(json.load(sys.stdin)); print(json.dumps([d[k] for k in sorted(d, key=lambda k: int(k[1:]))]))';
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
    const visible = payload
      .trim()
      .replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ')
      .replace(/\u0000/g, '\ufffd');
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

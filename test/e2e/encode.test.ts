/**
 * Each encoder is checked by the real parser of its language, here those of the test venv:
 * Python's own `ast`, Python's `tomllib`, Docker's Dockerfile parser (PyPI `dockerfile`),
 * PyYAML. The others are in test/unit/encode.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { dockerString, pyString, tomlString, yamlScalar } from '../../src/render/encode.js';
import { NASTY } from '../support/nasty-strings.js';
import { venvBin } from '../support/python.js';

/** Runs a Python snippet that reads JSON from stdin and prints JSON. */
function python(code: string, input: unknown): unknown {
  const out = execFileSync(venvBin('python'), ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

describe('encoders give literals their language reads back unchanged', () => {
  it('Python string literals', () => {
    const code = 'import ast, json, sys; print(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))';
    expect(python(code, NASTY.map(pyString))).toEqual(NASTY);
  });

  it('TOML basic strings', () => {
    const code = 'import tomllib, json, sys; print(json.dumps([tomllib.loads("v = " + s)["v"] for s in json.load(sys.stdin)]))';
    expect(python(code, NASTY.map(tomlString))).toEqual(NASTY);
  });

  it('Dockerfile double-quoted words, as one LABEL argument each', () => {
    const lines = NASTY.map((value, i) => `LABEL k${i}=${dockerString(value)}`).join('\n');
    const code = [
      'import json, sys, dockerfile',
      'src = json.load(sys.stdin)',
      'print(json.dumps([list(c.value) for c in dockerfile.parse_string(src)]))',
    ].join('\n');
    const parsed = python(code, `FROM scratch\n${lines}\n`) as string[][];
    expect(parsed).toHaveLength(NASTY.length + 1);
    // One instruction per value: nothing broke out of its quotes.
    expect(parsed.slice(1).map((v) => v[0])).toEqual(NASTY.map((_, i) => `k${i}`));
  });

  it('YAML scalars, read as YAML 1.1 by PyYAML and by the yaml library', () => {
    const doc = NASTY.map((value, i) => `k${i}: ${yamlScalar(value)}`).join('\n');
    const code = 'import yaml, json, sys; d = yaml.safe_load(json.load(sys.stdin)); print(json.dumps([d[k] for k in sorted(d, key=lambda k: int(k[1:]))]))';
    expect(python(code, doc)).toEqual(NASTY);
    expect(Object.values(parseYaml(doc, { version: '1.1' }))).toEqual(NASTY);
  });
});

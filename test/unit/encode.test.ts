/**
 * Each encoder is checked by the real parser of its language, on payloads built to break it.
 * Here those that need no Python: HashiCorp's HCL parser (in process) and a POSIX shell; Groovy
 * is not installed, so its test follows the lexer rules of Groovy's grammar. Python's `ast`
 * and `tomllib`, Docker's Dockerfile parser, PyYAML and CommonMark are in test/e2e/encode.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { groovyString, hclString, shellWord } from '../../src/render/encode.js';
import { PAYLOADS } from '../support/nasty-strings.js';

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
  it('HCL quoted strings: the value, never an interpolation or a directive', async () => {
    const source = PAYLOADS.map((value, i) => `v${i} = ${hclString(value)}`).join('\n');
    const parsed = (await parseHcl('t.hcl', source)) as Record<string, string>;
    expect(PAYLOADS.map((_, i) => hclJsonValue(parsed[`v${i}`]!))).toEqual(PAYLOADS);
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
});

/**
 * Each encoder is checked by the real parser of its language. Here the parsers that need no
 * Python: HashiCorp's HCL parser (in process) and `sh`. Python's `ast`, `tomllib`, Docker's
 * Dockerfile parser and PyYAML check the other encoders in test/e2e/encode.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { hclString, markdownText, shellWord } from '../../src/render/encode.js';
import { NASTY } from '../support/nasty-strings.js';

describe('encoders give literals their language reads back unchanged', () => {
  it('HCL quoted strings, interpolation markers included', async () => {
    const source = NASTY.map((value, i) => `v${i} = ${hclString(value)}`).join('\n');
    const parsed = (await parseHcl('t.hcl', source)) as Record<string, string>;
    // hcl2json writes the escaped template form back: `$${` stands for a literal `${`.
    expect(NASTY.map((_, i) => parsed[`v${i}`]!.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'))).toEqual(NASTY);
  });

  it('shell words', () => {
    for (const value of NASTY.filter((v) => v !== '')) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellWord(value)}`], { encoding: 'utf8' })).toBe(value);
    }
  });

  it('Markdown text stays on one line with its markup escaped', () => {
    expect(markdownText('# *Big* <model>\nsecond')).toBe('\\# \\*Big\\* \\<model\\> second');
  });
});

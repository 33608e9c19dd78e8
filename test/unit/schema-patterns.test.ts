/**
 * Issue 10 item 12: the schema's `metadata_version` pattern backtracks catastrophically (the
 * reference takes 41 s at 2,400 characters). Its linear-time equivalent must match exactly
 * the strings the pattern matches, and long inputs must get their verdict.
 */
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/validate/compile.js';
import { compilePythonRegex, schemaPatternToJs } from '../../src/validate/python/py-regex.js';
import { describeError } from '../../src/validate/messages.js';
import { parseAuthors } from '../../src/answers/parse.js';
import { QUESTIONS } from '../../src/answers/questions.js';

const METADATA_VERSION = '^[0-9]{1,}.[0-9]{1,}.[0-9]{1,}$';

/** Every string of up to `length` characters over `alphabet`. */
function* strings(alphabet: string[], length: number): Generator<string> {
  yield '';
  let level = [''];
  for (let n = 1; n <= length; n++) {
    level = level.flatMap((prefix) => alphabet.map((c) => prefix + c));
    yield* level;
  }
}

describe('the metadata_version pattern', () => {
  it('has an equivalent that matches exactly the same strings (all strings of up to 9 characters)', () => {
    const original = compilePythonRegex(METADATA_VERSION);
    const linear = new RegExp(schemaPatternToJs(METADATA_VERSION), 'u');
    expect(linear.source).not.toBe(original.source);
    // A digit, another digit, a separator, an astral character, a newline: every class the pattern tells apart.
    const differ: string[] = [];
    for (const s of strings(['1', '0', '.', '😀', '\n'], 8)) if (original.test(s) !== linear.test(s)) differ.push(JSON.stringify(s));
    for (const s of strings(['7', 'x', '\n'], 9)) if (original.test(s) !== linear.test(s)) differ.push(JSON.stringify(s));
    expect(differ).toEqual([]);
  });

  it('gives long versions their verdict, with the schema pattern in the message', { timeout: 120_000 }, () => {
    const validate = compileSchema({ type: 'object', properties: { metadata_version: { type: 'string', pattern: METADATA_VERSION } } });
    const digits = '1'.repeat(100_000);
    expect(validate({ metadata_version: `${digits}x` })).toBe(false);
    const error = validate.errors![0]!;
    expect(describeError(error).message).toContain(`does not match the pattern ${compilePythonRegex(METADATA_VERSION).source}`);
    expect(validate({ metadata_version: `${digits}.0.0` })).toBe(true);
    expect(validate({ metadata_version: `${digits}x1` })).toBe(true);
    expect(validate({ metadata_version: `${digits}x1x` })).toBe(false);
    expect(validate({ metadata_version: `${digits}\n` })).toBe(true);
  });
});

describe('answers with long text', () => {
  const authors = QUESTIONS.find((q) => q.key === 'authors')!;

  it('refuses an author list or an email address beyond the bound, before any pattern runs', { timeout: 120_000 }, () => {
    expect(parseAuthors('a'.repeat(50_000))).toEqual({ problem: 'must be at most 20000 characters (it has 50000)' });
    const long = parseAuthors(`Jane <jane@${'b.'.repeat(5_000)}@>`);
    expect('value' in long && (authors.validate as (v: unknown) => string | undefined)(long.value)).toBe(
      'the email address of Jane has 10006 characters; an address has at most 254',
    );
    const fine = parseAuthors('Jane <jane@uni.eu>');
    expect('value' in fine && (authors.validate as (v: unknown) => string | undefined)(fine.value)).toBeUndefined();
  });
});

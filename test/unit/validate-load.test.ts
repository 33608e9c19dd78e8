/** Loading as the reference does (JSON, then YAML 1.1 as PyYAML reads it), with positions. */
import { describe, expect, it } from 'vitest';
import { loadMetadataText, type Loaded } from '../../src/validate/load.js';
import { LoadFailure } from '../../src/validate/load-error.js';
import { pyValueInfo } from '../../src/validate/python/py-values.js';
import { relaxIndentation } from '../../src/validate/python/pyyaml-syntax.js';

const load = (text: string | Uint8Array) => loadMetadataText(typeof text === 'string' ? new TextEncoder().encode(text) : text);
const value = (text: string) => {
  const result = load(text);
  if (result instanceof LoadFailure) throw new Error(`did not load: ${result.message}`);
  return result.value;
};
const scalar = (yaml: string) => (value(`v: ${yaml}\n`) as { v: unknown }).v;
const failure = (text: string | Uint8Array) => {
  const result = load(text);
  if (!(result instanceof LoadFailure)) throw new Error('loaded');
  return result;
};

describe('scalars, as PyYAML resolves them (YAML 1.1)', () => {
  it.each([
    ['yes', true],
    ['No', false],
    ['on', true],
    ['OFF', false],
    ['y', 'y'],
    ['n', 'n'],
    ['~', null],
    ['', null],
    ['2.0', 2],
    ['1e3', '1e3'],
    ['1.0e+3', 1000],
    ['1.0e3', '1.0e3'],
    ['1_000', 1000],
    ['0o17', '0o17'],
    ['0777', 511],
    ['08', '08'],
    ['0x1F', 31],
    ['0b101', 5],
    ['.5', 0.5],
    ['+.5', '+.5'],
    ['1:30', 90],
    ['1:30.5', 90.5],
    ['.inf', Infinity],
    ['-.inf', -Infinity],
    ['NaN', 'NaN'],
    ['"2024-09-17"', '2024-09-17'],
    ['! 12', 12],
    ['!!str 12', '12'],
  ])('%s', (yaml, expected) => {
    expect(scalar(yaml)).toEqual(expected);
  });

  it('reads .nan as NaN', () => {
    expect(scalar('.nan')).toBeNaN();
  });

  it('reads an unquoted date as a date and a timestamp as a datetime', () => {
    expect(pyValueInfo(scalar('2024-09-17'))).toEqual({ kind: 'date', text: '2024-09-17' });
    expect(pyValueInfo(scalar('2024-09-17T10:20:30Z'))).toEqual({ kind: 'datetime', text: '2024-09-17 10:20:30+00:00' });
    expect(scalar('2024-9-17')).toBe('2024-9-17');
  });

  it('says the reference crashes (exit 4) on dates that do not exist and on failed conversions', () => {
    for (const yaml of [
      '2024-02-30',
      '2023-02-29',
      '2024-13-01',
      '2024-09-17T25:00:00',
      '!!int "abc"',
      '!!bool "maybe"',
      '!!timestamp "later"',
      '1'.repeat(4400),
    ]) {
      expect(failure(`v: ${yaml}\n`).exitCode, yaml).toBe(4);
    }
  });

  it('refuses what PyYAML refuses (exit 2): unknown tags, tabs between tokens, duplicate anchors, `=`', () => {
    for (const text of [
      'v: !custom x\n',
      'v:\tx\n',
      'v: a\tb\n',
      'a: &x 1\nb: &x 2\n',
      'a: *nowhere\n',
      'v: =\n',
      ': orphan\n',
      '...\n',
      '%YAML 2.0\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
    ]) {
      expect(failure(text).exitCode, JSON.stringify(text)).toBe(2);
    }
  });

  it('accepts what PyYAML accepts but the yaml package would not', () => {
    expect(value('x: [a,\nb]\n')).toEqual({ x: ['a', 'b'] });
    expect(value('t: "abc\ndef"\n')).toEqual({ t: 'abc def' });
    expect(value('=: 1\n')).toEqual({ '=': 1 });
    expect(value('t: "a\tb"\n# \tcomment\n')).toEqual({ t: 'a\tb' });
  });

  it('keeps the last of duplicate keys, and merges `<<` keys', () => {
    expect(value('a: 1\na: 2\n')).toEqual({ a: 2 });
    expect(value('base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n')).toMatchObject({ c: { x: 1, y: 3 } });
  });

  it('reads an empty file, a comment-only file and `---` as null', () => {
    for (const text of ['', '# only a comment\n', '---\n']) expect(value(text)).toBeNull();
  });
});

describe('JSON, as Python json.loads reads it', () => {
  it('is tried first, so JSON keeps JSON meanings', () => {
    expect(value('{"a": "yes", "b": 2024}')).toEqual({ a: 'yes', b: 2024 });
    expect(value('{"a": NaN}')).toEqual({ a: NaN });
    expect(value('{"a": 1, "a": 2}')).toEqual({ a: 2 });
  });

  it('falls back to YAML for what json.loads refuses', () => {
    const loaded = load('{"a": 1,}') as Loaded;
    expect(loaded.format).toBe('yaml');
    expect((load('\ufeff{"a": 1}') as Loaded).format).toBe('yaml');
  });

  it('crashes like the reference on a 5000-digit integer and on nesting past its recursion limit', () => {
    expect(failure(`{"a": ${'1'.repeat(5000)}}`).exitCode).toBe(4);
    expect(failure(`${'['.repeat(1200)}${']'.repeat(1200)}`).exitCode).toBe(4);
  });

  it("is not UTF-8: exit 4, as Python's decoding error", () => {
    expect(failure(Uint8Array.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])).exitCode).toBe(4);
  });
});

describe('positions', () => {
  const located = (text: string, pointer: string) => {
    const loaded = load(text) as Loaded;
    const spans = loaded.source.locate(pointer)!.spans;
    return { value: loaded.source.position(spans.value.start), key: spans.key && loaded.source.position(spans.key.start) };
  };

  it('give line and column of values and keys in YAML', () => {
    const text = 'title: Demo\nlinks:\n  source_code: https://x\ntags:\n  - a\n  - b\n';
    expect(located(text, '/links/source_code')).toEqual({ value: { line: 3, column: 16 }, key: { line: 3, column: 3 } });
    expect(located(text, '/tags/1').value).toEqual({ line: 6, column: 5 });
  });

  it('give line and column in JSON', () => {
    const text = '{\n  "title": "Demo",\n  "tags": ["a", 7]\n}\n';
    expect(located(text, '/tags/1').value).toEqual({ line: 3, column: 17 });
    expect(located(text, '/title').key).toEqual({ line: 2, column: 3 });
    expect(located('{\n  "links": {"a": 1}\n}', '/links').key).toEqual({ line: 2, column: 3 });
  });

  it('count lines after CRLF as Python reads them (universal newlines)', () => {
    expect(located('a: 1\r\nb: x\r\n', '/b').value).toEqual({ line: 2, column: 4 });
  });

  it('map back through re-indented flow collections', () => {
    const relaxed = relaxIndentation('x: [a,\nb]\ny: 1\n')!;
    expect(relaxed.text).toBe('x: [a,\n b]\ny: 1\n');
    expect(relaxed.toOriginal(relaxed.text.indexOf('y'))).toBe('x: [a,\nb]\ny: 1\n'.indexOf('y'));
    expect(located('x: [a,\nb]\ny: 1\n', '/y').value).toEqual({ line: 3, column: 4 });
  });

  it('point at the error of a file that does not parse', () => {
    expect(failure('title: Demo\ntags: [a, b\n').position).toMatchObject({ line: 3 });
    expect(failure('a: 1\nb:\tx\n').position).toEqual({ line: 2, column: 3 });
  });
});

// How fast they end is a figure of `npm run bench` (scripts/bench/validate.mjs), not asserted here.
describe('hostile input ends with a clear error', () => {
  it('an alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'bcdefghij'[i - 1]}: &${'bcdefghij'[i - 1]} [${Array(10)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(', ')}]`,
      );
    expect(failure(`${levels.join('\n')}\n`).message).toMatch(/alias/i);
  });

  it('deep nesting in YAML', () => {
    expect(failure(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`).message).toMatch(/nested/i);
    expect(failure(`a: ${'{b: '.repeat(600)}1${'}'.repeat(600)}\n`).message).toMatch(/nested/i);
  });
});

/**
 * Metadata files made to find where our loader and validator disagree with the reference:
 * valid bases (a generated module's metadata, the reference's samples, a minimal v2 and a
 * v1 file), each mutated in the ways people and YAML get metadata wrong. Deterministic: the
 * same seed gives the same files, so a mismatch can be reproduced from its name.
 */
import { readFileSync } from 'node:fs';

/** A YAML (and JSON) snippet written as is, to put YAML 1.1 spellings in a document. */
export class Raw {
  constructor(
    readonly yaml: string,
    /** JSON text, when the mutation has a JSON form. */
    readonly json?: string,
  ) {}
}
export const raw = (yaml: string, json?: string) => new Raw(yaml, json);

export interface CorpusFile {
  name: string;
  content: string | Uint8Array;
}

type Data = Record<string, unknown>;
type Path = (string | number)[];

const REFERENCE = new URL('../../fixtures/ai4-metadata/instances/', import.meta.url);

export function referenceInstances(): { name: string; path: string }[] {
  return [
    'valid/sample-v2.mods.json',
    'valid/sample-v2.mods.yaml',
    'valid/sample-v2.pytho.json',
    'invalid/invalid.json',
    'invalid/sample-v1.mods.json',
    'invalid/sample-v1.mods.yaml',
  ].map((name) => ({ name, path: new URL(name, REFERENCE).pathname }));
}

// ---------------------------------------------------------------- emitters

const PLAIN = /^[A-Za-z][A-Za-z0-9 _.,/()'+-]*(?::[^\s][A-Za-z0-9 _.,/()'+-:]*)*$/;
const YAML11_WORDS = /^(?:y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

function yamlScalar(value: unknown): string {
  if (value instanceof Raw) return value.yaml;
  if (typeof value === 'string')
    return PLAIN.test(value) && !YAML11_WORDS.test(value) && !value.endsWith(' ') ? value : JSON.stringify(value);
  if (value === null) return 'null';
  return String(value);
}

/** Block-style YAML, Raw values written as they are. */
export function toYaml(data: unknown, indent = ''): string {
  if (Array.isArray(data)) {
    if (data.length === 0) return `${indent}[]\n`;
    return data
      .map((item) => {
        if (item !== null && typeof item === 'object' && !(item instanceof Raw)) {
          const inner = toYaml(item, `${indent}  `);
          return `${indent}- ${inner.slice(indent.length + 2)}`;
        }
        return `${indent}- ${yamlScalar(item)}\n`;
      })
      .join('');
  }
  if (data !== null && typeof data === 'object' && !(data instanceof Raw)) {
    const entries = Object.entries(data);
    if (entries.length === 0) return `${indent}{}\n`;
    return entries
      .map(([key, value]) => {
        const k = yamlScalar(key);
        if (value !== null && typeof value === 'object' && !(value instanceof Raw)) {
          const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
          if (empty) return `${indent}${k}: ${Array.isArray(value) ? '[]' : '{}'}\n`;
          return `${indent}${k}:\n${toYaml(value, Array.isArray(value) ? `${indent}  ` : `${indent}  `)}`;
        }
        return `${indent}${k}: ${yamlScalar(value)}\n`;
      })
      .join('');
  }
  return `${indent}${yamlScalar(data)}\n`;
}

/** JSON text; Raw values use their JSON form (or their YAML text quoted). */
export function toJson(data: unknown): string {
  const raws: Raw[] = [];
  const text = JSON.stringify(
    data,
    (_key, value) => {
      if (value instanceof Raw) {
        raws.push(value);
        return `\u0000raw${raws.length - 1}\u0000`;
      }
      return value;
    },
    2,
  );
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_, i) => raws[Number(i)]!.json ?? JSON.stringify(raws[Number(i)]!.yaml));
}

// ---------------------------------------------------------------- data edits

const clone = <T>(value: T): T => structuredCloneWithRaw(value) as T;
function structuredCloneWithRaw(value: unknown): unknown {
  if (value instanceof Raw) return value;
  if (Array.isArray(value)) return value.map(structuredCloneWithRaw);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneWithRaw(v)]));
  return value;
}

function set(data: Data, path: Path, value: unknown): Data {
  const copy = clone(data);
  let at: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) {
    if (at[part] === null || typeof at[part] !== 'object') at[part] = {};
    at = at[part] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]!] = value;
  return copy;
}

function remove(data: Data, path: Path): Data {
  const copy = clone(data);
  let at: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) at = (at[part] ?? {}) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (Array.isArray(at)) at.splice(Number(last), 1);
  else delete at[last];
  return copy;
}

// ---------------------------------------------------------------- bases

export function minimalV2(): Data {
  return {
    metadata_version: '2.3.0',
    title: 'Minimal module',
    summary: 'The least a module needs',
    description: 'A module with only the required keys',
    links: { source_code: 'https://github.com/ai4os-hub/minimal' },
    libraries: ['Other'],
    tasks: ['Other'],
    categories: ['AI4 tools'],
    tags: ['minimal'],
  };
}

function readJson(name: string): Data {
  return JSON.parse(readFileSync(new URL(name, REFERENCE), 'utf8')) as Data;
}

/** The bases: each valid for 2.3.0 except the v1 one (valid for 1.0.0 only). */
export function bases(generated: Data[]): { name: string; data: Data }[] {
  return [
    ...generated.map((data, i) => ({ name: `gen${i}`, data })),
    { name: 'mods', data: readJson('valid/sample-v2.mods.json') },
    { name: 'pytho', data: readJson('valid/sample-v2.pytho.json') },
    { name: 'min', data: minimalV2() },
    { name: 'v1', data: readJson('invalid/sample-v1.mods.json') },
  ];
}

// ---------------------------------------------------------------- mutations

interface Mutation {
  name: string;
  apply: (data: Data) => Data;
}

const SCALAR_SPELLINGS: [string, string, string?][] = [
  // [name, YAML text, JSON text]
  ['yes', 'yes', 'true'],
  ['No', 'No', 'false'],
  ['on', 'on', 'true'],
  ['OFF', 'OFF', 'false'],
  ['y', 'y'],
  ['n', 'n'],
  ['Y', 'Y'],
  ['true', 'true', 'true'],
  ['tilde', '~', 'null'],
  ['null', 'null', 'null'],
  ['empty', '', 'null'],
  ['float', '2.0', '2.0'],
  ['int', '2', '2'],
  ['exp-nodot', '1e3', '1e3'],
  ['exp-dot', '1.0e+3', '1.0e+3'],
  ['exp-dot-nosign', '1.0e3', '1.0e3'],
  ['underscore', '1_000', '1000'],
  ['octal-o', '0o17'],
  ['octal', '0777'],
  ['not-octal', '08'],
  ['hex', '0x1F'],
  ['binary', '0b101'],
  ['dot5', '.5'],
  ['plusdot5', '+.5'],
  ['sexagesimal', '1:30'],
  ['sexagesimal-float', '1:30.5'],
  ['inf', '.inf', 'Infinity'],
  ['minus-inf', '-.inf', '-Infinity'],
  ['nan', '.nan', 'NaN'],
  ['NaN-word', 'NaN'],
  ['minus-zero', '-0', '-0'],
  ['plus-one', '+1'],
  ['equals', '='],
  ['merge-word', '<<'],
  ['date', '2024-09-17'],
  ['date-short', '2024-9-17'],
  ['bad-date', '2024-02-30'],
  ['month-13', '2024-13-01'],
  ['leap-day', '2024-02-29'],
  ['not-leap', '2023-02-29'],
  ['datetime', '2024-09-17 10:20:30'],
  ['datetime-t-z', '2024-09-17T10:20:30Z'],
  ['datetime-tz', '2024-09-17T10:20:30.123+02:00'],
  ['bad-hour', '2024-09-17T25:00:00'],
  ['bad-tz', '2024-09-17T10:00:00+25:00'],
  ['year-zero', '0000-01-01'],
  ['quoted-date', '"2024-09-17"', '"2024-09-17"'],
  ['version-nl', '|\n  2.3.0', '"2.3.0\\n"'],
  ['version-folded', '>-\n  2.3.0', '"2.3.0"'],
  ['str-tag-int', '!!str 123', '"123"'],
  ['int-tag-text', '!!int "abc"'],
  ['int-tag-quoted', '!!int "12"'],
  ['int-tag-empty', '!!int ""'],
  ['int-tag-bin-empty', '!!int "0b"'],
  ['float-tag', '!!float "1.5"'],
  ['float-tag-bad', '!!float "x1"'],
  ['bool-tag-bad', '!!bool "maybe"'],
  ['bool-tag-ok', '!!bool "Yes"'],
  ['null-tag', '!!null "x"'],
  ['ts-tag-bad', '!!timestamp "later"'],
  ['binary', '!!binary aGVsbG8='],
  ['binary-bad', '!!binary "a"'],
  ['set', '!!set {a, b}'],
  ['omap', '!!omap [a: 1, b: 2]'],
  ['pairs-bad', '!!pairs [a, b]'],
  ['unknown-tag', '!custom value'],
  ['python-tag', '!!python/none ""'],
  ['nonspecific', '! 123'],
  ['nonspecific-quoted', '! "123"'],
  ['seq-tag-scalar', '!!seq abc'],
  ['map-tag-seq', '!!map [a]'],
  ['str-tag-seq', '!!str [a]'],
  ['big-int', '1'.repeat(4400), '1'.repeat(4400)],
  ['big-int-ok', '9'.repeat(400), '9'.repeat(400)],
  ['huge-float', '1.0e+400', '1e400'],
  ['flow-list', '[a, b]', '["a", "b"]'],
  ['flow-map', '{a: 1}', '{"a": 1}'],
  ['single-quoted', "'it''s'", '"it\'s"'],
  ['proto', '__proto__', '"__proto__"'],
];

/** Spellings PyYAML refuses or crashes on, wherever they are. */
const UNLOADABLE = new Set([
  'equals',
  'merge-word',
  'bad-date',
  'month-13',
  'not-leap',
  'bad-hour',
  'bad-tz',
  'year-zero',
  'int-tag-text',
  'int-tag-empty',
  'int-tag-bin-empty',
  'float-tag-bad',
  'bool-tag-bad',
  'ts-tag-bad',
  'binary-bad',
  'pairs-bad',
  'unknown-tag',
  'python-tag',
  'seq-tag-scalar',
  'map-tag-seq',
  'str-tag-seq',
  'big-int',
]);

const ENUM_SPELLINGS: Record<string, string[]> = {
  libraries: ['Tensorflow', 'tensorflow', 'Pytorch', 'Scikit-Learn', 'sklearn', 'PyTorch ', 'Keras'],
  tasks: ['computer vision', 'Computer-Vision', 'NLP', 'Other'],
  categories: ['AI4 Trainable', 'AI4 pretrained', 'AI4 tools'],
  'data-type': ['image', 'Images', 'Time series', 'Text'],
};

const V1_KEYS: [string, unknown][] = [
  ['keywords', ['a', 'b']],
  ['sources', { code: 'https://github.com/x/y' }],
  ['tosca', []],
  ['date_creation', '2020-01-01'],
  ['dataset_url', 'https://x.org'],
  ['cite_url', 'https://x.org'],
];

function mutations(): Mutation[] {
  const list: Mutation[] = [];
  const requiredTop = ['metadata_version', 'title', 'summary', 'description', 'links', 'libraries', 'tasks', 'categories', 'tags'];
  for (const key of requiredTop) list.push({ name: `missing-${key}`, apply: (d) => remove(d, [key]) });
  list.push({ name: 'missing-source-code', apply: (d) => remove(d, ['links', 'source_code']) });
  list.push({ name: 'dates-only-created', apply: (d) => set(d, ['dates'], { created: '2024-01-01' }) });
  list.push({ name: 'empty-title', apply: (d) => set(d, ['title'], '') });
  list.push({ name: 'empty-tags', apply: (d) => set(d, ['tags'], []) });
  for (const [field, spellings] of Object.entries(ENUM_SPELLINGS)) {
    for (const spelling of spellings)
      list.push({ name: `enum-${field}-${spelling.replace(/\W+/g, '_')}`, apply: (d) => set(d, [field], [spelling]) });
  }
  list.push({ name: 'enum-duplicate', apply: (d) => set(d, ['libraries'], ['Keras', 'Keras']) });
  list.push({ name: 'tags-proto-twice', apply: (d) => set(d, ['tags'], ['__proto__', '__proto__']) });
  list.push({ name: 'tags-int-and-float', apply: (d) => set(d, ['tags'], [raw('1', '1'), raw('1.0', '1.0')]) });
  const wrongTypes: [string, Path, unknown][] = [
    ['title-list', ['title'], ['a']],
    ['title-map', ['title'], { a: 1 }],
    ['title-int', ['title'], 7],
    ['tags-string', ['tags'], 'deep learning'],
    ['links-string', ['links'], 'https://github.com/ai4os-hub/x'],
    ['libraries-map', ['libraries'], { TensorFlow: true }],
    ['cpu-string', ['resources', 'inference', 'cpu'], '1'],
    ['cpu-float', ['resources', 'inference', 'cpu'], 1.5],
    ['cpu-negative', ['resources', 'inference', 'cpu'], -1],
    ['cpu-bool', ['resources', 'inference', 'cpu'], true],
    ['memory-string', ['resources', 'inference', 'memory_MB'], '8GB'],
    ['gpu-cc-string', ['resources', 'inference', 'gpu_compute_capability'], '7.5'],
    ['training-list', ['resources', 'training'], [1]],
    ['top-list', [], null],
  ];
  for (const [name, path, value] of wrongTypes) {
    if (path.length === 0) continue;
    list.push({ name: `type-${name}`, apply: (d) => set(d, path, value) });
  }
  const scalarTargets: [string, Path][] = [
    ['title', ['title']],
    ['version', ['metadata_version']],
    ['created', ['dates', 'created']],
    ['cpu', ['resources', 'inference', 'cpu']],
    ['gpucc', ['resources', 'inference', 'gpu_compute_capability']],
    ['tag', ['tags', 0]],
    ['library', ['libraries', 0]],
    ['unknown', ['x_extra']],
  ];
  // Every spelling where a string, a date and an integer are expected; a third elsewhere.
  // Spellings the reference cannot load (exit 2 or 4, whatever the place) go to two places:
  // each such file costs the reference a process of its own.
  for (const [t, [target, path]] of scalarTargets.entries()) {
    for (const [i, [name, yaml, json]] of SCALAR_SPELLINGS.entries()) {
      if (t >= 4 && i % 3 !== t % 3) continue;
      if (UNLOADABLE.has(name) && target !== 'title' && target !== 'cpu') continue;
      list.push({ name: `scalar-${target}-${name}`, apply: (d) => set(d, path, raw(yaml, json)) });
    }
  }
  for (const [key, value] of V1_KEYS) list.push({ name: `v1key-${key}`, apply: (d) => set(d, [key], value) });
  list.push({ name: 'unknown-keys', apply: (d) => set(set(d, ['sata-type'], ['Image']), ['links', 'sorce_code'], 'https://x.org') });
  return list;
}

// ---------------------------------------------------------------- text mutations

interface TextMutation {
  name: string;
  apply: (text: string) => string | Uint8Array;
}

function textMutations(): TextMutation[] {
  const lines = (text: string) => text.split('\n');
  const list: TextMutation[] = [
    { name: 'tab-indent', apply: (t) => t.replace(/\n {2}(?=\S)/, '\n\t') },
    { name: 'tab-indent-all', apply: (t) => t.replace(/\n {2}/g, '\n\t') },
    { name: 'tab-after-colon', apply: (t) => t.replace(/^(title):\s*/m, '$1:\t') },
    { name: 'tab-before-comment', apply: (t) => t.replace(/^(title: .*)$/m, '$1\t# note') },
    { name: 'tab-in-value', apply: (t) => t.replace(/^(summary: )/m, '$1a\tb ') },
    { name: 'tab-after-dash', apply: (t) => t.replace(/\n( *)- /, '\n$1-\t') },
    { name: 'trailing-spaces', apply: (t) => t.replace(/\n/g, '   \n') },
    { name: 'crlf', apply: (t) => t.replace(/\n/g, '\r\n') },
    { name: 'cr', apply: (t) => t.replace(/\n/g, '\r') },
    { name: 'bom', apply: (t) => `\ufeff${t}` },
    { name: 'nel', apply: (t) => t.replace(/^(summary: .*)$/m, '$1\u0085x: y') },
    { name: 'line-separator', apply: (t) => t.replace(/^(summary: .*)$/m, '$1\u2028more') },
    { name: 'control-char', apply: (t) => t.replace(/^(summary: )/m, '$1\u0007') },
    { name: 'del-char', apply: (t) => t.replace(/^(summary: )/m, '$1a\u007fb') },
    { name: 'nul-in-comment', apply: (t) => `# \u0000\n${t}` },
    {
      name: 'latin1',
      apply: (t) =>
        Uint8Array.from([
          ...Buffer.from(t.replace(/^(summary: )/m, '$1caf'), 'utf8').subarray(0, 40),
          0xe9,
          ...Buffer.from(t, 'utf8').subarray(40),
        ]),
    },
    { name: 'dup-title', apply: (t) => t.replace(/^(title: .*)$/m, '$1\ntitle: Second title') },
    { name: 'dup-title-list', apply: (t) => t.replace(/^(title: .*)$/m, '$1\ntitle: [x]') },
    { name: 'second-doc', apply: (t) => `${t}---\nextra: 1\n` },
    { name: 'doc-start', apply: (t) => `---\n${t}` },
    { name: 'doc-end', apply: (t) => `${t}...\n` },
    { name: 'doc-end-then-text', apply: (t) => `${t}...\nmore: 1\n` },
    { name: 'yaml-directive', apply: (t) => `%YAML 1.1\n---\n${t}` },
    { name: 'yaml-directive-12', apply: (t) => `%YAML 1.2\n---\n${t}` },
    { name: 'yaml-directive-2', apply: (t) => `%YAML 2.0\n---\n${t}` },
    { name: 'tag-directive', apply: (t) => `%TAG !e! tag:example.com,2000:\n---\n${t}` },
    { name: 'comment-no-space', apply: (t) => t.replace(/^(title: .*)$/m, '$1#not-a-comment') },
    { name: 'comment-line', apply: (t) => `# a comment\n${t}` },
    { name: 'anchor-alias', apply: (t) => t.replace(/^tags:\n/m, 'tags: &t\n').replace(/$/, 'x_copy: *t\n') },
    { name: 'alias-undefined', apply: (t) => `${t}x_alias: *nowhere\n` },
    { name: 'alias-before-anchor', apply: (t) => `x_a: *later\n${t}x_b: &later 1\n` },
    { name: 'anchor-duplicate', apply: (t) => `x_a: &dup 1\n${t}x_b: &dup 2\n` },
    { name: 'merge-key', apply: (t) => `base: &b\n  title: From merge\n${t.replace(/^title: .*\n/m, '')}<<: *b\n` },
    { name: 'merge-override', apply: (t) => `base: &b\n  title: [not text]\n${t}<<: *b\n` },
    { name: 'merge-list', apply: (t) => `b1: &b1\n  x: 1\nb2: &b2\n  x: [2]\n${t}<<: [*b1, *b2]\n` },
    { name: 'merge-scalar', apply: (t) => `${t}<<: 1\n` },
    { name: 'merge-self', apply: (t) => `${t}x_self: &s\n  <<: *s\n` },
    { name: 'quoted-merge', apply: (t) => `${t}"<<": 1\n` },
    { name: 'equals-key', apply: (t) => `${t}=: 1\n` },
    { name: 'complex-key-list', apply: (t) => `${t}? [a, b]\n: 1\n` },
    { name: 'complex-key-scalar', apply: (t) => `${t}? x_complex\n: 1\n` },
    { name: 'int-key', apply: (t) => `${t}1: one\n` },
    { name: 'null-key', apply: (t) => `${t}~: nothing\n` },
    { name: 'bool-key', apply: (t) => `${t}on: push\n` },
    { name: 'y-key', apply: (t) => `${t}y: 1\nn: 2\n` },
    { name: 'date-key', apply: (t) => `${t}2024-01-01: new year\n` },
    { name: 'empty-key', apply: (t) => `${t}: orphan\n` },
    { name: 'flow-unclosed', apply: (t) => t.replace(/^tags:\n(?:\s+- .*\n)+/m, 'tags: [a, b\n') },
    { name: 'flow-trailing-comma', apply: (t) => t.replace(/^tags:\n(?:\s+- .*\n)+/m, 'tags: [a, b, ]\n') },
    { name: 'flow-empty-item', apply: (t) => t.replace(/^tags:\n(?:\s+- .*\n)+/m, 'tags: [a, , b]\n') },
    { name: 'flow-colon-nospace', apply: (t) => `${t}x_flow: {a:1, b: 2}\n` },
    { name: 'flow-multiline', apply: (t) => `${t}x_flow: [a,\n  b]\n` },
    { name: 'flow-map-in-seq', apply: (t) => `${t}x_flow: [a: 1, b]\n` },
    { name: 'mapping-in-value', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: a: b') },
    { name: 'colon-in-plain', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: a:b') },
    { name: 'hash-in-plain', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: a#b') },
    { name: 'at-start', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: @me') },
    { name: 'backtick-start', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: `x`') },
    { name: 'percent-start', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: %x') },
    { name: 'bad-escape', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "a\\qb"') },
    { name: 'slash-escape', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "a\\/b"') },
    { name: 'unclosed-quote', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "abc') },
    { name: 'single-quote-multiline', apply: (t) => t.replace(/^(title): (.*)$/m, "$1: 'abc\n  def'") },
    { name: 'plain-multiline', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: abc\n  def') },
    { name: 'plain-multiline-dedent', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: abc\ndef') },
    { name: 'block-literal', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: |\n  line one\n  line two') },
    { name: 'block-folded-keep', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: >+\n  folded\n\n') },
    { name: 'block-bad-indent', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: |\n   three\n  two') },
    { name: 'block-indicator', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: |2\n    indented') },
    { name: 'seq-no-indent', apply: (t) => t.replace(/\n {2}- /g, '\n- ') },
    { name: 'seq-over-indent', apply: (t) => t.replace(/^(tags:\n)( {2}- .*\n)/m, '$1$2    - extra\n') },
    { name: 'bad-indent', apply: (t) => t.replace(/^(links:\n)( {2})/m, '$1   ') },
    { name: 'dedent-map', apply: (t) => t.replace(/^(links:\n) {2}(\S)/m, '$1 $2') },
    { name: 'key-no-space', apply: (t) => t.replace(/^title: /m, 'title:') },
    { name: 'long-key', apply: (t) => `${'k'.repeat(1100)}: 1\n${t}` },
    { name: 'only-comments', apply: () => '# nothing here\n' },
    { name: 'empty', apply: () => '' },
    { name: 'whitespace', apply: () => '  \n\n' },
    { name: 'doc-marker-only', apply: () => '---\n' },
    { name: 'dots-only', apply: () => '...\n' },
    { name: 'scalar-doc', apply: () => 'just text\n' },
    { name: 'list-doc', apply: () => '- a\n- b\n' },
    { name: 'json-number', apply: () => '42' },
    { name: 'json-nan', apply: () => 'NaN' },
    { name: 'json-string', apply: () => '"text"' },
    { name: 'deep-flow-300', apply: (t) => `${t}x_deep: ${'['.repeat(300)}${']'.repeat(300)}\n` },
    { name: 'deep-flow-2000', apply: (t) => `${t}x_deep: ${'['.repeat(2000)}${']'.repeat(2000)}\n` },
    { name: 'deep-map-300', apply: (t) => `${t}x_deep: ${'{a: '.repeat(300)}1${'}'.repeat(300)}\n` },
    { name: 'reserved-indicator', apply: (t) => `${t}x_r: |-\n  text\n  more\n` },
    { name: 'question-plain', apply: (t) => `${t}x_q: ?not-a-key\n` },
    { name: 'dash-plain', apply: (t) => `${t}x_q: -not-a-seq\n` },
    { name: 'anchor-on-alias', apply: (t) => `${t}x_a: &a 1\nx_b: &b *a\n` },
    { name: 'recursive-alias', apply: (t) => `${t}x_r: &r [*r]\n` },
    { name: 'alias-key', apply: (t) => `x_k: &k title\n${t.replace(/^title: /m, '*k : ')}` },
    { name: 'flow-dedent', apply: (t) => `${t}x_flow: [a,\nb]\n` },
    { name: 'flow-map-dedent', apply: (t) => `${t}x_flow: {a: 1,\nb: 2}\n` },
    { name: 'quoted-dedent', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "abc\ndef"') },
    { name: 'quoted-tab-continuation', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "abc\n\tdef"') },
    { name: 'json-like-key', apply: (t) => t.replace(/^title: (.*)$/m, '"title":"$1"') },
    { name: 'json-like-key-space', apply: (t) => t.replace(/^title: (.*)$/m, '"title": "$1"') },
    { name: 'dq-escaped-quote', apply: (t) => t.replace(/^(title): (.*)$/m, `$1: "it\\'s"`) },
    { name: 'anchor-dot', apply: (t) => `${t}x_a: &a.b 1\n` },
    { name: 'anchor-colon', apply: (t) => `${t}x_a: &a:b 1\n` },
    { name: 'tab-comment-line', apply: (t) => `\t# comment\n${t}` },
    { name: 'tab-in-comment', apply: (t) => `#\tcomment\n${t}` },
    { name: 'tab-in-block', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: |\n  a\tb\n  \tc') },
    { name: 'tab-block-indent', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: |\n  a\n\tb') },
    { name: 'tab-block-blank', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: |\n  a\n\t\n  b') },
    { name: 'tab-in-flow', apply: (t) => `${t}x_flow: [a,\tb]\n` },
    { name: 'tab-end-of-file', apply: (t) => `${t}\t` },
    { name: 'tab-in-single', apply: (t) => t.replace(/^(title): (.*)$/m, "$1: 'a\tb'") },
    { name: 'unknown-directive', apply: (t) => `%FOO bar\n---\n${t}` },
    { name: 'two-yaml-directives', apply: (t) => `%YAML 1.1\n%YAML 1.1\n---\n${t}` },
    { name: 'directive-no-doc', apply: (t) => `%YAML 1.1\n${t}` },
    { name: 'explicit-null-key', apply: (t) => `${t}? \n: 3\n` },
    { name: 'flow-empty-key', apply: (t) => `${t}x_flow: {: 3}\n` },
    { name: 'seq-empty-key', apply: (t) => `${t}x_seq:\n  - : 3\n` },
    { name: 'doc-start-inline', apply: (t) => `--- ${t.split('\n')[0]}\n${t.split('\n').slice(1).join('\n')}` },
    { name: 'doc-end-inline', apply: (t) => `${t}... # end\n` },
    { name: 'bom-in-middle', apply: (t) => t.replace(/^(title: )/m, '$1\ufeff') },
    { name: 'nbsp-value', apply: (t) => t.replace(/^(title: )/m, '$1\u00a0x') },
    { name: 'emoji', apply: (t) => t.replace(/^(title: )(.*)$/m, '$1$2 \u{1F600}') },
    { name: 'surrogate-escape', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "\\ud800"') },
    { name: 'key-only-line', apply: (t) => `${t}lonely\n` },
    { name: 'indented-doc', apply: (t) => t.replace(/^/gm, '  ') },
    { name: 'dq-escapes', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\e\\0\\a\\v\\ \\t"') },
    { name: 'dq-bad-hex', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "\\xZZ"') },
    { name: 'dq-line-join', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "one \\\n  two"') },
    { name: 'version-trailing-space', apply: (t) => t.replace(/^metadata_version: .*$/m, 'metadata_version: "2.3.0 "') },
    { name: 'version-four-parts', apply: (t) => t.replace(/^metadata_version: .*$/m, 'metadata_version: 2.3.0.1') },
    { name: 'version-letters', apply: (t) => t.replace(/^metadata_version: .*$/m, 'metadata_version: 2x3x0') },
    { name: 'tagged-key', apply: (t) => `${t}!!str 1: one\n` },
    { name: 'anchored-key', apply: (t) => `${t}&k x_key: 1\nx_other: *k\n` },
    { name: 'block-key', apply: (t) => `${t}? |\n  block key\n: 1\n` },
    { name: 'doc-start-block', apply: () => '--- |\n  just text\n' },
    { name: 'doc-start-comment', apply: (t) => `--- # comment\n${t}` },
    { name: 'folded-more-indented', apply: (t) => t.replace(/^(description): (.*)$/m, '$1: >\n  folded\n    more indented\n  back') },
    { name: 'comment-after-flow', apply: (t) => t.replace(/^tags:\n(?:\s+- .*\n)+/m, 'tags: [a, b]#comment\n') },
    { name: 'comment-after-quote', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "quoted"#comment') },
    { name: 'comment-after-comma', apply: (t) => t.replace(/^tags:\n(?:\s+- .*\n)+/m, 'tags: [a,#comment\n  b]\n') },
    { name: 'crlf-in-quotes', apply: (t) => t.replace(/^(title): (.*)$/m, '$1: "a\r\n  b"') },
  ];
  for (const [i, fraction] of [0.05, 0.13, 0.29, 0.41, 0.5, 0.63, 0.77, 0.9, 0.97].entries()) {
    list.push({ name: `truncate-${i}`, apply: (t) => t.slice(0, Math.floor(t.length * fraction)) });
  }
  list.push({ name: 'lines-reversed', apply: (t) => lines(t).reverse().join('\n') });
  return list;
}

/** JSON-only edits (the JSON form of a base, then changed as text). */
function jsonTextMutations(): TextMutation[] {
  return [
    { name: 'json-trailing-comma', apply: (t) => t.replace(/\n}\s*$/, ',\n}\n') },
    { name: 'json-comment', apply: (t) => `// comment\n${t}` },
    { name: 'json-single-quotes', apply: (t) => t.replace(/"title"/, "'title'") },
    { name: 'json-dup-key', apply: (t) => t.replace(/\{/, '{\n  "title": [1],') },
    { name: 'json-dup-key-last-bad', apply: (t) => t.replace(/\n}\s*$/, ',\n  "title": 5\n}\n') },
    { name: 'json-bom', apply: (t) => `\ufeff${t}` },
    { name: 'json-tabs', apply: (t) => t.replace(/\n {2}/g, '\n\t') },
    { name: 'json-nan-cpu', apply: (t) => t.replace(/\n}\s*$/, ',\n  "resources": {"inference": {"cpu": NaN}}\n}\n') },
    {
      name: 'json-inf-gpucc',
      apply: (t) => t.replace(/\n}\s*$/, ',\n  "resources": {"inference": {"gpu_compute_capability": Infinity}}\n}\n'),
    },
    {
      name: 'json-neg-inf-gpucc',
      apply: (t) => t.replace(/\n}\s*$/, ',\n  "resources": {"inference": {"gpu_compute_capability": -Infinity}}\n}\n'),
    },
    { name: 'json-big-cpu', apply: (t) => t.replace(/\n}\s*$/, `,\n  "resources": {"inference": {"cpu": 1${'0'.repeat(400)}}}\n}\n`) },
    { name: 'json-float-cpu', apply: (t) => t.replace(/\n}\s*$/, ',\n  "resources": {"inference": {"cpu": 2.0}}\n}\n') },
    { name: 'json-exp-cpu', apply: (t) => t.replace(/\n}\s*$/, ',\n  "resources": {"inference": {"cpu": 2e0}}\n}\n') },
    { name: 'json-control-char', apply: (t) => t.replace(/"title": "/, '"title": "\t') },
    { name: 'json-surrogate', apply: (t) => t.replace(/"title": "/, '"title": "\\ud800') },
    { name: 'json-bad-escape', apply: (t) => t.replace(/"title": "/, '"title": "\\x') },
    { name: 'json-leading-zero', apply: (t) => t.replace(/\n}\s*$/, ',\n  "x_n": 012\n}\n') },
    { name: 'json-truncated', apply: (t) => t.slice(0, Math.floor(t.length / 2)) },
    { name: 'json-extra', apply: (t) => `${t} {}` },
    { name: 'json-deep-990', apply: (t) => t.replace(/\n}\s*$/, `,\n  "x_deep": ${'['.repeat(990)}${']'.repeat(990)}\n}\n`) },
    { name: 'json-deep-900', apply: (t) => t.replace(/\n}\s*$/, `,\n  "x_deep": ${'['.repeat(900)}${']'.repeat(900)}\n}\n`) },
    { name: 'json-deep-980', apply: (t) => t.replace(/\n}\s*$/, `,\n  "x_deep": ${'['.repeat(980)}${']'.repeat(980)}\n}\n`) },
    { name: 'json-deep-981', apply: (t) => t.replace(/\n}\s*$/, `,\n  "x_deep": ${'['.repeat(981)}${']'.repeat(981)}\n}\n`) },
    { name: 'json-crlf', apply: (t) => t.replace(/\n/g, '\r\n') },
    { name: 'json-del-in-string', apply: (t) => t.replace(/"title": "/, '"title": "\u007f') },
  ];
}

// ---------------------------------------------------------------- the corpus

/** mulberry32: a small seeded generator, so a run can be reproduced. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters YAML gives meaning to, for edits at random places. */
const SYNTAX_CHARACTERS = [
  ':',
  '-',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '&a ',
  '*a',
  '!',
  '|',
  '>',
  '\t',
  '\n',
  ' ',
  '  ',
  ',',
  '?',
  '%',
  '@',
  '`',
  '\\',
  '---',
  '...',
  '<<',
  '&',
  '*',
];

export function mutatedCorpus(generated: Data[], { seed = 20241117, extra = 150, characters = 150 } = {}): CorpusFile[] {
  const files: CorpusFile[] = [];
  const all = bases(generated);
  const main = all.find((b) => b.name === 'gen0') ?? all[0]!;
  const others = all.filter((b) => b !== main && b.name !== 'v1');
  const add = (name: string, content: string | Uint8Array) =>
    files.push({ name: `${String(files.length).padStart(4, '0')}-${name}`, content });

  for (const base of all) {
    add(`${base.name}.yaml`, toYaml(base.data));
    add(`${base.name}.json`, toJson(base.data));
  }
  const dataMutations = mutations();
  const rand = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
  // Every data mutation on the main base, in YAML; a share of them also in JSON and on other bases.
  for (const m of dataMutations) {
    const data = m.apply(main.data);
    add(`${main.name}-${m.name}.yaml`, toYaml(data));
    if (rand() < 0.25) add(`${main.name}-${m.name}.json`, toJson(data));
    if (rand() < 0.15) {
      const other = pick(others);
      add(`${other.name}-${m.name}.yaml`, toYaml(m.apply(other.data)));
    }
  }
  // Every text mutation on the main base's YAML; JSON-only edits on two JSON forms.
  const mainYaml = toYaml(main.data);
  for (const m of textMutations()) add(`${main.name}-${m.name}.yaml`, m.apply(mainYaml));
  for (const m of jsonTextMutations()) {
    add(`${main.name}-${m.name}.json`, m.apply(toJson(main.data)));
    add(`pytho-${m.name}.json`, m.apply(toJson(all.find((b) => b.name === 'pytho')!.data)));
  }
  // Random combinations: one to three data mutations, sometimes a text one on top.
  const textEdits = textMutations();
  for (let i = 0; i < extra; i++) {
    const base = pick(all);
    const chosen = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(dataMutations));
    let data = base.data;
    for (const m of chosen) data = m.apply(data);
    const label = `${base.name}-${chosen.map((m) => m.name).join('+')}`.slice(0, 120);
    if (rand() < 0.2) {
      add(`${label}.json`, toJson(data));
    } else if (rand() < 0.3) {
      const t = pick(textEdits);
      add(`${label}+${t.name}.yaml`.slice(0, 140), t.apply(toYaml(data)));
    } else {
      add(`${label}.yaml`, toYaml(data));
    }
  }
  // One to three characters inserted, deleted or replaced at random places.
  const flowBase = `title: "x"\nlinks: {source_code: "https://github.com/ai4os-hub/x", docker_image: ai4oshub/x}\ntags: [a, 'b', "c"]\ndescription: |\n  line\n    more\nsummary: >-\n  folded\n  text\n`;
  const texts = [mainYaml, toYaml(minimalV2()), flowBase];
  for (let i = 0; i < characters; i++) {
    let text = pick(texts);
    for (let edits = 1 + Math.floor(rand() * 3); edits > 0; edits--) {
      const at = Math.floor(rand() * text.length);
      const r = rand();
      if (r < 0.4) text = text.slice(0, at) + pick(SYNTAX_CHARACTERS) + text.slice(at);
      else if (r < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
      else text = text.slice(0, at) + pick(SYNTAX_CHARACTERS) + text.slice(at + 1);
    }
    add(`chars-${i}.yaml`, text);
  }
  return files.map((f) => ({ ...f, name: f.name.replace(/[^\w.+-]/g, '_') }));
}

/**
 * YAML as the reference validator reads it: PyYAML's `safe_load` (YAML 1.1). The `yaml`
 * package parses the text (syntax, with offsets); composing and constructing the Python
 * value is done here, following PyYAML's composer and SafeConstructor step by step, because
 * that is where the two disagree: scalar resolution (see pyyaml-scalars.ts), duplicate
 * anchors (an error in PyYAML), aliases to anchors further down, merge keys, unhashable
 * keys, and the order in which errors surface (PyYAML builds nested collections breadth
 * first, so a bad tag at the top wins over a bad date deeper down).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, YAMLMap, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { LoadFailure } from '../load-error.js';
import { pyValue, pyValueInfo } from './py-values.js';
import { constructScalar, resolveScalarTag, TAG, type Constructed } from './pyyaml-scalars.js';
import { directiveProblem, lexicalProblem, nodeProblem, relaxIndentation, SPLIT_ANCHOR, type SyntaxProblem } from './pyyaml-syntax.js';
import { pointerOf, SourceIndex, type Span } from '../source.js';

/**
 * Deepest nesting of collections PyYAML's recursive composer survives inside the reference
 * CLI (Python's recursion limit 1000, two frames a level), measured with ai4-metadata 2.4.2.
 * The reference's exact limit moves by a level or two with what the innermost value is
 * (an empty list, a scalar); this one is in the middle.
 */
export const PY_YAML_MAX_DEPTH = 486;
/** Values that aliases would add if expanded (each alias counts its target's size): against alias bombs. */
export const MAX_ALIAS_EXPANSION = 100_000;

/** Something about the file worth a warning, found while loading it. */
export interface LoadNote {
  kind: 'duplicate-key' | 'non-string-key';
  pointer: string;
  span: Span;
  /** For a duplicate key: where the first one is. */
  first?: Span;
}

export type YamlResult = { ok: true; value: unknown; source: SourceIndex; notes: LoadNote[] } | { ok: false; error: LoadFailure };

// PyYAML's Reader refuses these anywhere in the stream.
const NON_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function parsePythonYaml(text: string): YamlResult {
  const bad = NON_PRINTABLE.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).padStart(4, '0');
    return fail('syntax', `unacceptable character #x${code}: special characters are not allowed`, bad.index);
  }
  // PyYAML also breaks lines at NEL, LS and PS; the `yaml` package does not. One character
  // for one keeps every offset.
  const normalized = /[\x85\u2028\u2029]/.test(text) ? text.replace(/[\x85\u2028\u2029]/g, '\n') : text;
  const { doc, parsed, toOriginal } = parseLeniently(normalized);
  wrapPairs(doc.contents as Node | null);
  const source = new SourceIndex(text);
  const firstError = doc.errors[0];
  if (firstError?.code === 'RESOURCE_EXHAUSTION') {
    return fail(
      'crash',
      `Nested more than ${PY_YAML_MAX_DEPTH} levels deep: Python's recursion limit stops the reference validator (exit 4)`,
      toOriginal(firstError.pos[0]),
    );
  }
  // The first syntax error, whichever parser rule finds it.
  const problems: SyntaxProblem[] = [
    directiveProblem(text),
    lexicalProblem(parsed, toOriginal),
    nodeProblem(doc.contents as Node | null, normalized, toOriginal),
  ].filter((p) => p !== undefined);
  if (firstError)
    problems.push({ message: firstError.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ''), offset: toOriginal(firstError.pos[0]) });
  const syntax = problems.sort((a, b) => a.offset - b.offset)[0];
  const composed = compose(doc.contents as Node | null, syntax?.offset ?? Infinity);
  if (composed instanceof LoadFailure) return { ok: false, error: composed };
  if (syntax) return fail('syntax', syntax.message, syntax.offset);
  if (doc.contents === null) return { ok: true, value: null, source, notes: [] };
  const builder = new Constructor(source, composed);
  try {
    const value = builder.document(doc.contents as Node);
    return { ok: true, value, source, notes: builder.notes };
  } catch (error) {
    if (error instanceof LoadFailure) return { ok: false, error };
    throw error;
  }
}

const PARSE_OPTIONS = {
  version: '1.1',
  schema: 'failsafe',
  uniqueKeys: false,
  merge: false,
  prettyErrors: false,
  keepSourceTokens: true,
} as const;

/**
 * The `yaml` package's parse, retried on the text relaxIndentation adjusts where PyYAML
 * reads differently (indentation inside flow collections and quoted scalars, comments right
 * after `]` or a quote, anchor names cut at `:`); ranges are mapped back to `text`.
 */
function parseLeniently(text: string): { doc: Document.Parsed; parsed: string; toOriginal: (offset: number) => number } {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const same = (offset: number) => offset;
  const original = { doc, parsed: text, toOriginal: same };
  // Anchor names PyYAML cuts short change the parse even when the package sees no error.
  const anchors = SPLIT_ANCHOR.test(text);
  if (!anchors && (doc.errors.length === 0 || doc.errors[0]!.code === 'RESOURCE_EXHAUSTION')) return original;
  const relaxed = relaxIndentation(text);
  if (!relaxed) return original;
  const retry = parseDocument(relaxed.text, PARSE_OPTIONS);
  const firstAt = (d: Document.Parsed, map: (o: number) => number) => (d.errors[0] ? map(d.errors[0].pos[0]) : Infinity);
  if (!anchors && firstAt(retry, relaxed.toOriginal) <= firstAt(doc, same)) return original;
  remapRanges(retry.contents as Node | null, relaxed.toOriginal);
  return { doc: retry, parsed: relaxed.text, toOriginal: relaxed.toOriginal };
}

/**
 * A `key: value` item of a flow sequence is a one-entry mapping (PyYAML's view); the `yaml`
 * package leaves some as bare pairs (under `%YAML 1.2` with a tag such as `!!omap`).
 */
function wrapPairs(root: Node | null): void {
  const stack: (Node | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) for (const pair of node.items as Pair[]) stack.push(pair.key as Node | null, pair.value as Node | null);
    else if (isSeq(node)) {
      node.items = (node.items as unknown[]).map((item) => {
        if (!isPair(item)) return item;
        const map = new YAMLMap();
        map.flow = true;
        map.items.push(item);
        const start = (item.key as Node | null)?.range?.[0] ?? (item.value as Node | null)?.range?.[0] ?? 0;
        const end = (item.value as Node | null)?.range?.[1] ?? (item.key as Node | null)?.range?.[1] ?? start;
        map.range = [start, end, end];
        return map;
      });
      for (const item of node.items as (Node | null)[]) stack.push(item);
    }
  }
}

function remapRanges(root: Node | null, map: (offset: number) => number): void {
  const stack: (Node | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) continue;
    if (node.range) node.range = [map(node.range[0]), map(node.range[1]), map(node.range[2])];
    if (isMap(node)) for (const pair of node.items as Pair[]) stack.push(pair.key as Node | null, pair.value as Node | null);
    else if (isSeq(node)) for (const item of node.items as (Node | null)[]) stack.push(item);
  }
}

function fail(kind: 'syntax' | 'crash' | 'hostile', message: string, offset: number, hint?: string): YamlResult {
  return { ok: false, error: new LoadFailure(kind, message, { start: offset, end: offset + 1 }, hint) };
}

function failure(
  kind: 'syntax' | 'crash' | 'hostile',
  message: string,
  node: { range?: [number, number, number] | null } | null,
  hint?: string,
): LoadFailure {
  const start = node?.range?.[0] ?? 0;
  return new LoadFailure(kind, message, { start, end: node?.range?.[1] ?? start + 1 }, hint);
}

/** What composing (PyYAML's composer) learnt: where each alias points. */
interface Composition {
  aliasTargets: Map<Node, Node>;
}

/**
 * PyYAML's composer, over the `yaml` package's nodes in document order: anchors must be
 * unique and defined before their aliases; nesting is bounded by Python's recursion limit.
 * Composition errors count only before the first syntax error (PyYAML reads as it goes).
 */
function compose(root: Node | null, errorAt: number): Composition | LoadFailure {
  const anchors = new Map<string, Node>();
  const aliasTargets = new Map<Node, Node>();
  const sizes = new Map<Node, number>();
  let expansion = 0;
  const visit = (node: Node | null, depth: number): number => {
    if (!node) return 1;
    if ((node.range?.[0] ?? 0) >= errorAt) return 1;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) throw failure('syntax', `found undefined alias '${node.source}'`, node);
      aliasTargets.set(node, target);
      // A target still being composed is an alias to an ancestor: a recursive structure.
      const size = sizes.get(target) ?? 1;
      expansion += size;
      if (expansion > MAX_ALIAS_EXPANSION) {
        throw failure(
          'hostile',
          `Aliases would expand this document by more than ${MAX_ALIAS_EXPANSION} values`,
          node,
          'A metadata file needs no more than a few aliases.',
        );
      }
      return size;
    }
    const anchor = node.anchor;
    if (anchor !== undefined) {
      if (anchors.has(anchor)) throw failure('syntax', `found duplicate anchor '${anchor}'`, node);
      anchors.set(anchor, node);
    }
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      if (depth >= PY_YAML_MAX_DEPTH) {
        throw failure(
          'crash',
          `Nested more than ${PY_YAML_MAX_DEPTH} levels deep: Python's recursion limit stops the reference validator (exit 4)`,
          node,
        );
      }
      for (const item of node.items as (Node | Pair)[]) {
        if (isPairLike(item)) {
          size += visit(item.key as Node | null, depth + 1);
          size += visit(item.value as Node | null, depth + 1);
        } else {
          size += visit(item, depth + 1);
        }
      }
    }
    sizes.set(node, size);
    return size;
  };
  try {
    visit(root, 0);
  } catch (error) {
    if (error instanceof LoadFailure) return error;
    throw error;
  }
  return { aliasTargets };
}

function isPairLike(item: unknown): item is Pair {
  return typeof item === 'object' && item !== null && 'key' in item && 'value' in item && !isScalar(item);
}

/** An empty node, where YAML leaves out a key or a value. */
const EMPTY = Symbol('empty');
type YNode = Node | typeof EMPTY;

interface Placed {
  node: YNode;
  /** Where this occurrence is (an alias occurrence keeps its own place). */
  at: Span;
}

interface FlatPair {
  key: Placed;
  value: Placed;
}

const isCollection = (value: unknown) =>
  Array.isArray(value) || (typeof value === 'object' && value !== null) || pyValueInfo(value)?.kind === 'set';

const COLLECTION_TAGS = new Set(['map', 'set', 'seq', 'omap', 'pairs'].map((name) => TAG + name));
const SCALAR_TAGS = new Set(['str', 'null', 'bool', 'int', 'float', 'timestamp', 'binary'].map((name) => TAG + name));

/**
 * PyYAML's SafeConstructor. Collections are created empty when first met and filled in
 * rounds (PyYAML's state generators), which fixes the order in which errors are raised.
 */
class Constructor {
  readonly notes: LoadNote[] = [];
  #built = new Map<YNode, unknown>();
  #queue: (() => void)[] = [];
  #flattened = new Map<Node, { merged: FlatPair[]; own: FlatPair[] }>();
  #flattening = new Set<Node>();

  constructor(
    readonly source: SourceIndex,
    readonly composition: Composition,
  ) {}

  document(root: Node): unknown {
    const value = this.#object(this.#place(root), []);
    while (this.#queue.length > 0) {
      const round = this.#queue;
      this.#queue = [];
      for (const fill of round) fill();
    }
    return value;
  }

  #place(node: Node | null | undefined, fallback = 0): Placed {
    if (!node) return { node: EMPTY, at: { start: fallback, end: fallback } };
    const range = node.range;
    return { node, at: { start: range?.[0] ?? fallback, end: range?.[1] ?? fallback } };
  }

  #target(placed: Placed): YNode {
    const { node } = placed;
    return node !== EMPTY && isAlias(node) ? this.composition.aliasTargets.get(node)! : node;
  }

  #tag(node: YNode): string {
    if (node === EMPTY) return `${TAG}null`;
    const tag = node.tag;
    if (isScalar(node)) {
      if (tag === undefined ? node.type === 'PLAIN' : tag === '!') return resolveScalarTag(scalarText(node));
      return tag ?? `${TAG}str`;
    }
    if (tag === undefined || tag === '!') return isMap(node) ? `${TAG}map` : `${TAG}seq`;
    return tag;
  }

  /**
   * construct_object: the value of a node, built once however many aliases lead to it.
   * `path` (null for values that are not addressable, such as keys) records where it is.
   */
  #object(placed: Placed, path: (string | number)[] | null, key?: Span, isKey = false): unknown {
    if (path) this.source.set(pointerOf(path), { value: placed.at, key });
    const node = this.#target(placed);
    if (this.#built.has(node)) return this.#built.get(node);
    let tag = this.#tag(node);
    // flatten_mapping turns a `=` key (tag:yaml.org,2002:value) into a string.
    if (isKey && tag === `${TAG}value`) tag = `${TAG}str`;
    const yamlNode = node === EMPTY ? null : node;
    const bad = (message: string): never => {
      throw failure('syntax', message, yamlNode);
    };
    const kind = node === EMPTY ? 'scalar' : nodeKind(node);
    if (!COLLECTION_TAGS.has(tag)) {
      if (node !== EMPTY && !isScalar(node)) {
        return bad(
          SCALAR_TAGS.has(tag) ? `expected a scalar node, but found ${kind}` : `could not determine a constructor for the tag '${tag}'`,
        );
      }
      const value = this.#check(constructScalar(tag, node === EMPTY ? '' : scalarText(node)), placed);
      this.#built.set(node, value);
      return value;
    }
    // Collections: created now, filled in a later round; a wrong node kind is found then.
    if (tag === `${TAG}map` || tag === `${TAG}set`) {
      const object: Record<string, unknown> = Object.create(null);
      const isSet = tag === `${TAG}set`;
      const value = isSet ? pyValue('set', yamlNode && isMap(yamlNode) ? setText(yamlNode) : '') : object;
      this.#built.set(node, value);
      this.#queue.push(() => {
        if (!yamlNode || !isMap(yamlNode)) return bad(`expected a mapping node, but found ${kind}`);
        this.#fillMapping(yamlNode, object, isSet ? null : path);
      });
      return value;
    }
    const list: unknown[] = [];
    this.#built.set(node, list);
    this.#queue.push(() => {
      if (!yamlNode || !isSeq(yamlNode)) {
        return bad(tag === `${TAG}seq` ? `expected a sequence node, but found ${kind}` : `expected a sequence, but found ${kind}`);
      }
      if (tag === `${TAG}seq`) this.#fillSequence(yamlNode, list, path);
      else this.#fillPairs(yamlNode, list);
    });
    return list;
  }

  #check(result: Constructed, placed: Placed): unknown {
    if ('value' in result) return result.value;
    const node = placed.node === EMPTY ? null : placed.node;
    if ('error' in result) throw failure('syntax', result.error, node);
    throw failure('crash', result.crash, node, crashHint(result.crash));
  }

  #fillSequence(node: Node, list: unknown[], path: (string | number)[] | null): void {
    if (!isSeq(node)) return;
    for (const item of node.items as (Node | null)[]) {
      list.push(this.#object(this.#place(item, node.range?.[0]), path && [...path, list.length]));
    }
  }

  /** !!omap and !!pairs: a list of (key, value) tuples. */
  #fillPairs(node: Node, list: unknown[]): void {
    if (!isSeq(node)) return;
    for (const item of node.items as (Node | null)[]) {
      const entry = this.#target(this.#place(item));
      if (entry === EMPTY || !isMap(entry)) {
        throw failure('syntax', `expected a mapping of length 1, but found ${entry === EMPTY ? 'scalar' : nodeKind(entry)}`, item);
      }
      const pairs = entry.items as Pair[];
      if (pairs.length !== 1) throw failure('syntax', `expected a single mapping item, but found ${pairs.length} items`, item);
      const key = this.#object(this.#place(pairs[0]!.key as Node | null, entry.range?.[0]), null);
      const value = this.#object(this.#place(pairs[0]!.value as Node | null, entry.range?.[0]), null);
      list.push(pyValue('tuple', `(${describeKey(key)}, ${describeKey(value)})`));
    }
  }

  /** construct_mapping after flatten_mapping: merged pairs first, then the node's own. */
  #fillMapping(node: Node, object: Record<string, unknown>, path: (string | number)[] | null): void {
    const { merged, own } = this.#flatten(node);
    const owned = new Set(own);
    const seen = new Map<string, Span>();
    for (const pair of [...merged, ...own]) {
      const keyValue = this.#object(pair.key, null, undefined, true);
      if (isCollection(keyValue)) throw failure('syntax', 'found unhashable key', pair.key.node === EMPTY ? null : pair.key.node);
      const name = keyString(keyValue, pair.key);
      const keyPath = path && [...path, name];
      if (keyPath && typeof keyValue !== 'string')
        this.notes.push({ kind: 'non-string-key', pointer: pointerOf(keyPath), span: pair.key.at });
      if (keyPath && owned.has(pair)) {
        const first = seen.get(name);
        if (first) this.notes.push({ kind: 'duplicate-key', pointer: pointerOf(keyPath), span: pair.key.at, first });
        seen.set(name, pair.key.at);
      }
      object[name] = this.#object(pair.value, keyPath, pair.key.at);
    }
  }

  #ownPairs(node: Node): FlatPair[] {
    if (!isMap(node)) return [];
    return (node.items as Pair[])
      .map((pair) => {
        const key = this.#place(pair.key as Node | null, node.range?.[0]);
        return { key, value: this.#place(pair.value as Node | null, key.at.end) };
      })
      .filter((pair) => this.#tag(this.#target(pair.key)) !== `${TAG}merge`);
  }

  /** PyYAML's flatten_mapping (6.0.3+): `<<` entries replaced by the pairs they merge. */
  #flatten(node: Node): { merged: FlatPair[]; own: FlatPair[] } {
    const done = this.#flattened.get(node);
    if (done) return done;
    // A mapping merging itself (through an alias): PyYAML has already removed the `<<`
    // entry it is following, so the inner pass sees the other entries.
    if (this.#flattening.has(node)) return { merged: [], own: this.#ownPairs(node) };
    this.#flattening.add(node);
    const merged: FlatPair[] = [];
    const mergedKeys = new Set<unknown>();
    const own: FlatPair[] = [];
    const merge = (source: Node) => {
      const flat = this.#flatten(source);
      for (const pair of [...flat.merged, ...flat.own]) {
        // PyYAML skips a merged key whose *string object* it has seen: the same key node,
        // or a key of at most one Latin-1 character, which CPython shares.
        const identity = keyIdentity(pair.key.node);
        if (mergedKeys.has(identity)) continue;
        mergedKeys.add(identity);
        merged.push(pair);
      }
    };
    if (isMap(node)) {
      for (const pair of node.items as Pair[]) {
        const key = this.#place(pair.key as Node | null, node.range?.[0]);
        const value = this.#place(pair.value as Node | null, key.at.end);
        if (this.#tag(this.#target(key)) !== `${TAG}merge`) {
          own.push({ key, value });
          continue;
        }
        const target = this.#target(value);
        if (target !== EMPTY && isMap(target)) merge(target);
        else if (target !== EMPTY && isSeq(target)) {
          for (const item of target.items as (Node | null)[]) {
            const sub = this.#target(this.#place(item));
            if (sub === EMPTY || !isMap(sub)) {
              throw failure('syntax', `expected a mapping for merging, but found ${sub === EMPTY ? 'scalar' : nodeKind(sub)}`, item);
            }
            merge(sub);
          }
        } else {
          const found = target === EMPTY ? 'scalar' : nodeKind(target);
          throw failure(
            'syntax',
            `expected a mapping or list of mappings for merging, but found ${found}`,
            target === EMPTY ? null : target,
          );
        }
      }
    }
    this.#flattening.delete(node);
    const result = { merged, own };
    this.#flattened.set(node, result);
    return result;
  }
}

function keyIdentity(node: YNode): unknown {
  if (node === EMPTY) return 'str:';
  if (isScalar(node)) {
    const text = scalarText(node);
    if (text.length === 0 || (text.length === 1 && text.charCodeAt(0) < 256)) return `str:${text}`;
  }
  return node;
}

function scalarText(node: Scalar): string {
  const value = node.value;
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function setText(node: Node): string {
  if (!isMap(node)) return '';
  const keys = (node.items as Pair[]).map((pair) => (isScalar(pair.key) ? scalarText(pair.key) : '…'));
  return `{${keys.sort().join(', ')}}`;
}

function nodeKind(node: Node): string {
  return isMap(node) ? 'mapping' : isSeq(node) ? 'sequence' : 'scalar';
}

/** A key as a JavaScript property name: strings as they are, other keys as written. */
function keyString(value: unknown, key: Placed): string {
  if (typeof value === 'string') return value;
  if (key.node !== EMPTY && isScalar(key.node)) return scalarText(key.node);
  return describeKey(value);
}

function describeKey(value: unknown): string {
  const py = pyValueInfo(value);
  if (py) return py.text;
  if (value === null) return 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function crashHint(message: string): string | undefined {
  if (/range|must be in/.test(message))
    return 'This date does not exist. Quote dates ("2024-09-17") so they stay text, and check the numbers.';
  return undefined;
}

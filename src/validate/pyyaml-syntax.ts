/**
 * Syntax PyYAML's scanner and parser reject but the `yaml` package accepts, found by the
 * differential test against the reference validator:
 * - a tab anywhere but inside a quoted scalar, a comment or block scalar content (PyYAML
 *   skips only spaces between tokens, so `key:\tvalue` and `a\tb` are errors);
 * - a `%YAML` directive whose major version is not 1, or two of them;
 * - a stream that starts with `...`;
 * - anchor and alias names beyond `[0-9A-Za-z_-]`;
 * - a block mapping entry with no key and no `?` (`: value`).
 */
import { CST, isAlias, isMap, isScalar, isSeq, Lexer, type Node, type Pair } from 'yaml';

export interface SyntaxProblem {
  message: string;
  offset: number;
}

// Zero-width lexemes of the `yaml` lexer: document start, flow end, scalar start.
const CONTROL = new Set(['\x02', '\x18', '\x1f']);

export function tabProblem(text: string, toOriginal: (offset: number) => number = (o) => o): SyntaxProblem | undefined {
  if (!text.includes('\t')) return undefined;
  let offset = 0;
  let scalarNext = false;
  let blockHeader = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (CONTROL.has(lexeme)) {
      if (lexeme === '\x1f') scalarNext = true;
      continue;
    }
    const type = CST.tokenType(lexeme);
    let kind: string | null = type;
    if (scalarNext) {
      kind = blockHeader ? 'block-body' : 'plain';
      scalarNext = false;
      blockHeader = false;
    } else if (type === 'block-scalar-header') {
      blockHeader = true;
    }
    const tab = lexeme.indexOf('\t');
    if (tab !== -1) {
      const at = kind === 'block-body' ? blockBodyTab(lexeme) : kind === 'single-quoted-scalar' || kind === 'double-quoted-scalar' || kind === 'comment' ? -1 : tab;
      if (at !== -1) return { message: "found character '\\t' that cannot start any token", offset: toOriginal(offset + at) };
    }
    offset += lexeme.length;
  }
  return undefined;
}

/** A tab in a block scalar's indentation (before its content column) ends the scalar. */
function blockBodyTab(body: string): number {
  const lines = body.split('\n');
  const first = lines.find((line) => line.trim() !== '');
  const indent = Math.max(1, first ? first.length - first.replace(/^ +/, '').length : 1);
  let offset = 0;
  for (const line of lines) {
    const spaces = line.length - line.replace(/^ +/, '').length;
    if (line[spaces] === '\t' && spaces < indent) return offset + spaces;
    offset += line.length + 1;
  }
  return -1;
}

export function directiveProblem(text: string): SyntaxProblem | undefined {
  const head = /^\uFEFF?((?:(?:%[^\n]*|#[^\n]*|[ ]*)\n)*)/.exec(text)?.[1] ?? '';
  let offset = text.startsWith('\uFEFF') ? 1 : 0;
  let seen = false;
  for (const line of head.split('\n')) {
    const version = /^%YAML[ ]+(\d+)\.(\d+)/.exec(line);
    if (version) {
      if (seen) return { message: 'found duplicate YAML directive', offset };
      seen = true;
      if (version[1] !== '1') return { message: 'found incompatible YAML document (version 1.* is required)', offset };
    }
    offset += line.length + 1;
  }
  const start = /^\uFEFF?(?:[ ]*(?:#[^\n]*)?\n)*/.exec(text)![0].length;
  if (/^\.\.\.(?:[ \t\n]|$)/.test(text.slice(start))) return { message: "expected the node content, but found '<document end>'", offset: start };
  return undefined;
}

// PyYAML reads an anchor name as [0-9A-Za-z_-]+ and then wants a space or one of these.
const ANCHOR_NAME = /^[0-9A-Za-z_-]+(?:$|[?:,\]}%@`])/;

/**
 * A quoted scalar cut off at the end of the file, which the `yaml` package takes as closed
 * when its last character is an escaped quote (`"a\"` or `'a''`).
 */
function unclosedQuote(node: Node, text: string): SyntaxProblem | undefined {
  if (!isScalar(node) || (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') || !node.range) return undefined;
  const source = text.slice(node.range[0], node.range[1]);
  const closed =
    node.type === 'QUOTE_DOUBLE'
      ? source.length >= 2 && source.endsWith('"') && (/\\*(?="$)/.exec(source.slice(1))![0].length % 2 === 0)
      : source.length >= 2 && source.endsWith("'") && /'+$/.exec(source.slice(1))![0].length % 2 === 1;
  return closed ? undefined : { message: 'found unexpected end of stream while scanning a quoted scalar', offset: node.range[0] };
}

/** Anchor names, keyless entries and unclosed quotes, over the parsed nodes (with source tokens). */
export function nodeProblem(root: Node | null, text: string, toOriginal: (offset: number) => number = (o) => o): SyntaxProblem | undefined {
  const stack: (Node | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) continue;
    const unclosed = unclosedQuote(node, text);
    if (unclosed) return unclosed;
    const name = isAlias(node) ? node.source : node.anchor;
    if (name !== undefined && !ANCHOR_NAME.test(name)) {
      return { message: `expected alphabetic or numeric character in the anchor or alias name '${name}'`, offset: node.range?.[0] ?? 0 };
    }
    if (!isMap(node) && !isSeq(node)) continue;
    const token = node.srcToken;
    if (token?.type === 'block-map' || token?.type === 'flow-collection') {
      for (const item of token.items) {
        const explicit = item.start.some((t) => t.type === 'explicit-key-ind');
        const value = item.sep?.find((t) => t.type === 'map-value-ind');
        if (!item.key && !explicit && value) {
          const message = token.type === 'block-map' ? "expected <block end>, but found ':'" : "expected the node content, but found ':'";
          return { message, offset: toOriginal(value.offset) };
        }
      }
    }
    if (isMap(node)) for (const pair of node.items as Pair[]) stack.push(pair.key as Node | null, pair.value as Node | null);
    else for (const item of node.items as (Node | null)[]) stack.push(item);
  }
  return undefined;
}

/** Text with spaces inserted, and how to map its offsets back to the original's. */
export interface Relaxed {
  text: string;
  toOriginal: (offset: number) => number;
}

const TOKEN_BEFORE = new Set([undefined, ' ', '\t', '[', '{', ',']);

/**
 * PyYAML ignores indentation inside flow collections and quoted scalars; the `yaml` package
 * wants their continuation lines indented deeper than the line they start on. This indents
 * such lines just enough (their leading spaces are insignificant there), and puts a space
 * before a comment that follows a flow indicator or a closing quote, so the package can
 * parse what PyYAML parses. Returns undefined when there is nothing to change.
 */
export function relaxIndentation(text: string): Relaxed | undefined {
  const lines = text.split('\n');
  const insertions: { at: number; count: number }[] = [];
  let quote: string | null = null;
  let flow = 0;
  let contextIndent = 0;
  let blockParent: number | null = null;
  let offset = 0;
  const out: string[] = [];
  for (const line of lines) {
    const indent = line.length - line.replace(/^ +/, '').length;
    const blank = line.trim() === '';
    let text = line;
    if (blockParent !== null && (blank || indent > blockParent)) {
      out.push(line);
      offset += line.length + 1;
      continue;
    }
    blockParent = null;
    if ((quote || flow > 0) && !blank && indent <= contextIndent && !/^(?:---|\.\.\.)(?:\s|$)/.test(line)) {
      const count = contextIndent + 1 - indent;
      insertions.push({ at: offset, count });
      text = ' '.repeat(count) + line;
    }
    let closedAt = -1;
    for (let i = indent; i < line.length; i++) {
      const c = line[i]!;
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') [quote, closedAt] = [null, i];
        continue;
      }
      if (quote === "'") {
        if (c === "'" && line[i + 1] === "'") i++;
        else if (c === "'") [quote, closedAt] = [null, i];
        continue;
      }
      const before = i === indent ? undefined : line[i - 1];
      if (c === '#' && (before === undefined || before === ' ' || before === '\t')) break;
      // PyYAML starts a comment at `#` right after a flow indicator or a closing quote;
      // the `yaml` package wants a space first.
      if (c === '#' && (']},'.includes(before!) || closedAt === i - 1)) {
        insertions.push({ at: offset + i, count: 1 });
        text = `${text.slice(0, text.length - (line.length - i))} ${line.slice(i)}`;
        break;
      }
      if ((c === '"' || c === "'") && TOKEN_BEFORE.has(before)) {
        if (flow === 0) contextIndent = indent;
        quote = c;
      } else if ((c === '[' || c === '{') && (TOKEN_BEFORE.has(before) || (flow > 0 && before === ':'))) {
        if (flow++ === 0) contextIndent = indent;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      } else if ((c === '|' || c === '>') && flow === 0 && TOKEN_BEFORE.has(before) && /^[|>][0-9+-]*[ \t]*(?:#.*)?$/.test(line.slice(i))) {
        blockParent = indent;
        break;
      }
    }
    out.push(text);
    offset += line.length + 1;
  }
  if (insertions.length === 0) return undefined;
  return {
    text: out.join('\n'),
    toOriginal: (position: number) => {
      let shift = 0;
      for (const { at, count } of insertions) {
        const start = at + shift;
        if (position < start) break;
        if (position < start + count) return at;
        shift += count;
      }
      return position - shift;
    },
  };
}

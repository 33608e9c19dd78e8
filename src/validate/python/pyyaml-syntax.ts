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

/** A tag PyYAML scans: `!`, `!!name`, `!handle!name` or `!<verbatim>`, of URI characters. */
const TAG = /^!(?:<[^>]*>|(?:[0-9A-Za-z_-]*!)?[0-9A-Za-z\-;/?:@&=+$,_.!~*'()[\]%]*)$/;

/**
 * What PyYAML's scanner refuses among tokens the `yaml` package lexes: tabs outside quotes,
 * comments and block scalar content; tags with characters beyond URI ones, or not followed
 * by a space (`!"x"`).
 */
export function lexicalProblem(text: string, toOriginal: (offset: number) => number = (o) => o): SyntaxProblem | undefined {
  if (!text.includes('\t') && !text.includes('!')) return undefined;
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
    if (kind === 'tag') {
      const after = text[offset + lexeme.length];
      if (!TAG.test(lexeme)) {
        return { message: `expected URI in the tag ${lexeme}`, offset: toOriginal(offset) };
      }
      if (after !== undefined && after !== ' ' && after !== '\n')
        return { message: `expected ' ' after the tag ${lexeme}`, offset: toOriginal(offset + lexeme.length) };
    }
    const tab = lexeme.indexOf('\t');
    if (tab !== -1) {
      const at =
        kind === 'block-body'
          ? blockBodyTab(lexeme)
          : kind === 'single-quoted-scalar' || kind === 'double-quoted-scalar' || kind === 'comment'
            ? -1
            : tab;
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
  if (/^\.\.\.(?:[ \t\n]|$)/.test(text.slice(start)))
    return { message: "expected the node content, but found '<document end>'", offset: start };
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
      ? source.length >= 2 && source.endsWith('"') && /\\*(?="$)/.exec(source.slice(1))![0].length % 2 === 0
      : source.length >= 2 && source.endsWith("'") && /'+$/.exec(source.slice(1))![0].length % 2 === 1;
  return closed ? undefined : { message: 'found unexpected end of stream while scanning a quoted scalar', offset: node.range[0] };
}

/** Anchor names, keyless entries and unclosed quotes, over the parsed nodes (with source tokens). */
export function nodeProblem(root: Node | null, text: string, toOriginal: (offset: number) => number = (o) => o): SyntaxProblem | undefined {
  const stack: [Node | null, boolean, boolean?][] = [[root, false]];
  while (stack.length > 0) {
    const [node, inFlow, isValue] = stack.pop()!;
    if (!node) continue;
    const unclosed = unclosedQuote(node, text);
    if (unclosed) return unclosed;
    // In a flow collection PyYAML ends a plain scalar at `?`, which then starts a key.
    // and always reads `:` at the start of a token as a value indicator.
    if (inFlow && isScalar(node) && node.type === 'PLAIN' && node.range) {
      const source = text.slice(node.range[0], node.range[1]);
      if (source.startsWith(':') || (isValue && source.startsWith('?')))
        return { message: `expected the node content, but found '${source[0]}'`, offset: node.range[0] };
      const question = source.indexOf('?', 1);
      if (question !== -1)
        return { message: "expected ',' or the end of the flow collection, but got '?'", offset: node.range[0] + question };
    }
    const name = isAlias(node) ? node.source : node.anchor;
    if (name !== undefined && !ANCHOR_NAME.test(name)) {
      return { message: `expected alphabetic or numeric character in the anchor or alias name '${name}'`, offset: node.range?.[0] ?? 0 };
    }
    if (!isMap(node) && !isSeq(node)) continue;
    const token = node.srcToken;
    if (token?.type === 'block-map' || token?.type === 'flow-collection') {
      for (const [index, item] of token.items.entries()) {
        // `? key`, or an anchor or a tag, which PyYAML takes as an empty key with properties
        // (the `yaml` package gives those of the first entry to the mapping).
        const explicit =
          item.start.some((t) => t.type === 'explicit-key-ind' || t.type === 'anchor' || t.type === 'tag') ||
          (index === 0 && (node.anchor !== undefined || node.tag !== undefined));
        const value = item.sep?.find((t) => t.type === 'map-value-ind');
        if (!item.key && !explicit && value) {
          const message = token.type === 'block-map' ? "expected <block end>, but found ':'" : "expected the node content, but found ':'";
          return { message, offset: toOriginal(value.offset) };
        }
        // A key without `?` must sit on one line (PyYAML's simple keys), in flow context too.
        const key = item.key as { source?: unknown } | null | undefined;
        const sep = item.sep ?? [];
        const brokenBeforeColon = value !== undefined && sep.slice(0, sep.indexOf(value)).some((t) => t.type === 'newline');
        if (value && !explicit && ((typeof key?.source === 'string' && key.source.includes('\n')) || (item.key && brokenBeforeColon))) {
          return { message: "expected ',' or the end of the flow collection, but got ':'", offset: toOriginal(value.offset) };
        }
      }
    }
    const flow = inFlow || Boolean((node as { flow?: boolean }).flow);
    if (isMap(node))
      for (const pair of node.items as Pair[]) stack.push([pair.key as Node | null, flow], [pair.value as Node | null, flow, true]);
    else for (const item of node.items as (Node | null)[]) stack.push([item, flow]);
  }
  return undefined;
}

/** Text with spaces inserted, and how to map its offsets back to the original's. */
export interface Relaxed {
  text: string;
  toOriginal: (offset: number) => number;
}

const ANCHOR_END = '?:,]}%@`';
/** An anchor or alias whose name PyYAML ends before the `yaml` package does. */
export const SPLIT_ANCHOR = /[&*][0-9A-Za-z_-]+[?:,\]}%@`]/;

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
  /** Indentation of the line before, when it is `key:` with the value still to come. */
  let keyIndent: number | null = null;
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
    } else if (keyIndent !== null && indent <= keyIndent && /^ *[|>][0-9+-]*[ \t]*(?:#.*)?$/.test(line)) {
      // `key:` then a block scalar header on the next line, no deeper: PyYAML takes it as the value.
      const count = keyIndent + 1 - indent;
      insertions.push({ at: offset, count });
      text = ' '.repeat(count) + line;
    }
    let closedAt = -1;
    // At a token start (a node may begin here), as opposed to inside a plain scalar, where
    // `[`, `{` and quotes are just characters.
    let expect = true;
    const insertSpace = (at: number) => {
      insertions.push({ at: offset + at, count: 1 });
      text = `${text.slice(0, text.length - (line.length - at))} ${line.slice(at)}`;
    };
    for (let i = indent; i < line.length; i++) {
      const c = line[i]!;
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') [quote, closedAt, expect] = [null, i, false];
        continue;
      }
      if (quote === "'") {
        if (c === "'" && line[i + 1] === "'") i++;
        else if (c === "'") [quote, closedAt, expect] = [null, i, false];
        continue;
      }
      const before = i === indent ? undefined : line[i - 1];
      const next = line[i + 1];
      const spaceNext = next === undefined || next === ' ' || next === '\t';
      if (c === ' ' || c === '\t') continue;
      if (c === '#' && (before === undefined || before === ' ' || before === '\t')) break;
      // PyYAML starts a comment at `#` right after a flow indicator or a closing quote;
      // the `yaml` package wants a space first.
      if (c === '#' && (']},'.includes(before!) || closedAt === i - 1)) {
        insertSpace(i);
        break;
      }
      if (flow > 0 && (c === ']' || c === '}')) {
        flow--;
        expect = false;
      } else if (flow > 0 && c === ',') {
        expect = true;
      } else if (c === ':' && (spaceNext || (flow > 0 && ',[]{}'.includes(next!)))) {
        expect = true;
      } else if (!expect) {
      } else if (c === '"' || c === "'") {
        if (flow === 0) contextIndent = indent;
        quote = c;
      } else if (c === '[' || c === '{') {
        if (flow++ === 0) contextIndent = indent;
      } else if ((c === '-' || c === '?') && spaceNext) {
        // A block indicator: a node may follow.
      } else if (c === '&' || c === '*') {
        // PyYAML ends an anchor or alias name at `:` `,` `]` `}` `?` `%` `@` and a backquote;
        // the `yaml` package reads them as part of the name.
        const name = /^[0-9A-Za-z_-]+/.exec(line.slice(i + 1))?.[0] ?? '';
        const at = i + 1 + name.length;
        if (name && ANCHOR_END.includes(line[at] ?? ' ')) insertSpace(at);
        i = at - 1;
        expect = c === '&';
      } else if (c === '!') {
        i += /^\S*/.exec(line.slice(i))![0].length - 1;
      } else if ((c === '|' || c === '>') && flow === 0 && /^[|>][0-9+-]*[ \t]*(?:#.*)?$/.test(line.slice(i))) {
        blockParent = indent;
        break;
      } else {
        expect = false;
      }
    }
    keyIndent = !quote && flow === 0 && /^ *[^\s#-].*:[ \t]*(?:#.*)?$/.test(line) ? indent : blank ? keyIndent : null;
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

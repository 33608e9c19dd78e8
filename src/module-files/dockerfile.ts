/**
 * Dockerfile instructions as Docker's own parser (moby/buildkit, `dockerfile` on PyPI)
 * reads them: parser directives (`# escape=`), comments (also inside a continued
 * instruction), line continuations, heredocs, JSON (exec) form versus shell form, flags, and
 * the arguments of ENV/LABEL/ARG/FROM/EXPOSE/COPY. Tested against the PyPI package.
 * `dockerfileFacts` then gives what adopt, validate and update ask of it: the base image,
 * the ARG defaults, LABELs, ENTRYPOINT and CMD, each with its line.
 */
import { join } from 'node:path';
import { type Located, readOptionalModuleText } from './read-text.js';

export interface Instruction {
  /** As written (`copy` stays `copy`); compare with `.toUpperCase()`. */
  cmd: string;
  /** Exec form (`["a", "b"]`). */
  json: boolean;
  /** 1-based lines of the first and last line. */
  startLine: number;
  endLine: number;
  flags: string[];
  value: string[];
  /** The instruction as one line (continuations joined, comments dropped). */
  original: string;
}

export class DockerfileSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const FLAGGED = new Set(['FROM', 'COPY', 'ADD', 'RUN', 'HEALTHCHECK']);
const JSON_OR_SHELL = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const JSON_OR_WORDS = new Set(['COPY', 'ADD', 'VOLUME']);
const WORDS = new Set(['FROM', 'EXPOSE']);
const NAME_VALUE = new Set(['ENV', 'LABEL']);
const HEREDOC_ALLOWED = new Set(['RUN', 'COPY', 'ADD']);
export const KNOWN_INSTRUCTIONS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

export function parseDockerfile(text: string): Instruction[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let escapeChar = '\\';
  let at = 0;
  // Parser directives: `# key=value` lines before anything else.
  for (; at < lines.length; at++) {
    const directive = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(lines[at]!);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape') escapeChar = directive[2]!;
  }
  const continuation = new RegExp(`${escapeChar === '\\' ? '\\\\' : escapeChar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*$`);
  const instructions: Instruction[] = [];
  while (at < lines.length) {
    const line = lines[at]!;
    if (/^\s*$/.test(line) || /^\s*#/.test(line)) {
      at++;
      continue;
    }
    const startLine = at + 1;
    let joined = '';
    let current = line.replace(/^\s+/, '');
    let endLine = startLine;
    for (;;) {
      if (continuation.test(current)) {
        joined += current.replace(continuation, '');
        // The next line that is not a comment or empty continues the instruction.
        at++;
        while (at < lines.length && (/^\s*#/.test(lines[at]!) || /^\s*$/.test(lines[at]!))) at++;
        if (at >= lines.length) break;
        current = lines[at]!;
        endLine = at + 1;
        continue;
      }
      joined += current;
      at++;
      break;
    }
    const match = /^(\S+)\s*([\s\S]*)$/.exec(joined.trim())!;
    const cmd = match[1]!;
    let rest = match[2]!;
    const upper = cmd.toUpperCase();
    const heredocs = HEREDOC_ALLOWED.has(upper) ? [...rest.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)] : [];
    let original = joined.trim();
    for (const heredoc of heredocs) {
      const name = heredoc[3]!;
      const strip = heredoc[1] === '-';
      let body = '';
      for (;;) {
        if (at >= lines.length) throw new DockerfileSyntaxError('unterminated heredoc', startLine);
        const bodyLine = lines[at++]!;
        endLine = at;
        if ((strip ? bodyLine.replace(/^\t+/, '') : bodyLine) === name) break;
        body += `${bodyLine}\n`;
      }
      original += `\n${body}${name}`;
    }
    if (heredocs.length > 0) original += '\n';
    const flags: string[] = [];
    if (FLAGGED.has(upper)) {
      let flag: RegExpExecArray | null;
      while ((flag = /^(--\S+)\s*/.exec(rest))) {
        flags.push(flag[1]!);
        rest = rest.slice(flag[0].length);
      }
    }
    const parsed = parseArguments(upper, rest, startLine);
    instructions.push({ cmd, json: parsed.json, startLine, endLine, flags, value: parsed.value, original });
  }
  return instructions;
}

function parseArguments(cmd: string, rest: string, line: number): { json: boolean; value: string[] } {
  const args = rest.trim();
  // Docker's parser keeps an unknown instruction with an empty argument; the build refuses it.
  if (!KNOWN_INSTRUCTIONS.has(cmd)) return { json: false, value: [''] };
  if (JSON_OR_SHELL.has(cmd) || JSON_OR_WORDS.has(cmd)) {
    const json = jsonArray(args, line);
    if (json) return { json: true, value: json };
    if (JSON_OR_SHELL.has(cmd)) return { json: false, value: args === '' ? [] : [args] };
    return { json: false, value: words(args) };
  }
  if (WORDS.has(cmd)) return { json: false, value: words(args) };
  if (NAME_VALUE.has(cmd)) return { json: false, value: nameValues(cmd, args, line) };
  if (cmd === 'ARG') return { json: false, value: words(args) };
  if (cmd === 'HEALTHCHECK') {
    const [first, ...others] = args.split(/\s+/);
    const tail = args.slice(first?.length ?? 0).trim();
    const json = jsonArray(tail, line);
    return json
      ? { json: true, value: [first!, ...json] }
      : { json: false, value: first ? [first, ...(others.length > 0 ? [tail] : [])] : [] };
  }
  if (cmd === 'ONBUILD') {
    const sub = /^\S+\s*([\s\S]*)$/.exec(args);
    return { json: false, value: sub ? [sub[1]!.trim()] : [] };
  }
  return { json: false, value: [args] };
}

/** The exec form: a JSON array of strings, or undefined when the text is not one. */
function jsonArray(text: string, line: number): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  if (parsed.some((item) => typeof item !== 'string')) {
    throw new DockerfileSyntaxError('when using JSON array syntax, arrays must be comprised of strings only', line);
  }
  return parsed as string[];
}

function words(text: string): string[] {
  return text === '' ? [] : text.split(/\s+/);
}

/** ENV/LABEL: `k=v k2="v 2"` (quotes kept, as Docker's parser leaves them) or legacy `k v`. */
function nameValues(cmd: string, text: string, line: number): string[] {
  if (text === '') return [];
  const tokens = shellTokens(text);
  if (!tokens[0]!.includes('=')) {
    const space = /\s+/.exec(text);
    if (!space) throw new DockerfileSyntaxError(`${cmd} must have two arguments`, line);
    return [text.slice(0, space.index), text.slice(space.index + space[0].length)];
  }
  const out: string[] = [];
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq === -1) throw new DockerfileSyntaxError(`${cmd} names can not be blank`, line);
    out.push(token.slice(0, eq), token.slice(eq + 1));
  }
  return out;
}

/** Splits on whitespace outside quotes, keeping the quotes (and backslash escapes). */
function shellTokens(text: string): string[] {
  const tokens: string[] = [];
  let token = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      token += c;
      if (c === '\\' && quote === '"' && i + 1 < text.length) token += text[++i];
      else if (c === quote) quote = null;
    } else if (/\s/.test(c)) {
      if (token !== '') tokens.push(token);
      token = '';
    } else {
      token += c;
      if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && i + 1 < text.length) token += text[++i];
    }
  }
  if (token !== '') tokens.push(token);
  return tokens;
}

/** Far above any Dockerfile of a module (a few kB). */
export const MAX_DOCKERFILE_BYTES = 256 * 1024;

/** The text of the module's Dockerfile (`file`, relative to `dir`), or undefined when there is none. */
export function readDockerfileText(dir: string, file = 'Dockerfile', shown = file): string | undefined {
  return readOptionalModuleText(join(dir, file), { maxBytes: MAX_DOCKERFILE_BYTES, shown, what: 'a Dockerfile' });
}

export interface DockerfileFacts {
  instructions: Instruction[];
  /** `ARG name[=default]` before the first FROM (what `--build-arg` and FROM see), by name. */
  globalArgs: Map<string, Located<string | undefined>>;
  /** The base image of the final stage, without its tag (`python`, `ai4oshub/parent`). */
  baseImage?: Located<string>;
  /** The tag the final FROM names, with `${tag}`-style references kept as written. */
  baseTag?: Located<string>;
  labels: Map<string, Located<string>>;
  /** The last ENTRYPOINT and CMD of the final stage. */
  entrypoint?: Instruction;
  cmd?: Instruction;
}

/** `"a b"` or `'a'` as a LABEL value means `a b` / `a` (quotes kept by the parser, as Docker's). */
function unquote(value: string): string {
  if (/^"(?:[^"\\]|\\.)*"$/.test(value)) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^'[^']*'$/.test(value)) return value.slice(1, -1);
  return value;
}

export function dockerfileFacts(instructions: Instruction[]): DockerfileFacts {
  const upper = (i: Instruction) => i.cmd.toUpperCase();
  const firstFrom = instructions.findIndex((i) => upper(i) === 'FROM');
  const globalArgs = new Map<string, Located<string | undefined>>();
  for (const instruction of firstFrom === -1 ? instructions : instructions.slice(0, firstFrom)) {
    if (upper(instruction) !== 'ARG') continue;
    for (const word of instruction.value) {
      const eq = word.indexOf('=');
      globalArgs.set(eq === -1 ? word : word.slice(0, eq), {
        value: eq === -1 ? undefined : unquote(word.slice(eq + 1)),
        line: instruction.startLine,
      });
    }
  }
  const lastFrom = instructions.map(upper).lastIndexOf('FROM');
  const stage = lastFrom === -1 ? [] : instructions.slice(lastFrom);
  const facts: DockerfileFacts = { instructions, globalArgs, labels: new Map() };
  const from = stage[0];
  const reference = from?.value[0];
  if (from && reference) {
    // image[:tag][@digest]; a registry host may carry a port (`host:5000/x`), so the tag is after the last `/`.
    const slash = reference.lastIndexOf('/');
    const colon = reference.indexOf(':', slash + 1);
    const image = (colon === -1 ? reference : reference.slice(0, colon)).replace(/@.*$/, '');
    facts.baseImage = { value: image, line: from.startLine };
    if (colon !== -1) facts.baseTag = { value: reference.slice(colon + 1).replace(/@.*$/, ''), line: from.startLine };
  }
  for (const instruction of stage) {
    const name = upper(instruction);
    if (name === 'LABEL') {
      for (let i = 0; i + 1 < instruction.value.length; i += 2) {
        facts.labels.set(unquote(instruction.value[i]!), { value: unquote(instruction.value[i + 1]!), line: instruction.startLine });
      }
    } else if (name === 'ENTRYPOINT') facts.entrypoint = instruction;
    else if (name === 'CMD') facts.cmd = instruction;
  }
  return facts;
}

/** The base tag a build uses by default: the final FROM's tag with `${tag}`/`$tag` replaced by the ARG default. */
export function defaultBaseTag(facts: DockerfileFacts): Located<string> | undefined {
  const tag = facts.baseTag;
  if (!tag) return undefined;
  let unresolved = false;
  const value = tag.value.replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
    const arg = facts.globalArgs.get(name)?.value;
    if (arg === undefined) unresolved = true;
    return arg ?? '';
  });
  if (unresolved || value === '') return undefined;
  const arg = /^\$\{?(\w+)\}?$/.exec(tag.value)?.[1];
  return { value, line: arg ? facts.globalArgs.get(arg)!.line : tag.line };
}

/**
 * Reading a metadata file as the reference validator does (`ai4_metadata.utils.load_file`):
 * the file is opened as UTF-8 text with universal newlines, tried as JSON, then as YAML.
 * Every value comes back with its place in the text.
 */
import { ModuleFileError, readModuleBytes } from '../module-files/read-text.js';
import { parsePythonJson } from './python/json.js';
import { LoadFailure } from './load-error.js';
import type { SourceIndex } from './source.js';
import { parsePythonYaml, type LoadNote } from './python/yaml.js';

/** Far above any metadata file (a few kB), and parsed within a second or so. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Unmatched `[`/`{` beyond which a big file is refused before the YAML parser sees it. */
const MAX_FLOW_NESTING = 1000;

export interface Loaded {
  value: unknown;
  format: 'json' | 'yaml';
  /** Nesting of arrays and objects (JSON only: YAML stops far below where it matters). */
  depth?: number;
  source: SourceIndex;
  notes: LoadNote[];
}

/** `shown` is the name to use in messages (the path as the user gave it). */
export function loadMetadataFile(path: string, shown = path): Loaded | LoadFailure {
  let bytes: Buffer;
  try {
    bytes = readModuleBytes(path, { maxBytes: MAX_FILE_BYTES, shown: `'${shown}'`, what: 'a metadata file' });
  } catch (error) {
    if (!(error instanceof ModuleFileError)) throw error;
    switch (error.reason) {
      case 'missing':
        return new LoadFailure('missing', `File '${shown}' not found.`);
      case 'too-big':
        return new LoadFailure('hostile', error.message, undefined, 'Check that this is the metadata file: they are a few kB.');
      case 'not-a-file':
        // A FIFO would block the reference, a device never end: refused here at once, exit 4.
        return new LoadFailure('hostile', error.message, undefined, error.hint);
      default:
        // A directory and the rest: Python's open() raises another OSError (NotADirectoryError, PermissionError): exit 4.
        return new LoadFailure('crash', error.message, undefined, error.hint);
    }
  }
  return loadMetadataText(bytes);
}

export function loadMetadataText(bytes: Uint8Array): Loaded | LoadFailure {
  let text: string;
  try {
    // Python keeps a byte-order mark as U+FEFF (JSON then rejects it, YAML skips it).
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return new LoadFailure('crash', 'The file is not UTF-8 text', undefined, 'Save it as UTF-8.');
  }
  // open(path, "r") turns \r\n and \r into \n before the parsers see the text.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const result = parseText(text);
  return result instanceof LoadFailure ? result.locate(text) : result;
}

function parseText(text: string): Loaded | LoadFailure {
  const json = parsePythonJson(text);
  if (json.ok) return { value: json.value, format: 'json', source: json.source, notes: [], depth: json.depth };
  if (json.error.kind !== 'syntax') return json.error;
  if (text.length > 256 * 1024 && flowNesting(text) > MAX_FLOW_NESTING) {
    return new LoadFailure(
      'crash',
      `Nested more than ${MAX_FLOW_NESTING} levels deep: Python's recursion limit stops the reference validator (exit 4)`,
    );
  }
  const yaml = parsePythonYaml(text);
  if (yaml.ok) return { value: yaml.value, format: 'yaml', source: yaml.source, notes: yaml.notes };
  if (yaml.error.kind !== 'syntax') return yaml.error;
  // Neither: the parse error worth showing is JSON's for a file that looks like JSON.
  const looksJson = /^\s*[[{]/.test(text) && !/^\s*\{[^"\s}]/.test(text);
  const shown = looksJson ? json.error : yaml.error;
  return new LoadFailure('syntax', `Not valid ${looksJson ? 'JSON' : 'YAML'}: ${shown.message}`, shown.span, shown.hint);
}

/** The deepest run of unmatched `[`/`{`: a cheap bound before parsing big files. */
function flowNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return deepest;
}

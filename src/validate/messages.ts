/**
 * Plain-language messages for schema errors, with the fix when we know it: the spelling the
 * schema wants (`Tensorflow` → `TensorFlow`), quotes around a date or a YAML 1.1 boolean.
 */
import type { ErrorObject } from 'ajv';
import { closestChoice } from '../closest.js';
import { readablePath } from './findings.js';
import { pyDuplicate } from './python/py-runtime.js';
import { STANDARD_KEYWORD } from './python/py-keywords.js';
import { shownPattern } from './python/py-regex.js';
import { describeType, pyValueInfo, showValue } from './python/py-values.js';

export interface Described {
  rule: string;
  message: string;
  hint?: string;
  /** Where to point: the value at `pointer`, or the key naming it. */
  pointer: string;
  at: 'value' | 'key';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value pairs)',
  null: 'empty (null)',
};

/** YAML 1.1 words PyYAML reads as booleans. */
const YAML_BOOLEAN_WORDS = 'yes/no, on/off, true/false';

export function describeError(error: ErrorObject): Described {
  const keyword = STANDARD_KEYWORD[error.keyword] ?? error.keyword;
  const pointer = error.instancePath;
  const path = readablePath(pointer);
  const data: unknown = error.data;
  switch (keyword) {
    case 'type':
      return { rule: 'type', pointer, at: 'value', ...typeMessage([error.schema as string | string[]].flat(), data) };
    case 'enum':
      return { rule: 'enum', pointer, at: 'value', ...enumMessage(error.schema as unknown[], data) };
    case 'const':
      return { rule: 'const', pointer, at: 'value', message: `must be ${showValue(error.schema)}, not ${showValue(data)}` };
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const present = data !== null && typeof data === 'object' ? Object.keys(data) : [];
      const close = closestChoice(
        missing,
        present.filter((key) => !(key in ((error.parentSchema?.properties as object) ?? {}))),
      );
      return {
        rule: 'required',
        pointer: close ? `${pointer}/${close.replace(/~/g, '~0').replace(/\//g, '~1')}` : pointer,
        at: 'key',
        message: `"${missing}" is required but missing${close ? `; "${close}" is there instead` : ''}`,
        hint: close
          ? `Did you mean "${missing}"? Rename "${close}" to "${missing}".`
          : `Add ${missing}: … ${pointer === '' ? 'at the top level' : `under ${path}`}.`,
      };
    }
    case 'pattern':
      return {
        rule: 'pattern',
        pointer,
        at: 'value',
        message: `${showValue(data)} does not match the pattern ${shownPattern(error.schema as string)}`,
        hint: pointer === '/metadata_version' ? 'Write a version such as "2.3.0".' : undefined,
      };
    case 'uniqueItems': {
      const pair = Array.isArray(data) ? pyDuplicate(data) : undefined;
      return {
        rule: 'uniqueItems',
        pointer: pair ? `${pointer}/${pair[1]}` : pointer,
        at: 'value',
        message: pair
          ? `${showValue((data as unknown[])[pair[1]])} is listed twice (items ${pair[0]} and ${pair[1]})`
          : 'has duplicate items',
        hint: 'Remove the repeated item.',
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { comparison, limit } = error.params as { comparison: string; limit: number };
      const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
      return { rule: keyword, pointer, at: 'value', message: `must be ${words[comparison]} ${limit}, not ${showValue(data)}` };
    }
    case 'not':
      return notMessage(pointer, error);
    case 'minItems':
      return { rule: keyword, pointer, at: 'value', message: `needs at least ${(error.params as { limit: number }).limit} item(s)` };
    case 'false schema':
      return { rule: keyword, pointer, at: 'value', message: 'is not allowed by the schema' };
    default:
      return { rule: keyword, pointer, at: 'value', message: error.message ?? 'is invalid' };
  }
}

function typeMessage(expected: string[], data: unknown): { message: string; hint?: string } {
  const wanted = expected.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
  const message = `must be ${wanted}, but it is ${describeType(data)}${data === null || (typeof data === 'object' && !pyValueInfo(data)) ? '' : ` (${showValue(data)})`}`;
  const py = pyValueInfo(data);
  const wantsText = expected.includes('string');
  if (wantsText && (py?.kind === 'date' || py?.kind === 'datetime')) {
    return {
      message: `must be text, but YAML reads the unquoted ${py.text} as a date`,
      hint: `Quote it: "${py.text}".`,
    };
  }
  if (wantsText && typeof data === 'boolean') {
    return {
      message: `must be text, but YAML 1.1 reads this word as ${data} (${YAML_BOOLEAN_WORDS} are booleans)`,
      hint: 'Put the value in quotes.',
    };
  }
  if (wantsText && typeof data === 'number') return { message, hint: `Put the value in quotes: "${showValue(data)}".` };
  if (data === null) return { message: `is empty; it must be ${wanted}`, hint: 'Give it a value, or remove the key if it is optional.' };
  if (expected.includes('array') && typeof data === 'string') return { message, hint: `Write it as a list:  - ${data}` };
  if (expected.includes('integer') && typeof data === 'string' && /^\s*-?\d+\s*$/.test(data)) {
    return { message, hint: 'Remove the quotes so it is a number.' };
  }
  return { message };
}

function enumMessage(allowed: unknown[], data: unknown): { message: string; hint?: string } {
  const choices = allowed.filter((value): value is string => typeof value === 'string');
  const list = choices.map((choice) => `"${choice}"`).join(', ');
  const close = typeof data === 'string' ? closestChoice(data, choices) : undefined;
  return {
    message: `${showValue(data)} is not one of the allowed values${close ? `; did you mean "${close}"?` : ''}`,
    hint: close ? `Write "${close}" (spelled exactly so). Allowed: ${list}.` : `Allowed: ${list}.`,
  };
}

/** The only `not` in the bundled schemas bans v1 keys at the top level of v2 metadata. */
function notMessage(pointer: string, error: ErrorObject): Described {
  const banned = ((error.schema as { anyOf?: { required?: string[] }[] }).anyOf ?? []).flatMap((branch) => branch.required ?? []);
  const data = error.data as Record<string, unknown> | null;
  const present = banned.filter((key) => data !== null && typeof data === 'object' && key in data);
  if (present.length > 0) {
    return {
      rule: 'not',
      pointer: `${pointer}/${present[0]}`,
      at: 'key',
      message: `${present.map((key) => `"${key}"`).join(', ')} ${present.length === 1 ? 'is a key' : 'are keys'} of the old v1 metadata format, not allowed in version 2`,
      hint: 'Convert the file with `ai4os-module migrate FILE`, or remove these keys.',
    };
  }
  return { rule: 'not', pointer, at: 'value', message: 'matches a shape the schema forbids' };
}

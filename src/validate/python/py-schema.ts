/**
 * JSON Schema with jsonschema's (Python) semantics, compiled by ajv. The schema is rewritten
 * before compiling: `type`, the numeric limits and `uniqueItems` become keywords of ours
 * that judge Python values as jsonschema does, and `pattern`s are translated from Python's
 * `re`. What differs from ajv's own keywords:
 * - `type`: a date, bytes, a set or a tuple (symbols, see py-values.ts) is of no JSON type;
 *   an integral float is an integer, ±inf is a number but not an integer;
 * - `minimum` & co.: NaN passes every limit (Python's comparisons are all false);
 * - `uniqueItems`: no `__proto__` blind spot, and linear time;
 * - schemas of draft 7 and before: siblings of `$ref` are ignored.
 */
import { _, str, type AnySchema, type AnySchemaObject, type Code, type KeywordCxt, type KeywordDefinition, type Name } from 'ajv';
import { useFunc } from 'ajv/dist/compile/util.js';
import { pythonRegexToJs, schemaPatternToJs } from './py-regex.js';
import { PY_KEYWORDS } from './py-keywords.js';
import { pyDuplicate } from './py-runtime.js';

export type Draft = '2020-12' | '2019-09' | 'draft-07';

const SINGLE = [
  'additionalProperties',
  'additionalItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'];
const KEPT_BESIDE_REF = new Set(['$ref', '$id', 'id', '$schema', 'definitions', '$defs']);

/** A copy of `schema` with Python semantics (see the file comment). Throws on a bad regex. */
export function pythonizeSchema(schema: AnySchema, draft: Draft): AnySchema {
  const visit = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
    const out: AnySchemaObject = {};
    const legacyRef = draft === 'draft-07' && '$ref' in node;
    for (const [key, value] of Object.entries(node)) {
      if (legacyRef && !KEPT_BESIDE_REF.has(key)) continue;
      if (key === '$schema') continue;
      if (key in PY_KEYWORDS) out[PY_KEYWORDS[key as keyof typeof PY_KEYWORDS]] = value;
      else if (key === 'pattern' && typeof value === 'string') out[key] = schemaPatternToJs(value);
      else if (SINGLE.includes(key)) out[key] = visit(value);
      else if (LISTS.includes(key) && Array.isArray(value)) out[key] = value.map(visit);
      else if (key === 'items') out[key] = Array.isArray(value) ? value.map(visit) : visit(value);
      else if (MAPS.includes(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([name, sub]) => [
            key === 'patternProperties' ? pythonRegexToJs(name).source : name,
            Array.isArray(sub) ? sub : visit(sub),
          ]),
        );
      } else out[key] = value;
    }
    return out;
  };
  return visit(schema) as AnySchema;
}

function typeCheck(type: string, data: Name): Code {
  switch (type) {
    case 'string':
      return _`typeof ${data} == "string"`;
    case 'number':
      return _`typeof ${data} == "number"`;
    case 'integer':
      return _`Number.isInteger(${data})`;
    case 'boolean':
      return _`typeof ${data} == "boolean"`;
    case 'null':
      return _`${data} === null`;
    case 'array':
      return _`Array.isArray(${data})`;
    case 'object':
      return _`(${data} !== null && typeof ${data} == "object" && !Array.isArray(${data}))`;
    default:
      return _`false`;
  }
}

const LIMITS: [keyof typeof PY_KEYWORDS, Code, string][] = [
  ['minimum', _`<`, '>='],
  ['maximum', _`>`, '<='],
  ['exclusiveMinimum', _`<=`, '>'],
  ['exclusiveMaximum', _`>=`, '<'],
];

export const PY_KEYWORD_DEFINITIONS: KeywordDefinition[] = [
  {
    keyword: PY_KEYWORDS.type,
    schemaType: ['string', 'array'],
    code(cxt: KeywordCxt) {
      const types: string[] = [cxt.schema].flat();
      const ok = types.map((type) => typeCheck(type, cxt.data)).reduce((all, check) => _`${all} || ${check}`);
      cxt.fail(_`!(${ok})`);
    },
    error: {
      message: ({ schema }) => str`must be ${[schema].flat().join(',')}`,
      params: ({ schemaCode }) => _`{type: ${schemaCode}}`,
    },
  },
  ...LIMITS.map(
    ([keyword, fails, okWord]): KeywordDefinition => ({
      keyword: PY_KEYWORDS[keyword],
      schemaType: 'number',
      code(cxt: KeywordCxt) {
        cxt.fail(_`typeof ${cxt.data} == "number" && ${cxt.data} ${fails} ${cxt.schemaCode}`);
      },
      error: {
        message: ({ schemaCode }) => str`must be ${okWord} ${schemaCode}`,
        params: ({ schemaCode }) => _`{comparison: ${okWord}, limit: ${schemaCode}}`,
      },
    }),
  ),
  {
    keyword: PY_KEYWORDS.uniqueItems,
    schemaType: 'boolean',
    code(cxt: KeywordCxt) {
      if (cxt.schema !== true) return;
      const duplicate = useFunc(cxt.gen, pyDuplicate);
      cxt.fail(_`Array.isArray(${cxt.data}) && ${duplicate}(${cxt.data}) !== undefined`);
    },
    error: { message: 'must NOT have duplicate items' },
  },
];

/**
 * The draft jsonschema's `validator_for` picks: by `$schema`, compared after urlsplit's
 * normalisation (an empty fragment dropped); unknown or missing means the latest, 2020-12.
 * Drafts 3 to 6 are validated as draft 7 (the bundled schemas use 7 and 2020-12).
 */
export function draftOf(schema: unknown): Draft {
  if (typeof schema !== 'object' || schema === null || !('$schema' in schema)) return '2020-12';
  const uri = String((schema as { $schema: unknown }).$schema)
    .replace(/#$/, '')
    .replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, (scheme) => scheme.toLowerCase());
  if (/^http:\/\/json-schema\.org\/draft-0[3467]\/schema$/.test(uri)) return 'draft-07';
  if (uri === 'https://json-schema.org/draft/2019-09/schema') return '2019-09';
  return '2020-12';
}

export const AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  validateFormats: false,
  validateSchema: false,
  verbose: true,
  unicodeRegExp: true,
  keywords: PY_KEYWORD_DEFINITIONS,
} as const;

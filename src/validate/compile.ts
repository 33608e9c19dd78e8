/**
 * Compiling schemas with ajv at run time: for `--schema FILE`, and for the bundled schemas
 * when running from source. The built CLI carries the bundled ones precompiled
 * (scripts/build/validators.mjs), so a plain `validate` never loads ajv's compiler.
 */
import * as ajv2019 from 'ajv/dist/2019.js';
import * as ajv2020 from 'ajv/dist/2020.js';
import * as ajvDraft7 from 'ajv';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import { AJV_OPTIONS, draftOf, pythonizeSchema, type Draft } from './python/py-schema.js';

type AjvClass = typeof ajvDraft7.Ajv;
// ajv is CommonJS: the class is the module itself, also exported as `default`.
const classOf = (module: { default: unknown }): AjvClass => module.default as AjvClass;
const AJV_CLASSES: Record<Draft, AjvClass> = {
  '2020-12': classOf(ajv2020),
  '2019-09': classOf(ajv2019),
  'draft-07': classOf(ajvDraft7),
};

export function newAjv(draft: Draft, options: { source?: boolean } = {}) {
  const Ajv = AJV_CLASSES[draft];
  return new Ajv({ ...AJV_OPTIONS, keywords: [...AJV_OPTIONS.keywords], code: { source: options.source ?? false, esm: true } });
}

/** A validator with jsonschema's semantics for `schema` (of the draft its `$schema` names). */
export function compileSchema(schema: AnySchema): ValidateFunction {
  const draft = draftOf(schema);
  return newAjv(draft).compile(pythonizeSchema(schema, draft));
}

/**
 * jsonschema's `check_schema`: the schema against its draft's metaschema. Returns the
 * problems (empty when the schema is valid).
 */
export function checkSchema(schema: unknown): string[] {
  if (typeof schema === 'boolean') return [];
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [`a schema must be an object or a boolean, not ${Array.isArray(schema) ? 'a list' : schema === null ? 'null' : typeof schema}`];
  }
  const draft = draftOf(schema);
  const ajv = newAjv(draft);
  const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
  void _ignored;
  const valid = ajv.validateSchema(rest) as boolean;
  const problems = valid ? [] : (ajv.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  if (problems.length === 0) {
    try {
      pythonizeSchema(schema as AnySchema, draft);
    } catch (error) {
      problems.push(`a pattern is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  return problems;
}

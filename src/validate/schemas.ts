/**
 * The official ai4-metadata schemas bundled in schemata/ (byte for byte from ai4-metadata
 * 2.4.2) and their validators; the version choices of the reference CLI are in options.ts.
 */
import { readFileSync } from 'node:fs';
import type { AnySchema, ValidateFunction } from 'ajv';
import { SCHEMATA_DIR } from '../paths.js';
import type { SchemaVersion } from './options.js';
import { PRECOMPILED } from './precompiled.js';

export { isSchemaVersion, LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from './options.js';

export function bundledSchemaPath(version: SchemaVersion): string {
  return `${SCHEMATA_DIR}/ai4-apps-v${version}.json`;
}

const schemaCache = new Map<SchemaVersion, Record<string, unknown>>();

export function bundledSchema(version: SchemaVersion): Record<string, unknown> {
  let schema = schemaCache.get(version);
  if (!schema) {
    schema = JSON.parse(readFileSync(bundledSchemaPath(version), 'utf8')) as Record<string, unknown>;
    schemaCache.set(version, schema);
  }
  return schema;
}

/** The validator of a bundled schema: precompiled in the built CLI, compiled from source otherwise. */
export async function bundledValidator(version: SchemaVersion): Promise<ValidateFunction> {
  const precompiled = PRECOMPILED?.[version];
  if (precompiled) return (await precompiled()).default;
  const { compileSchema } = await import('./compile.js');
  return compileSchema(bundledSchema(version) as AnySchema);
}

/**
 * The official ai4-metadata schemas bundled in schemata/ (byte for byte from ai4-metadata
 * 2.4.2). The one place that names their versions: new modules are written in the latest,
 * which `validate` checks by default and whose vocabularies the questions offer.
 */
import { readFileSync } from 'node:fs';
import { SCHEMATA_DIR } from './paths.js';

/** `--metadata-version` choices, newest first, as `ai4-metadata validate` lists them. */
export const SCHEMA_VERSIONS = ['2.3.0', '2.2.0', '2.1.0', '2.0.0', '1.0.0'] as const;
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];
export const LATEST_SCHEMA_VERSION: SchemaVersion = SCHEMA_VERSIONS[0];

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

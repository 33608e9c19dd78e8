/** The validators of the bundled schemas (src/schemata.ts), and the version choices. */
import type { AnySchema, ValidateFunction } from 'ajv';
import { type SchemaVersion, bundledSchema } from '../schemata.js';
import { PRECOMPILED } from './precompiled.js';

export { LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion, bundledSchema, bundledSchemaPath } from '../schemata.js';
export { isSchemaVersion } from './options.js';

/** The validator of a bundled schema: precompiled in the built CLI, compiled from source otherwise. */
export async function bundledValidator(version: SchemaVersion): Promise<ValidateFunction> {
  const precompiled = PRECOMPILED?.[version];
  if (precompiled) return (await precompiled()).default;
  const { compileSchema } = await import('./compile.js');
  return compileSchema(bundledSchema(version) as AnySchema);
}

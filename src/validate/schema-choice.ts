/**
 * The schema a run validates against: a bundled version (`--metadata-version`, default the
 * latest) or a file (`--schema`), loaded as the reference loads it, with the same exit
 * codes when that fails: 2 missing or not JSON, 3 not a valid schema, 4 anything else.
 */
import { ModuleFileError, readModuleBytes } from '../module-files/read-text.js';
import type { AnySchema, ValidateFunction } from 'ajv';
import { EXIT, type ExitCode } from './findings.js';
import { parsePythonJson } from './python/json.js';
import { bundledSchema, bundledValidator, type SchemaVersion } from './schemas.js';

export interface SchemaChoice {
  /** `2.3.0`, or the path given to --schema. */
  label: string;
  version?: SchemaVersion;
  schema: unknown;
  validate: ValidateFunction;
}

export interface SchemaProblem {
  exitCode: ExitCode;
  message: string;
}

/** The schema the hub's Jenkins checks every module's metadata with (ai4os/ai4os-hub-qa); the platform API uses the latest. */
export const HUB_SCHEMA_VERSION: SchemaVersion = '2.0.0';

export async function bundledChoice(version: SchemaVersion): Promise<SchemaChoice> {
  return { label: version, version, schema: bundledSchema(version), validate: await bundledValidator(version) };
}

/** The bundled schemas are about 30 kB. */
const MAX_SCHEMA_FILE_BYTES = 4 * 1024 * 1024;

export async function schemaFileChoice(path: string): Promise<SchemaChoice | SchemaProblem> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      readModuleBytes(path, { maxBytes: MAX_SCHEMA_FILE_BYTES, shown: `'${path}'`, what: 'a schema file' }),
    );
  } catch (error) {
    if (error instanceof ModuleFileError && error.reason === 'missing')
      return { exitCode: EXIT.unreadable, message: `Schema file '${path}' not found.` };
    const message = error instanceof ModuleFileError ? error.message : (error as Error).message;
    return { exitCode: EXIT.other, message: `Cannot read the schema file: ${message}` };
  }
  const parsed = parsePythonJson(text.replace(/\r\n?/g, '\n'));
  if (!parsed.ok) {
    return {
      exitCode: parsed.error.kind === 'syntax' ? EXIT.unreadable : EXIT.other,
      message: `Schema file '${path}' is not valid JSON: ${parsed.error.message}`,
    };
  }
  const schema = parsed.value;
  // jsonschema's validator_for tests `"$schema" in schema`: a TypeError for these (exit 4).
  if (schema === null || typeof schema === 'number') {
    return { exitCode: EXIT.other, message: `Schema file '${path}' holds ${schema === null ? 'null' : 'a number'}, not a schema` };
  }
  if (typeof schema === 'string' && schema.includes('$schema'))
    return { exitCode: EXIT.other, message: `Schema file '${path}' holds a string, not a schema` };
  if (typeof schema === 'object' && !Array.isArray(schema) && '$schema' in schema && typeof schema.$schema !== 'string') {
    return { exitCode: EXIT.other, message: `Schema file '${path}': $schema must be a string` };
  }
  const { checkSchema, compileSchema } = await import('./compile.js');
  const problems = checkSchema(schema);
  if (problems.length > 0) {
    return { exitCode: EXIT.badSchema, message: `Schema file '${path}' is not a valid JSON Schema: ${problems.slice(0, 3).join('; ')}` };
  }
  try {
    return { label: path, schema, validate: compileSchema(schema as AnySchema) };
  } catch (error) {
    return { exitCode: EXIT.other, message: `Schema file '${path}' cannot be used: ${(error as Error).message}` };
  }
}

export function isSchemaProblem(value: SchemaChoice | SchemaProblem): value is SchemaProblem {
  return 'exitCode' in value;
}

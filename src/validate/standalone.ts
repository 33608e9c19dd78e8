/**
 * ajv standalone code for the bundled schemas, made at build time (scripts/build/validators.mjs)
 * with the very options and keywords `compileSchema` uses at run time, so the built CLI
 * validates exactly as the source does without loading ajv's compiler.
 */
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { AnySchema } from 'ajv';
import { newAjv } from './compile.js';
import { draftOf, pythonizeSchema } from './python/py-schema.js';
import { SCHEMA_VERSIONS } from './schemas.js';

type StandaloneCode = (ajv: ReturnType<typeof newAjv>, validate: unknown) => string;
const toCode = ((standaloneCode as unknown as { default?: StandaloneCode }).default ?? standaloneCode) as StandaloneCode;

/** ESM source of one validator per schema version (each `export default`). */
export function standaloneValidators(readSchema: (version: string) => AnySchema): Record<string, string> {
  const modules: Record<string, string> = {};
  for (const version of SCHEMA_VERSIONS) {
    const schema = readSchema(version);
    const draft = draftOf(schema);
    const ajv = newAjv(draft, { source: true });
    modules[version] = toCode(ajv, ajv.compile(pythonizeSchema(schema, draft)));
  }
  return modules;
}

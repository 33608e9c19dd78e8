/**
 * One metadata file against one schema: every error (not only the first, as the reference
 * reports), each placed in the file, and the warnings. Never throws for invalid metadata.
 */
import { errorsToFindings } from './errors-to-findings.js';
import type { Findings } from './findings.js';
import type { Loaded } from './load.js';
import type { SchemaChoice } from './schema-choice.js';
import { MAX_LISTED, metadataWarnings } from './warnings.js';

export interface MetadataResult extends Findings {
  /** The reference crashes on this data (exit 4), for example comparing nested lists. */
  crash?: string;
}

/**
 * Nesting at which the reference crashes (RecursionError, exit 4) while it writes
 * `repr(instance)` into a message: measured with 2.4.2, a v2 file that passes `type`,
 * `properties` and `required` has its top-level `not` evaluated, whose messages repr the
 * whole instance. Only JSON gets this deep (981 levels parse); YAML stops at 486.
 */
export const PY_REPR_MAX_DEPTH = 980;

/** The reference meets no error before its top-level `not`, which then describes the instance. */
function describesWholeInstance(schema: unknown, errors: readonly { keyword: string; instancePath: string }[]): boolean {
  const hasNot = typeof schema === 'object' && schema !== null && 'not' in schema;
  return hasNot && errors.every((error) => error.keyword === 'not' && error.instancePath === '');
}

/** `alsoChecked`: the other bundled versions the caller checks the file against (only for the warnings). */
export function checkMetadata(loaded: Loaded, choice: SchemaChoice, file: string, alsoChecked?: readonly string[]): MetadataResult {
  let valid: boolean;
  try {
    valid = choice.validate(loaded.value) as boolean;
  } catch (error) {
    if (error instanceof RangeError) return { errors: [], warnings: [], crash: error.message };
    throw error;
  }
  const all = valid ? [] : (choice.validate.errors ?? []);
  if (describesWholeInstance(choice.schema, all) && (loaded.depth ?? 0) >= PY_REPR_MAX_DEPTH) {
    return {
      errors: [],
      warnings: [],
      crash: `Python's recursion limit stops the reference while it describes data nested ${loaded.depth} levels deep`,
    };
  }
  const errors = errorsToFindings(all.slice(0, MAX_LISTED), loaded.source, file);
  if (all.length > MAX_LISTED)
    errors.push({ severity: 'error', rule: 'limits', message: `…and ${all.length - MAX_LISTED} more errors, not listed`, file });
  const warnings = metadataWarnings({ loaded, file, schema: choice.schema, version: choice.version, alsoChecked });
  return { errors, warnings };
}

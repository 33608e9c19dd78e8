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

export function checkMetadata(loaded: Loaded, choice: SchemaChoice, file: string): MetadataResult {
  let valid: boolean;
  try {
    valid = choice.validate(loaded.value) as boolean;
  } catch (error) {
    if (error instanceof RangeError) return { errors: [], warnings: [], crash: error.message };
    throw error;
  }
  const all = valid ? [] : (choice.validate.errors ?? []);
  const errors = errorsToFindings(all.slice(0, MAX_LISTED), loaded.source, file);
  if (all.length > MAX_LISTED) errors.push({ severity: 'error', rule: 'limits', message: `…and ${all.length - MAX_LISTED} more errors, not listed`, file });
  const warnings = metadataWarnings({ loaded, file, schema: choice.schema, version: choice.version });
  return { errors, warnings };
}

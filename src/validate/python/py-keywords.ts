/**
 * Names of the keywords that give JSON Schema jsonschema's (Python) semantics (see
 * py-schema.ts). Kept apart from the ajv code, so reading errors does not load ajv.
 */

/** Our keyword for each standard one it replaces; errors are reported under the standard name. */
export const PY_KEYWORDS = {
  type: 'x-py-type',
  minimum: 'x-py-minimum',
  maximum: 'x-py-maximum',
  exclusiveMinimum: 'x-py-exclusiveMinimum',
  exclusiveMaximum: 'x-py-exclusiveMaximum',
  uniqueItems: 'x-py-uniqueItems',
} as const;

export const STANDARD_KEYWORD: Record<string, string> = Object.fromEntries(
  Object.entries(PY_KEYWORDS).map(([standard, ours]) => [ours, standard]),
);

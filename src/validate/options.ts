/**
 * The values validate's options allow, in a module of their own: the command table
 * (src/cli/commands.ts) lists them for every command's parsing, help and completion without
 * loading validate.
 */

/** `--metadata-version` choices, as `ai4-metadata validate` lists them. */
export const SCHEMA_VERSIONS = ['2.3.0', '2.2.0', '2.1.0', '2.0.0', '1.0.0'] as const;
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];
export const LATEST_SCHEMA_VERSION: SchemaVersion = '2.3.0';

export function isSchemaVersion(value: string): value is SchemaVersion {
  return (SCHEMA_VERSIONS as readonly string[]).includes(value);
}

/** `--format`: text for people, json for tools, github for workflow annotations. */
export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

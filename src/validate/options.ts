/**
 * The values validate's options allow, in a module of their own: the command table
 * (src/cli/commands.ts) lists them for every command's parsing, help and completion without
 * loading validate.
 */

import { SCHEMA_VERSIONS, type SchemaVersion } from '../schemata.js';

/** `--metadata-version` choices: the bundled schema versions. */
export { LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from '../schemata.js';

export function isSchemaVersion(value: string): value is SchemaVersion {
  return (SCHEMA_VERSIONS as readonly string[]).includes(value);
}

/** `--format`: text for people, json for tools, github for workflow annotations. */
export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * `ai4os-module migrate V1_FILE [-o FILE]`: v1 metadata to the latest v2, written as YAML
 * that PyYAML reads back as written (dates and yes/no quoted), then checked with `validate`.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Document } from 'yaml';
import { yamlDocumentText } from '../render/encode.js';
import { UserError } from '../errors.js';
import { checkMetadata } from '../validate/check-metadata.js';
import { loadMetadataFile, loadMetadataText } from '../validate/load.js';
import { LoadFailure } from '../validate/load-error.js';
import { bundledChoice } from '../validate/schema-choice.js';
import { LATEST_SCHEMA_VERSION } from '../validate/schemas.js';
import { migrateV1, type Vocabulary } from './migrate.js';

export const HELP = `Usage: ai4os-module migrate V1_FILE [-o FILE] [--force]

Convert v1 metadata (metadata.json of DEEP modules) to ai4-metadata.yml of version ${LATEST_SCHEMA_VERSION}.
Libraries, tasks, categories and data types are taken from the keywords, spelled as the schema wants.
The result goes to standard output, or to FILE; it is then validated.

Options:
  -o, --output FILE   Write the YAML to FILE (refuses to overwrite without --force)
  --force             Overwrite FILE
  -h, --help          Show this help
`;

function enumOf(schema: Record<string, unknown>, key: string): string[] {
  const property = (schema.properties as Record<string, { items?: { enum?: unknown[] } }>)[key];
  return (property?.items?.enum ?? []).filter((value): value is string => typeof value === 'string');
}

export async function main(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError('Name one v1 metadata file, e.g. `ai4os-module migrate metadata.json`.', 'See --help.');
  const input = positionals[0]!;
  const output = values.output && resolve(cwd, values.output);
  if (output && existsSync(output) && !values.force) {
    throw new UserError(`${values.output} exists.`, 'Add --force to overwrite it, or choose another file with -o.');
  }
  const loaded = loadMetadataFile(resolve(cwd, input), input);
  if (loaded instanceof LoadFailure) throw new UserError(`Cannot read ${input}: ${loaded.message}`, loaded.hint);

  const v1 = await bundledChoice('1.0.0');
  const v1Check = checkMetadata(loaded, v1, input);
  if (v1Check.errors.length > 0) {
    process.stderr.write(`${input} is not valid v1 metadata; migrating what is there:\n${v1Check.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
  }
  const latest = await bundledChoice(LATEST_SCHEMA_VERSION);
  const schema = latest.schema as Record<string, unknown>;
  const vocabulary: Vocabulary = {
    libraries: enumOf(schema, 'libraries'),
    tasks: enumOf(schema, 'tasks'),
    categories: enumOf(schema, 'categories'),
    dataTypes: enumOf(schema, 'data-type'),
  };
  const { data, notes } = migrateV1(loaded.value, vocabulary, new Date().toISOString().slice(0, 10), LATEST_SCHEMA_VERSION);
  const doc = new Document(data, { version: '1.1' });
  const yaml = yamlDocumentText(doc);

  const reloaded = loadMetadataText(new TextEncoder().encode(yaml));
  const result = reloaded instanceof LoadFailure ? undefined : checkMetadata(reloaded, latest, values.output ?? 'the result');
  if (output) await writeFile(output, yaml);
  else process.stdout.write(yaml);

  for (const note of notes) process.stderr.write(`note: ${note}\n`);
  if (!result || result.errors.length > 0) {
    const problems = result?.errors.map((e) => `  ${e.path}: ${e.message}`) ?? ['  the YAML written does not load back'];
    process.stderr.write(`The migrated metadata is not valid for version ${LATEST_SCHEMA_VERSION} yet; fix:\n${problems.join('\n')}\n`);
    return 1;
  }
  if (output) process.stderr.write(`Wrote ${values.output}: valid for version ${LATEST_SCHEMA_VERSION}.\n`);
  return 0;
}

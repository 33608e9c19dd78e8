/**
 * `ai4os-module migrate V1_FILE [-o FILE]`: v1 metadata to the latest v2, written as YAML
 * that PyYAML reads back as written (dates and yes/no quoted), then checked with `validate`.
 */
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Document } from 'yaml';
import { yamlDocumentText } from '../render/encode.js';
import { UserError } from '../errors.js';
import { checkMetadata } from '../validate/check-metadata.js';
import { loadMetadataFile, loadMetadataText } from '../validate/load.js';
import { LoadFailure } from '../validate/load-error.js';
import { bundledChoice } from '../validate/schema-choice.js';
import { LATEST_SCHEMA_VERSION } from '../validate/schemas.js';
import { migrateV1, type Vocabulary } from './migrate.js';

/** Where -o points must be a new file (or one to overwrite with --force) in an existing folder. */
function checkOutput(path: string, shown: string, force: boolean): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory())
    throw new UserError(`${shown} is a directory.`, `Name the file to write, e.g. -o ${join(shown, 'ai4-metadata.yml')}.`);
  if (stat && !force) throw new UserError(`${shown} exists.`, 'Add --force to overwrite it, or choose another file with -o.');
  const folder = dirname(path);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    const shownFolder = dirname(shown);
    throw new UserError(
      `The folder ${shownFolder} does not exist, so ${shown} cannot be written.`,
      `Create it first (mkdir -p ${shownFolder}), or choose another file with -o.`,
    );
  }
}

function enumOf(schema: Record<string, unknown>, key: string): string[] {
  const property = (schema.properties as Record<string, { items?: { enum?: unknown[] } }>)[key];
  return (property?.items?.enum ?? []).filter((value): value is string => typeof value === 'string');
}

export interface MigrateArgs {
  flags: { output: string | undefined; force: boolean };
  positionals: { input: string };
  cwd: string;
}

export async function main({ flags, positionals, cwd }: MigrateArgs): Promise<number> {
  const { input } = positionals;
  const output = flags.output === undefined ? undefined : resolve(cwd, flags.output);
  if (output) checkOutput(output, flags.output!, flags.force);
  const loaded = loadMetadataFile(resolve(cwd, input), input);
  if (loaded instanceof LoadFailure) throw new UserError(`Cannot read ${input}: ${loaded.message}`, loaded.hint);

  const v1 = await bundledChoice('1.0.0');
  const v1Check = checkMetadata(loaded, v1, input);
  if (v1Check.errors.length > 0) {
    process.stderr.write(
      `${input} is not valid v1 metadata; migrating what is there:\n${v1Check.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`,
    );
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
  const result = reloaded instanceof LoadFailure ? undefined : checkMetadata(reloaded, latest, flags.output ?? 'the result');
  if (output) await writeFile(output, yaml);
  else process.stdout.write(yaml);

  for (const note of notes) process.stderr.write(`note: ${note}\n`);
  if (!result || result.errors.length > 0) {
    const problems = result?.errors.map((e) => `  ${e.path}: ${e.message}`) ?? ['  the YAML written does not load back'];
    process.stderr.write(`The migrated metadata is not valid for version ${LATEST_SCHEMA_VERSION} yet; fix:\n${problems.join('\n')}\n`);
    return 1;
  }
  if (output) process.stderr.write(`Wrote ${flags.output}: valid for version ${LATEST_SCHEMA_VERSION}.\n`);
  return 0;
}

/** What publish needs of a module's files (VERSION, ai4-metadata.yml, pyproject.toml), through the shared readers. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { parsePyproject, readPyprojectText, TomlError } from '../module-files/pyproject.js';
import { readOptionalModuleText } from '../module-files/read-text.js';
import { MAX_VERSION_FILE_BYTES, parseVersionFile, VERSION_FILE } from '../module-files/version-file.js';
import { loadMetadataFile, MAX_FILE_BYTES } from '../validate/load.js';
import { LoadFailure } from '../validate/load-error.js';

export const METADATA_FILE = 'ai4-metadata.yml';

export interface ModuleInfo {
  dir: string;
  /** The text of VERSION, trimmed. */
  version: string;
  /** The repository (and catalog) name: the last part of links.source_code, else the directory name. */
  name: string;
  title?: string;
  summary?: string;
  sourceCode?: string;
  dockerImage?: string;
  /** SPDX identifier from pyproject.toml. */
  license?: string;
  /** `Name <email>` from pyproject.toml. */
  authors: string[];
}

export function readModuleInfo(dir: string): ModuleInfo {
  const versionText = readOptionalModuleText(join(dir, VERSION_FILE), {
    maxBytes: MAX_VERSION_FILE_BYTES,
    shown: VERSION_FILE,
    what: 'a VERSION file',
  });
  const version = versionText === undefined ? undefined : parseVersionFile(versionText)?.value;
  if (version === undefined)
    throw new UserError(
      `${join(dir, VERSION_FILE)} is missing or empty.`,
      'Put the module version in a file VERSION (e.g. 0.1.0) and commit it.',
    );
  const loaded = loadMetadataFile(join(dir, METADATA_FILE), METADATA_FILE);
  const metadata = loaded instanceof LoadFailure || !isRecord(loaded.value) ? {} : loaded.value;
  const links = isRecord(metadata.links) ? metadata.links : {};
  const sourceCode = stringOf(links.source_code);
  const project = readProject(dir);
  const fromUrl = sourceCode ? /\/([^/]+?)(?:\.git)?\/?$/.exec(sourceCode)?.[1] : undefined;
  return {
    dir,
    version,
    name: fromUrl ?? dir.split(/[\\/]/).filter(Boolean).pop()!,
    title: stringOf(metadata.title),
    summary: stringOf(metadata.summary),
    sourceCode,
    dockerImage: stringOf(links.docker_image),
    license: project?.license?.value,
    authors: (project?.authors ?? []).map((a) => (a.email ? `${a.name} <${a.email}>` : a.name)),
  };
}

/** Writes the new VERSION and sets `dates.updated` in the metadata, keeping its comments and layout. */
export function writeRelease(dir: string, version: string, today: string): string[] {
  writeFileSync(join(dir, 'VERSION'), `${version}\n`);
  const text = readOptionalModuleText(join(dir, METADATA_FILE), {
    maxBytes: MAX_FILE_BYTES,
    shown: METADATA_FILE,
    what: 'a metadata file',
  });
  if (text === undefined) return ['VERSION'];
  const doc = parseDocument(text, { version: '1.1' });
  doc.setIn(['dates', 'updated'], today);
  writeFileSync(join(dir, METADATA_FILE), doc.toString({ lineWidth: 0 }));
  return ['VERSION', METADATA_FILE];
}

/** pyproject.toml's [project], or nothing when there is none or it is not TOML (preflight's validate reports that). */
function readProject(dir: string) {
  const text = readPyprojectText(dir);
  if (text === undefined) return undefined;
  try {
    return parsePyproject(text);
  } catch (error) {
    if (error instanceof TomlError) return undefined;
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * What publish reads from a module's files: VERSION, ai4-metadata.yml, pyproject.toml.
 * All reading of module files for publish is here, so it can move to the shared readers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { parseToml } from '../toml.js';
import { loadMetadataFile } from '../validate/load.js';
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
  const versionText = readText(dir, 'VERSION');
  if (versionText === undefined) throw new UserError(`${join(dir, 'VERSION')} is missing.`, 'Put the module version in a file VERSION (e.g. 0.1.0) and commit it.');
  const loaded = loadMetadataFile(join(dir, METADATA_FILE), METADATA_FILE);
  const metadata = loaded instanceof LoadFailure || !isRecord(loaded.value) ? {} : loaded.value;
  const links = isRecord(metadata.links) ? metadata.links : {};
  const sourceCode = stringOf(links.source_code);
  const project = readProject(dir);
  const fromUrl = sourceCode ? /\/([^/]+?)(?:\.git)?\/?$/.exec(sourceCode)?.[1] : undefined;
  return {
    dir,
    version: versionText.trim(),
    name: fromUrl ?? dir.split(/[\\/]/).filter(Boolean).pop()!,
    title: stringOf(metadata.title),
    summary: stringOf(metadata.summary),
    sourceCode,
    dockerImage: stringOf(links.docker_image),
    license: typeof project.license === 'string' ? project.license : isRecord(project.license) ? stringOf(project.license.text) : undefined,
    authors: Array.isArray(project.authors)
      ? project.authors.flatMap((a) => (isRecord(a) && typeof a.name === 'string' ? [typeof a.email === 'string' ? `${a.name} <${a.email}>` : a.name] : []))
      : [],
  };
}

/** Writes the new VERSION and sets `dates.updated` in the metadata, keeping its comments and layout. */
export function writeRelease(dir: string, version: string, today: string): string[] {
  writeFileSync(join(dir, 'VERSION'), `${version}\n`);
  const text = readText(dir, METADATA_FILE);
  if (text === undefined) return ['VERSION'];
  const doc = parseDocument(text, { version: '1.1' });
  doc.setIn(['dates', 'updated'], today);
  writeFileSync(join(dir, METADATA_FILE), doc.toString({ lineWidth: 0 }));
  return ['VERSION', METADATA_FILE];
}

function readProject(dir: string): Record<string, unknown> {
  const text = readText(dir, 'pyproject.toml');
  if (text === undefined) return {};
  try {
    const project = parseToml(text).data.project;
    return isRecord(project) ? project : {};
  } catch {
    return {};
  }
}

function readText(dir: string, file: string): string | undefined {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

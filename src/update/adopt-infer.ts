/**
 * What `adopt` can tell about a module from its files, laid out as the ai4-template 2.x
 * cookiecutter made them (the platform's previous module template: `<pkg>/api.py`,
 * pyproject.toml, VERSION, JenkinsConstants.groovy, .sqa/, ai4-metadata.yml, LICENSE; the
 * fixture test/fixtures/cookiecutter-minimal/ is one) or by hand: ai4-metadata.yml,
 * pyproject.toml or setup.cfg, VERSION, JenkinsConstants.groovy, the Dockerfile, LICENSE,
 * the git remote.
 * Pure: it reads through a function and returns raw answers with where each came from.
 * Every value is checked later with the question's own rule; what fails is asked again.
 */
import { parseToml, TomlError, type TomlTable, type TomlValue } from '../toml.js';
import { parse as parseYaml } from 'yaml';
import type { RawAnswers } from '../answers/parse.js';
import type { AnswerKey } from '../answers/questions.js';
import { imageFromDockerUrl } from '../render/links.js';

export interface Inferred {
  raw: RawAnswers;
  /** Answer -> the file it was read from. */
  sources: Partial<Record<AnswerKey, string>>;
  /** `dates.created` of the metadata, YYYY-MM-DD. */
  created?: string;
}

/** A file's text, or undefined when the module has no such file. */
export type ReadFile = (path: string) => string | undefined;

/** ini files (setup.cfg): section -> key -> value, continuation lines joined with newlines. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  let key: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = sections[header[1]!.trim()] ??= {};
      key = undefined;
    } else if (/^\s/.test(raw) && section && key) {
      section[key] = `${section[key]}\n${raw.trim()}`.replace(/^\n/, '');
    } else if (section) {
      const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
      if (pair) section[(key = pair[1]!.trim())] = pair[2]!.trim();
    }
  }
  return sections;
}

/** The `[project]` table of a pyproject.toml; undefined when the file is not valid TOML. */
function tomlTableOrUndefined(source: string): TomlTable | undefined {
  try {
    return table(parseToml(source).data.project);
  } catch (error) {
    if (error instanceof TomlError) return undefined;
    throw error;
  }
}

/** A TOML table's value as a table (empty when it is not one). */
function table(value: TomlValue | undefined): TomlTable {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function text(value: TomlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Licence names as old templates and packages wrote them, to SPDX ids we offer. */
const LICENSE_NAMES: Record<string, string> = {
  mit: 'MIT',
  'apache 2.0': 'Apache-2.0',
  'apache-2.0': 'Apache-2.0',
  'apache-2': 'Apache-2.0',
  'apache software license': 'Apache-2.0',
  'bsd-3-clause': 'BSD-3-Clause',
  'bsd 3-clause': 'BSD-3-Clause',
  'agpl-3.0-only': 'AGPL-3.0-only',
  'agpl-3.0': 'AGPL-3.0-only',
  'gpl-3.0-only': 'GPL-3.0-only',
  'gpl-3.0': 'GPL-3.0-only',
  'no license file': 'none',
};

/** The SPDX id of a licence text, by phrases each licence has and the others do not. */
export function licenseOfText(text: string): string | undefined {
  const t = text.replace(/\s+/g, ' ');
  // The GPL's text names the AGPL (section 13): the title, at the top, tells them apart.
  const title = t.trimStart().slice(0, 120);
  if (/^GNU AFFERO GENERAL PUBLIC LICENSE Version 3/i.test(title)) return 'AGPL-3.0-only';
  if (/^GNU GENERAL PUBLIC LICENSE Version 3/i.test(title)) return 'GPL-3.0-only';
  if (/Apache License,? Version 2\.0/i.test(t)) return 'Apache-2.0';
  if (/Permission is hereby granted, free of charge/i.test(t)) return 'MIT';
  if (/Redistribution and use in source and binary forms/i.test(t) && /Neither the name/i.test(t)) return 'BSD-3-Clause';
  return undefined;
}

/** `https://github.com/org/repo(.git)`, `git@github.com:org/repo.git` -> base and repository name. */
export function splitRepositoryUrl(url: string): { base: string; repo: string } | undefined {
  const match = /^(.*?)[/:]([^/:]+?)(?:\.git)?\/?$/.exec(url.trim());
  if (!match || match[1] === '' || /^[a-z]+:\/?$/i.test(match[1]!)) return undefined;
  return { base: match[1]!, repo: match[2]! };
}

function list(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((v): v is string => typeof v === 'string');
  return items.length > 0 ? items : undefined;
}

function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

export function inferAnswers(read: ReadFile, remoteUrl?: string): Inferred {
  const raw: RawAnswers = {};
  const sources: Inferred['sources'] = {};
  const set = (key: AnswerKey, value: unknown, source: string) => {
    if (value === undefined || value === '' || raw[key] !== undefined) return;
    raw[key] = value;
    sources[key] = source;
  };
  let created: string | undefined;

  const metadataText = read('ai4-metadata.yml');
  if (metadataText !== undefined) {
    let meta: Record<string, unknown> = {};
    try {
      // YAML 1.1, as the platform reads it: an unquoted date is a date.
      const parsed = parseYaml(metadataText, { version: '1.1' }) as unknown;
      if (parsed && typeof parsed === 'object') meta = parsed as Record<string, unknown>;
    } catch {
      // An unreadable file infers nothing; the answers are asked or defaulted.
    }
    const from = 'ai4-metadata.yml';
    set('title', typeof meta.title === 'string' ? meta.title : undefined, from);
    set('summary', typeof meta.summary === 'string' ? meta.summary : undefined, from);
    set('description', typeof meta.description === 'string' ? meta.description.trim() : undefined, from);
    for (const [key, field] of [
      ['tags', 'tags'],
      ['tasks', 'tasks'],
      ['categories', 'categories'],
      ['libraries', 'libraries'],
      ['dataTypes', 'data-type'],
    ] as const) {
      set(key, list(meta[field]), from);
    }
    const links = (meta.links ?? {}) as Record<string, unknown>;
    if (typeof links.source_code === 'string') {
      const repository = splitRepositoryUrl(links.source_code);
      set('gitBaseUrl', repository?.base, from);
      set('repoName', repository?.repo, from);
    }
    if (typeof links.docker_image === 'string') {
      set('dockerImage', /^https?:/.test(links.docker_image) ? imageFromDockerUrl(links.docker_image) : links.docker_image, from);
    }
    const inference = ((meta.resources ?? {}) as Record<string, unknown>).inference as Record<string, unknown> | undefined;
    set('cpu', typeof inference?.cpu === 'number' ? inference.cpu : undefined, from);
    set('gpu', typeof inference?.gpu === 'number' ? inference.gpu : undefined, from);
    set('memory', typeof inference?.memory_MB === 'number' ? inference.memory_MB : undefined, from);
    created = isoDate(((meta.dates ?? {}) as Record<string, unknown>).created);
  }

  // The licence text is what applies; the name in pyproject.toml or setup.cfg only names it.
  const license = read('LICENSE') ?? read('LICENSE.txt') ?? read('LICENSE.md');
  if (license !== undefined) set('license', licenseOfText(license), 'LICENSE');

  const pyproject = read('pyproject.toml');
  const project = pyproject === undefined ? undefined : tomlTableOrUndefined(pyproject);
  if (project !== undefined) {
    const from = 'pyproject.toml';
    set('repoName', text(project.name)?.toLowerCase(), from);
    set('summary', text(project.description), from);
    const authors = (Array.isArray(project.authors) ? project.authors : [])
      .map(table)
      .flatMap(({ name, email }) => (typeof name === 'string' && typeof email === 'string' ? [{ name, email }] : []));
    set('authors', authors.length > 0 ? authors : undefined, from);
    const license = text(project.license) ?? text(table(project.license).text);
    set('license', license && LICENSE_NAMES[license.toLowerCase()], from);
    const entry = Object.values(table(table(project['entry-points'])['deepaas.v2.model'])).find((v) => typeof v === 'string');
    set('packageName', /^\w+/.exec(String(entry ?? ''))?.[0], from);
  }

  const setupCfg = read('setup.cfg');
  if (setupCfg !== undefined) {
    const ini = parseIni(setupCfg);
    const metadata = ini.metadata ?? {};
    const from = 'setup.cfg';
    set('repoName', metadata.name?.toLowerCase(), from);
    set('summary', metadata.summary ?? metadata.description, from);
    const names = (metadata.author ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const emails = (metadata['author_email'] ?? metadata['author-email'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length > 0 && names.length === emails.length) {
      set('authors', names.map((name, i) => ({ name, email: emails[i]! })), from);
    }
    set('license', metadata.license && LICENSE_NAMES[metadata.license.toLowerCase()], from);
    const entry = /=\s*([\w]+)[\w.:]*/.exec((ini['entry_points'] ?? {})['deepaas.v2.model'] ?? '');
    set('packageName', entry?.[1], from);
  }

  set('moduleVersion', read('VERSION')?.trim(), 'VERSION');

  const jenkins = read('JenkinsConstants.groovy');
  if (jenkins !== undefined) {
    const field = (name: string) => new RegExp(`def\\s+${name}\\s*=\\s*['"]([^'"]*)['"]`).exec(jenkins)?.[1];
    set('baseTag', field('base_cpu_tag'), 'JenkinsConstants.groovy');
    // A GPU tag recorded empty means no GPU image; record it as such.
    const gpu = field('base_gpu_tag');
    if (gpu !== undefined) {
      raw.baseGpuTag ??= gpu;
      sources.baseGpuTag ??= 'JenkinsConstants.groovy';
    }
  }

  const dockerfile = read('Dockerfile');
  if (dockerfile !== undefined) {
    set('baseTag', /^\s*ARG\s+tag=(\S+)/m.exec(dockerfile)?.[1], 'Dockerfile');
    const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+?)(?::\$\{?tag\}?|:[\w.-]+)?(?:\s+AS\s+\S+)?\s*$/im.exec(dockerfile)?.[1];
    set('baseImage', from && !from.includes('$') ? from : undefined, 'Dockerfile');
  }

  if (remoteUrl) {
    const repository = splitRepositoryUrl(remoteUrl);
    set('gitBaseUrl', repository?.base, 'git remote origin');
    set('repoName', repository?.repo.toLowerCase(), 'git remote origin');
  }
  return { raw, sources, created };
}

/**
 * What `adopt` can tell about a module from its files, laid out as the ai4-template 2.x
 * cookiecutter made them (the platform's previous module template: `<pkg>/api.py`,
 * pyproject.toml, VERSION, JenkinsConstants.groovy, .sqa/, ai4-metadata.yml, LICENSE; the
 * fixture test/fixtures/cookiecutter-minimal/ is one) or by hand: ai4-metadata.yml,
 * pyproject.toml or setup.cfg, VERSION, JenkinsConstants.groovy, the Dockerfile, LICENSE,
 * the git remote, each through its reader in src/module-files/. Pure: it reads through a
 * function and returns raw answers with where each came from, and the files it could not
 * read. Every value is checked later with the question's own rule; what fails is asked again.
 */
import type { RawAnswers } from '../answers/parse.js';
import type { AnswerKey } from '../answers/questions.js';
import { imageFromDockerUrl } from '../render/links.js';
import {
  DockerfileSyntaxError,
  MAX_DOCKERFILE_BYTES,
  defaultBaseTag,
  dockerfileFacts,
  parseDockerfile,
} from '../module-files/dockerfile.js';
import { withoutCredentials } from '../module-files/git-remote.js';
import { JENKINS_CONSTANTS, MAX_JENKINS_CONSTANTS_BYTES, parseJenkinsConstants } from '../module-files/jenkins-constants.js';
import { METADATA_FILE_NAMES, metadataDate, parseModuleMetadata } from '../module-files/metadata.js';
import { MAX_PACKAGE_FILE_BYTES, type PackageMetadata } from '../module-files/package-metadata.js';
import { parsePyproject, PYPROJECT, TomlError } from '../module-files/pyproject.js';
import { tooBig } from '../module-files/read-text.js';
import { parseSetupCfg, SETUP_CFG } from '../module-files/setup-cfg.js';
import { MAX_VERSION_FILE_BYTES, parseVersionFile, VERSION_FILE } from '../module-files/version-file.js';
import { MAX_FILE_BYTES } from '../validate/load.js';

export interface Inferred {
  raw: RawAnswers;
  /** Answer -> the file it was read from. */
  sources: Partial<Record<AnswerKey, string>>;
  /** `dates.created` of the metadata, YYYY-MM-DD. */
  created?: string;
  /** Files that are there but could not be read, each with why (`file:line: problem`). */
  problems: string[];
}

/** A file's content, or undefined when the module has no such file. */
export type ReadFile = (path: string) => string | Uint8Array | undefined;

const LICENSE_FILES = ['LICENSE', 'LICENSE.txt', 'LICENSE.md'];
/** Licence texts are long, but not this long. */
const MAX_LICENSE_BYTES = 256 * 1024;

/** The files inference reads, each with the most bytes its reader takes. */
export const EVIDENCE: ReadonlyMap<string, number> = new Map([
  ...METADATA_FILE_NAMES.map((name) => [name, MAX_FILE_BYTES] as const),
  [PYPROJECT, MAX_PACKAGE_FILE_BYTES],
  [SETUP_CFG, MAX_PACKAGE_FILE_BYTES],
  [VERSION_FILE, MAX_VERSION_FILE_BYTES],
  [JENKINS_CONSTANTS, MAX_JENKINS_CONSTANTS_BYTES],
  ['Dockerfile', MAX_DOCKERFILE_BYTES],
  ...LICENSE_FILES.map((name) => [name, MAX_LICENSE_BYTES] as const),
]);

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
  const match = /^(.*?)[/:]([^/:]+?)(?:\.git)?\/?$/.exec(withoutCredentials(url.trim()));
  if (!match || match[1] === '' || /^[a-z]+:\/?$/i.test(match[1]!)) return undefined;
  return { base: match[1]!, repo: match[2]! };
}

function list(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((v): v is string => typeof v === 'string');
  return items.length > 0 ? items : undefined;
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function inferAnswers(read: ReadFile, remoteUrl?: string): Inferred {
  const raw: RawAnswers = {};
  const sources: Inferred['sources'] = {};
  const problems: string[] = [];
  const set = (key: AnswerKey, value: unknown, source: string) => {
    if (value === undefined || value === '' || raw[key] !== undefined) return;
    raw[key] = value;
    sources[key] = source;
  };
  const bytesOf = (path: string): Uint8Array | undefined => {
    const content = read(path);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    if (bytes && bytes.length > EVIDENCE.get(path)!) {
      problems.push(tooBig(path, { maxBytes: EVIDENCE.get(path)!, what: path }).message);
      return undefined;
    }
    return bytes;
  };
  const textOf = (path: string) => {
    const bytes = bytesOf(path);
    return bytes && new TextDecoder().decode(bytes);
  };
  let created: string | undefined;

  const metadataFile = METADATA_FILE_NAMES.find((name) => read(name) !== undefined);
  const metadataBytes = metadataFile && bytesOf(metadataFile);
  if (metadataFile && metadataBytes) {
    const metadata = parseModuleMetadata(metadataBytes, metadataFile);
    if (!metadata.ok) problems.push(`${metadata.problem} (its answers were not read)`);
    const meta = metadata.ok ? metadata.data : {};
    const from = metadataFile;
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
    const links = record(meta.links);
    if (typeof links.source_code === 'string') {
      const repository = splitRepositoryUrl(links.source_code);
      set('gitBaseUrl', repository?.base, from);
      set('repoName', repository?.repo, from);
    }
    if (typeof links.docker_image === 'string') {
      set('dockerImage', /^https?:/.test(links.docker_image) ? imageFromDockerUrl(links.docker_image) : links.docker_image, from);
    }
    const inference = record(record(meta.resources).inference);
    set('cpu', typeof inference.cpu === 'number' ? inference.cpu : undefined, from);
    set('gpu', typeof inference.gpu === 'number' ? inference.gpu : undefined, from);
    set('memory', typeof inference.memory_MB === 'number' ? inference.memory_MB : undefined, from);
    created = metadataDate(record(meta.dates).created);
  }

  // The licence text is what applies; the name in pyproject.toml or setup.cfg only names it.
  const licenseFile = LICENSE_FILES.find((name) => read(name) !== undefined);
  const license = licenseFile && textOf(licenseFile);
  if (licenseFile && license !== undefined) set('license', licenseOfText(license), licenseFile);

  const packages: PackageMetadata[] = [];
  const pyproject = textOf(PYPROJECT);
  if (pyproject !== undefined) {
    try {
      packages.push(parsePyproject(pyproject));
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      problems.push(`${PYPROJECT}:${error.line}: not valid TOML: ${error.message}`);
    }
  }
  const setupCfg = textOf(SETUP_CFG);
  if (setupCfg !== undefined) packages.push(parseSetupCfg(setupCfg));
  const version = textOf(VERSION_FILE);
  set('moduleVersion', version === undefined ? undefined : parseVersionFile(version)?.value, VERSION_FILE);
  for (const pkg of packages) {
    const from = pkg.file;
    set('repoName', pkg.name?.value.toLowerCase(), from);
    set('summary', pkg.summary?.value, from);
    set('moduleVersion', pkg.version?.value, from);
    // An author without an address cannot be an answer ("Name <email>"): then none are taken.
    const authors = pkg.authors.flatMap(({ name, email }) => (email ? [{ name, email }] : []));
    set('authors', authors.length > 0 && authors.length === pkg.authors.length ? authors : undefined, from);
    set('license', pkg.license && LICENSE_NAMES[pkg.license.value.toLowerCase()], from);
    const entry = pkg.entryPoints.find((e) => e.group === 'deepaas.v2.model');
    set('packageName', entry && /^\w+/.exec(entry.target)?.[0], from);
  }

  // The hub builds with JenkinsConstants' base tags only when both are set (and not commented out).
  const jenkinsText = textOf(JENKINS_CONSTANTS);
  const jenkins = jenkinsText === undefined ? new Map() : parseJenkinsConstants(jenkinsText);
  const cpuTag = jenkins.get('base_cpu_tag')?.value;
  const gpuTag = jenkins.get('base_gpu_tag')?.value;
  if (cpuTag && gpuTag) set('baseTag', cpuTag, JENKINS_CONSTANTS);
  // A GPU tag recorded empty means no GPU image; record it as such.
  if (gpuTag !== undefined) {
    raw.baseGpuTag ??= gpuTag;
    sources.baseGpuTag ??= JENKINS_CONSTANTS;
  }

  const dockerfile = textOf('Dockerfile');
  if (dockerfile !== undefined) {
    try {
      const facts = dockerfileFacts(parseDockerfile(dockerfile));
      set('baseTag', defaultBaseTag(facts)?.value, 'Dockerfile');
      const image = facts.baseImage?.value;
      set('baseImage', image && !image.includes('$') ? image : undefined, 'Dockerfile');
    } catch (error) {
      if (!(error instanceof DockerfileSyntaxError)) throw error;
      problems.push(`Dockerfile:${error.line}: Docker cannot parse this: ${error.message}`);
    }
  }

  if (remoteUrl) {
    const repository = splitRepositoryUrl(remoteUrl);
    set('gitBaseUrl', repository?.base, 'git remote origin');
    set('repoName', repository?.repo.toLowerCase(), 'git remote origin');
  }
  return { raw, sources, created, problems };
}

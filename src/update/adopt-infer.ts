/**
 * What `adopt` can tell about a module from its files and its repository, each answer with
 * where it came from. The files, each through its reader in src/module-files/:
 * ai4-metadata.yml, metadata.json (v1, through migrate's conversion), pyproject.toml,
 * setup.cfg (setuptools or pbr), setup.py (only whether it is pbr), VERSION, LICENSE,
 * JenkinsConstants.groovy (live lines only), the Dockerfile (FROM, with the ARG defaults),
 * README.md (its title); the repository: the origin remote (credentials stripped), the first
 * commit's date, the commit authors, the version tags (what pbr versions from).
 *
 * Several sources may name one answer; PRECEDENCE says which is believed first, and the
 * first value that satisfies the question's rule is taken (the others are listed as found
 * but not usable). Pure: it reads through a function and returns raw answers with their
 * sources, the files it could not read and the values it could not use.
 */
import { type RawAnswers, checkAnswer } from '../answers/parse.js';
import { type AnswerKey, type Answers, type Author, CATEGORIES, DATA_TYPES, LIBRARIES, QUESTIONS, TASKS } from '../answers/questions.js';
import { HUB_IMAGE } from '../answers/variants.js';
import { migrateV1 } from '../migrate/migrate.js';
import { imageFromDockerUrl } from '../render/links.js';
import {
  DockerfileSyntaxError,
  type DockerfileFacts,
  MAX_DOCKERFILE_BYTES,
  defaultBaseTag,
  dockerfileFacts,
  parseDockerfile,
} from '../module-files/dockerfile.js';
import { withoutCredentials } from '../module-files/git-remote.js';
import { JENKINS_CONSTANTS, MAX_JENKINS_CONSTANTS_BYTES, parseJenkinsConstants } from '../module-files/jenkins-constants.js';
import { METADATA_FILE_NAMES, metadataDate, parseModuleMetadata } from '../module-files/metadata.js';
import { DEEPAAS_GROUP, MAX_PACKAGE_FILE_BYTES, type PackageMetadata } from '../module-files/package-metadata.js';
import { parsePyproject, PYPROJECT, TomlError } from '../module-files/pyproject.js';
import { tooBig } from '../module-files/read-text.js';
import { buildsWithPbr, parseSetupCfg, SETUP_CFG, SETUP_PY } from '../module-files/setup-cfg.js';
import { MAX_VERSION_FILE_BYTES, parseVersionFile, VERSION_FILE } from '../module-files/version-file.js';
import { MAX_FILE_BYTES } from '../validate/load.js';

/** What the git repository says, gathered by the caller (adopt.ts). */
export interface RepositoryFacts {
  /** The origin remote's URL (credentials are stripped again here). */
  remoteUrl?: string;
  /** The first commit's author date, YYYY-MM-DD. */
  firstCommitDate?: string;
  /** The commit authors, the earliest first, each once. */
  authors?: Author[];
  /** Version tags reachable from HEAD, newest first (`v1.2.0` or `1.2.0`). */
  versionTags?: string[];
  /** The file setuptools installs as a dotted module (src/module-files/python-layout.ts), when the files are on disk. */
  locate?: (dotted: string) => string | undefined;
}

export interface Inferred {
  /** Each answer found that satisfies its rule. */
  raw: RawAnswers;
  /** Answer -> where it was read (`ai4-metadata.yml links.source_code`). */
  sources: Partial<Record<AnswerKey, string>>;
  /** Values found that break their answer's rule, each `key (source): problem`, by answer. */
  rejected: { key: AnswerKey; source: string; problem: string }[];
  /** `dates.created`, YYYY-MM-DD, and where it was read. */
  created?: { value: string; source: string };
  /** Files that are there but could not be read, each with why (`file:line: problem`). */
  problems: string[];
}

/** A file's content, or undefined when the module has no such file. */
export type ReadFile = (path: string) => string | Uint8Array | undefined;

const LICENSE_FILES = ['LICENSE', 'LICENSE.txt', 'LICENSE.md'];
/** Licence texts are long, but not this long. */
const MAX_LICENSE_BYTES = 256 * 1024;
const V1_METADATA = 'metadata.json';
const README = 'README.md';

/** The files inference reads, each with the most bytes its reader takes. */
export const EVIDENCE: ReadonlyMap<string, number> = new Map([
  ...METADATA_FILE_NAMES.map((name) => [name, MAX_FILE_BYTES] as const),
  [V1_METADATA, MAX_FILE_BYTES],
  [PYPROJECT, MAX_PACKAGE_FILE_BYTES],
  [SETUP_CFG, MAX_PACKAGE_FILE_BYTES],
  [SETUP_PY, MAX_PACKAGE_FILE_BYTES],
  [VERSION_FILE, MAX_VERSION_FILE_BYTES],
  [JENKINS_CONSTANTS, MAX_JENKINS_CONSTANTS_BYTES],
  ['Dockerfile', MAX_DOCKERFILE_BYTES],
  [README, MAX_PACKAGE_FILE_BYTES],
  ...LICENSE_FILES.map((name) => [name, MAX_LICENSE_BYTES] as const),
]);

/** The kinds of source, in the order believed when an answer has no order of its own. */
const DEFAULT_ORDER = [
  'metadata',
  'metadata.json',
  'package',
  'version tag',
  'VERSION',
  'LICENSE',
  'JenkinsConstants',
  'Dockerfile',
  'README',
  'remote',
  'history',
] as const;
type SourceKind = (typeof DEFAULT_ORDER)[number];
type Key = AnswerKey | 'created';
const PRECEDENCE: Partial<Record<Key, SourceKind[]>> = {
  // The repository is called what its remote calls it; the marketplace link may be stale (a renamed repository).
  repoName: ['remote', 'metadata', 'metadata.json'],
  // What pip installs: a literal version in the packaging, pbr's tag, else the file the packaging reads.
  moduleVersion: ['package', 'version tag', 'VERSION'],
  // The licence text is what applies; a name in the packaging or metadata.json only names it.
  license: ['LICENSE', 'package', 'metadata.json'],
  // The hub builds with JenkinsConstants' tags when both are set, else with the Dockerfile's ARG default.
  baseTag: ['JenkinsConstants', 'Dockerfile'],
  // The git history names authors only when no file does.
  authors: ['package', 'history'],
};

interface Finding {
  key: Key;
  value: unknown;
  kind: SourceKind;
  source: string;
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

/** `https://github.com/org/repo(.git)`, `git@github.com:org/repo.git`, `/srv/git/repo.git` -> base and repository name. */
export function splitRepositoryUrl(url: string): { base: string; repo: string } | undefined {
  const match = /^(.*?)[/:]([^/:]+?)(?:\.git)?\/?$/.exec(withoutCredentials(url.trim()));
  if (!match || match[1] === '' || /^[a-z]+:\/?$/i.test(match[1]!)) return undefined;
  return { base: match[1]!, repo: match[2]! };
}

/**
 * A link that names a git repository (`https://github.com/org/repo`), split; undefined for
 * any other page, such as the platform's dashboard (`https://dashboard.cloud.ai4eosc.eu/
 * marketplace/modules/x`) or a mistyped host. GitLab's groups may nest; elsewhere a
 * repository is `owner/name`.
 */
export function repositoryOfLink(url: string): { base: string; repo: string } | undefined {
  const match = /^(https?:\/\/)([^/?#]+)\/([^?#]+?)(?:\.git)?\/?$/i.exec(withoutCredentials(url.trim()));
  if (!match) return undefined;
  const host = match[2]!.toLowerCase();
  const path = match[3]!.split('/');
  if (!host.includes('.') || /(?:^|\.)(?:dashboard|marketplace)\./.test(host)) return undefined;
  if (path.some((part) => !/^[\w.-]+$/.test(part)) || (path.length !== 2 && !(host.includes('gitlab') && path.length > 2)))
    return undefined;
  return { base: `${match[1]}${match[2]}/${path.slice(0, -1).join('/')}`, repo: path.at(-1)! };
}

function list(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((v): v is string => typeof v === 'string');
  return items.length > 0 ? items : undefined;
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** A Docker image as the metadata names it (`vllm/vllm-openai:latest`, a Docker Hub URL) without its tag. */
function imageWithoutTag(reference: string): string {
  const image = /^https?:/.test(reference) ? (imageFromDockerUrl(reference) ?? reference) : reference;
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  return colon === -1 ? image : image.slice(0, colon);
}

/** `${name}` and `$name` replaced by the ARG defaults before the first FROM; undefined when one has none. */
function withArgDefaults(value: string, facts: DockerfileFacts): string | undefined {
  let unresolved = false;
  const resolved = value.replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
    const arg = facts.globalArgs.get(name)?.value;
    if (arg === undefined) unresolved = true;
    return arg ?? '';
  });
  return unresolved || resolved === '' ? undefined : resolved;
}

/** What ai4-metadata.yml (or metadata.json converted to its shape) says, at `file`. */
function metadataFindings(meta: Record<string, unknown>, file: string, kind: SourceKind): Finding[] {
  const found: Finding[] = [];
  const add = (key: Key, value: unknown, field: string) => {
    if (value !== undefined) found.push({ key, value, kind, source: `${file} ${field}` });
  };
  add('title', text(meta.title), 'title');
  add('summary', text(meta.summary), 'summary');
  add('description', text(meta.description), 'description');
  for (const [key, field] of [
    ['tags', 'tags'],
    ['tasks', 'tasks'],
    ['categories', 'categories'],
    ['libraries', 'libraries'],
    ['dataTypes', 'data-type'],
  ] as const) {
    add(key, list(meta[field]), field);
  }
  const links = record(meta.links);
  const repository = typeof links.source_code === 'string' ? repositoryOfLink(links.source_code) : undefined;
  add('gitBaseUrl', repository?.base, 'links.source_code');
  add('repoName', repository?.repo.toLowerCase(), 'links.source_code');
  const image = text(links.docker_image);
  add('dockerImage', image && imageWithoutTag(image), 'links.docker_image');
  const inference = record(record(meta.resources).inference);
  for (const key of ['cpu', 'gpu', 'memory'] as const) {
    const field = key === 'memory' ? 'memory_MB' : key;
    add(key, typeof inference[field] === 'number' ? inference[field] : undefined, `resources.inference.${field}`);
  }
  add('created', metadataDate(record(meta.dates).created), 'dates.created');
  return found;
}

function packageFindings(pkg: PackageMetadata, facts: RepositoryFacts, problems: string[]): Finding[] {
  const found: Finding[] = [];
  const from = pkg.file;
  const add = (key: Key, value: unknown, source: string) => {
    if (value !== undefined) found.push({ key, value, kind: 'package', source });
  };
  add('distributionName', pkg.name?.value, `${from} name`);
  add('summary', pkg.summary?.value, `${from} ${from === PYPROJECT ? 'description' : 'summary'}`);
  add('moduleVersion', pkg.version?.value, `${from} version`);
  // An author without an address is completed from the commits of the same name, else kept to be refused.
  const byName = new Map((facts.authors ?? []).map((a) => [a.name.toLowerCase(), a.email]));
  const authors = pkg.authors.map(({ name, email }) => ({ name, email: email ?? byName.get(name.toLowerCase()) ?? '' }));
  add('authors', authors.length > 0 ? authors : undefined, `${from} authors`);
  add('license', pkg.license && LICENSE_NAMES[pkg.license.value.toLowerCase()], `${from} license`);
  const entry = pkg.entryPoints.find((e) => e.group === DEEPAAS_GROUP);
  if (entry) {
    const where = `${from} entry point ${entry.name} = ${entry.target}`;
    add('entryPointName', entry.name, where);
    add('entryPointTarget', entry.target, where);
    // The package is the top of the module DEEPaaS imports (not a folder pbr's [files] or the
    // distribution name suggests); where setuptools installs it tells whether it builds at all.
    const module = entry.target.split(':')[0]!.trim();
    const installed = facts.locate?.(module);
    add('packageName', module.split('.')[0], installed ? `${where} (${installed})` : where);
    if (facts.locate && installed === undefined)
      problems.push(
        `${from}${entry.line ? `:${entry.line}` : ''}: the deepaas.v2.model entry point names ${module}, which setuptools would not install from these files`,
      );
  }
  return found;
}

function jenkinsFindings(jenkinsText: string | undefined, hasDockerfile: boolean): Finding[] {
  const jenkins = jenkinsText === undefined ? new Map() : parseJenkinsConstants(jenkinsText);
  const cpu = jenkins.get('base_cpu_tag');
  const gpu = jenkins.get('base_gpu_tag');
  const at = (line: number) => `${JENKINS_CONSTANTS}:${line}`;
  const found: Finding[] = [];
  const add = (key: Key, value: string, source: string) => found.push({ key, value, kind: 'JenkinsConstants', source });
  if (cpu && gpu) {
    add('baseTag', cpu.value, `${at(cpu.line)} base_cpu_tag`);
    // The same tag twice builds one image twice: the module has no GPU image of its own.
    if (gpu.value === cpu.value) add('baseGpuTag', '', `${at(gpu.line)} base_gpu_tag (the same as base_cpu_tag: one image)`);
    else add('baseGpuTag', gpu.value, `${at(gpu.line)} base_gpu_tag`);
  } else if (hasDockerfile) {
    const file = jenkinsText === undefined ? `no ${JENKINS_CONSTANTS}` : `${JENKINS_CONSTANTS} without live base tags`;
    add('baseGpuTag', '', `${file}: the hub builds one image`);
  }
  return found;
}

function dockerfileFindings(dockerfile: string, problems: string[]): Finding[] {
  let facts: DockerfileFacts;
  try {
    facts = dockerfileFacts(parseDockerfile(dockerfile));
  } catch (error) {
    if (!(error instanceof DockerfileSyntaxError)) throw error;
    problems.push(`Dockerfile:${error.line}: Docker cannot parse this: ${error.message}`);
    return [];
  }
  const found: Finding[] = [];
  const tag = defaultBaseTag(facts);
  if (tag)
    found.push({ key: 'baseTag', value: tag.value, kind: 'Dockerfile', source: `Dockerfile:${tag.line} FROM, with the ARG defaults` });
  const image = facts.baseImage && withArgDefaults(facts.baseImage.value, facts);
  if (image) found.push({ key: 'baseImage', value: image, kind: 'Dockerfile', source: `Dockerfile:${facts.baseImage!.line} FROM` });
  return found;
}

/** `# Title` on the README's first heading line, when it is plain text. */
function readmeTitle(readme: string): string | undefined {
  const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(readme)?.[1];
  return heading && !/[[\]<>`*_|]/.test(heading) ? heading : undefined;
}

export function inferAnswers(read: ReadFile, facts: RepositoryFacts = {}): Inferred {
  const problems: string[] = [];
  const found: Finding[] = [];
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
  const metadataOf = (file: string) => {
    const bytes = bytesOf(file);
    if (!bytes) return undefined;
    const metadata = parseModuleMetadata(bytes, file);
    if (!metadata.ok) problems.push(`${metadata.problem} (its answers were not read)`);
    return metadata.ok ? metadata.data : undefined;
  };

  const metadataFile = METADATA_FILE_NAMES.find((name) => read(name) !== undefined);
  const metadata = metadataFile && metadataOf(metadataFile);
  if (metadata) found.push(...metadataFindings(metadata, metadataFile!, 'metadata'));
  const v1 = read(V1_METADATA) !== undefined ? metadataOf(V1_METADATA) : undefined;
  if (v1) {
    const vocabulary = { libraries: LIBRARIES, tasks: TASKS, categories: CATEGORIES, dataTypes: DATA_TYPES };
    found.push(...metadataFindings(migrateV1(v1, vocabulary, '', '').data, V1_METADATA, 'metadata.json'));
    const name = text(v1.license);
    if (name)
      found.push({ key: 'license', value: LICENSE_NAMES[name.toLowerCase()], kind: 'metadata.json', source: `${V1_METADATA} license` });
  }

  const licenseFile = LICENSE_FILES.find((name) => read(name) !== undefined);
  const license = licenseFile && textOf(licenseFile);
  if (licenseFile && license !== undefined)
    found.push({ key: 'license', value: licenseOfText(license), kind: 'LICENSE', source: licenseFile });

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
  const setupCfgText = textOf(SETUP_CFG);
  const setupCfg = setupCfgText === undefined ? undefined : parseSetupCfg(setupCfgText);
  if (setupCfg) packages.push(setupCfg);
  for (const pkg of packages) found.push(...packageFindings(pkg, facts, problems));
  // pbr takes the version from the newest tag; VERSION is not read by pbr.
  const pbr = buildsWithPbr(setupCfg, textOf(SETUP_PY));
  const tag = pbr ? facts.versionTags?.find((t) => /^v?\d+\.\d+\.\d+$/.test(t)) : undefined;
  if (tag) found.push({ key: 'moduleVersion', value: tag.replace(/^v/, ''), kind: 'version tag', source: `git tag ${tag} (pbr)` });
  const version = textOf(VERSION_FILE);
  const versionLine = version === undefined ? undefined : parseVersionFile(version)?.value;
  if (versionLine) found.push({ key: 'moduleVersion', value: versionLine, kind: 'VERSION', source: VERSION_FILE });

  const dockerfile = textOf('Dockerfile');
  found.push(...jenkinsFindings(textOf(JENKINS_CONSTANTS), dockerfile !== undefined));
  if (dockerfile !== undefined) found.push(...dockerfileFindings(dockerfile, problems));
  // A child has no packaging of its own and runs its parent's image.
  const image = found.find((f) => f.key === 'baseImage');
  if (image && HUB_IMAGE.test(image.value as string) && pyproject === undefined && setupCfgText === undefined) {
    found.push({
      key: 'variant',
      value: 'child',
      kind: 'Dockerfile',
      source: `${image.source} ${image.value as string}, no ${PYPROJECT} or ${SETUP_CFG}`,
    });
  }

  const readme = textOf(README);
  if (readme !== undefined) found.push({ key: 'title', value: readmeTitle(readme), kind: 'README', source: `${README} heading` });

  const remote = facts.remoteUrl ? splitRepositoryUrl(facts.remoteUrl) : undefined;
  if (remote) {
    found.push({ key: 'gitBaseUrl', value: remote.base, kind: 'remote', source: 'git remote origin' });
    found.push({ key: 'repoName', value: remote.repo.toLowerCase(), kind: 'remote', source: 'git remote origin' });
  }
  if (facts.firstCommitDate) found.push({ key: 'created', value: facts.firstCommitDate, kind: 'history', source: 'the first commit' });
  if (facts.authors?.length) found.push({ key: 'authors', value: facts.authors, kind: 'history', source: 'git history (commit authors)' });

  return choose(found, problems);
}

/** For each answer, the first value in its order of sources that its rule accepts. */
function choose(found: Finding[], problems: string[]): Inferred {
  const usable = found.filter((f) => f.value !== undefined && f.value !== null);
  const ordered = (key: Key) => {
    const order = PRECEDENCE[key] ?? DEFAULT_ORDER;
    return usable.filter((f) => f.key === key).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  };
  const inferred: Inferred = { raw: {}, sources: {}, rejected: [], problems };
  const answers: Partial<Answers> = {};
  for (const q of QUESTIONS) {
    for (const finding of ordered(q.key)) {
      const checked = checkAnswer(q, finding.value, answers);
      if ('problem' in checked) {
        inferred.rejected.push({ key: q.key, source: finding.source, problem: checked.problem });
        continue;
      }
      Object.assign(answers, { [q.key]: checked.value });
      inferred.raw[q.key] = finding.value;
      inferred.sources[q.key] = finding.source;
      break;
    }
  }
  const created = ordered('created')[0];
  if (created) inferred.created = { value: created.value as string, source: created.source };
  return inferred;
}

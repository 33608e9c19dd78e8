/**
 * The one definition of every answer a module is made from. Prompts, command-line flags,
 * the answers file, the answers stored in `.yo-rc.json`, `update --set` and validation all
 * read this list; nothing else lists the questions.
 */
import { LATEST_SCHEMA_VERSION, bundledSchema } from '../schemata.js';
import { packageNameFromRepo, pythonPackageProblem, slugify, titleFromDirectory } from './derive.js';
import { FRAMEWORKS, FRAMEWORK_PRESETS, type FrameworkId, frameworkPreset, presetOfImage } from './presets.js';
import { HUB_IMAGE, VARIANTS, type VariantId } from './variants.js';
import { closestChoice } from '../closest.js';

export interface Author {
  name: string;
  email: string;
}

export const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'AGPL-3.0-only', 'GPL-3.0-only', 'none'] as const;
export type LicenseId = (typeof LICENSES)[number];

/** The marketplace vocabularies are the enumerations of the latest metadata schema. */
const schema = bundledSchema(LATEST_SCHEMA_VERSION) as { properties: Record<string, { items: { enum: string[] } }> };
export const LIBRARIES: readonly string[] = schema.properties.libraries.items.enum;
export const TASKS: readonly string[] = schema.properties.tasks.items.enum;
export const CATEGORIES: readonly string[] = schema.properties.categories.items.enum;
export const DATA_TYPES: readonly string[] = schema.properties['data-type'].items.enum;

export interface Answers {
  title: string;
  repoName: string;
  packageName: string;
  /** `[project] name` of pyproject.toml: the distribution pip installs. */
  distributionName: string;
  /** The `deepaas.v2.model` entry point: its member name (DEEPaaS's model name) and its target, `module[:attr]`. */
  entryPointName: string;
  entryPointTarget: string;
  summary: string;
  description: string;
  moduleVersion: string;
  authors: Author[];
  license: LicenseId;
  variant: VariantId;
  framework: FrameworkId;
  gitBaseUrl: string;
  dockerImage: string;
  /** For a child, the parent module's image (`ai4oshub/<name>`). */
  baseImage: string;
  baseTag: string;
  /** Empty when no GPU image is built. */
  baseGpuTag: string;
  libraries: string[];
  tasks: string[];
  categories: string[];
  dataTypes: string[];
  tags: string[];
  cpu: number;
  /** Memory for inference, in MB. */
  memory: number;
  gpu: number;
}

export type AnswerKey = keyof Answers;

/** What a default may look at besides earlier answers: facts about where the tool runs. */
export interface DefaultsContext {
  /** Base name of the target directory. */
  directoryName: string;
  /** `user.name` / `user.email` from git's configuration, when set. */
  gitUser?: Author;
}

/** How a value is typed in: one line of text, a whole number, a list, or authors. */
export type ValueKind = 'text' | 'integer' | 'list' | 'authors';

interface QuestionOf<K extends AnswerKey> {
  key: K;
  kind: ValueKind;
  /** The command-line flag, when it is not the external key (`--author`, repeatable). */
  flag?: string;
  /** The prompt, and the line in `--help`. */
  message: string;
  /** Asked in the first round; the others only when the user asks for advanced settings. */
  essential: boolean;
  /**
   * Never asked: the default follows from other answers (given after them), so only a flag,
   * the answers file or a module's own files (adopt) set another value.
   */
  derived?: true;
  /** Fixed set of allowed values (lists: of each item). */
  choices?: readonly string[];
  /** Values offered first in the prompt, free text still allowed. */
  suggestions?: readonly string[];
  default?: (answers: Partial<Answers>, context: DefaultsContext) => Answers[K] | undefined;
  /** How to give the answer when there is no default, if not just by its flag. */
  whenMissing?: string;
  /** The rule the value breaks, in words, or undefined when it is valid. */
  validate: (value: Answers[K], answers: Partial<Answers>) => string | undefined;
}

export type Question = { [K in AnswerKey]: QuestionOf<K> }[AnswerKey];

const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** Line breaks for YAML 1.1 (PyYAML, the hub) that JavaScript and most editors do not show as such. */
const YAML_LINE_BREAK = /[\u0085\u2028\u2029]/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
/** The longest address SMTP carries (RFC 5321, 4.5.3.1.3); checked before EMAIL, which is quadratic in the length. */
const MAX_EMAIL = 254;
/** Docker's reference grammar: optional registry host, lower-case path components, no tag. */
const DOCKER_REPOSITORY =
  /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** https/http/ssh/git/file URLs, scp-like `git@host:org`, or an absolute path (bare repos on disk). */
/** PEP 508's name, which pip and setuptools accept as a distribution name. */
const DISTRIBUTION_NAME = /^(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/;
/** The names the entry-point specification recommends; DEEPaaS also puts it in its URLs (/v2/models/<name>/). */
const ENTRY_POINT_NAME = /^[\w.-]+$/;
const DOTTED_IDENTIFIER = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*';
/** An object reference as `importlib.metadata` resolves it: `module.path` or `module.path:attr.path`. */
const ENTRY_POINT_TARGET = new RegExp(`^${DOTTED_IDENTIFIER}(?::${DOTTED_IDENTIFIER})?$`);
const GIT_BASE = /^(?:(?:https?|ssh|git|file):\/\/\S+|[\w.-]+@[\w.-]+:\S+|\/\S*)$/;

function text(value: string, { max, multiline = false }: { max: number; multiline?: boolean }) {
  if (value.trim() === '') return 'must not be empty';
  const lineBreak = multiline ? null : YAML_LINE_BREAK.exec(value);
  if (lineBreak) {
    const code = lineBreak[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `must be a single line: it holds U+${code}, a line break in YAML (ai4-metadata.yml); write a space instead`;
  }
  if (!multiline && !ONE_LINE.test(value)) return 'must be a single line without control characters';
  if (value.length > max) return `must be at most ${max} characters (it has ${value.length})`;
  return undefined;
}

/** What the metadata schema allows for `resources.inference`: a whole number, 0 or more (the platform clamps it to what it offers). */
function resource(value: number) {
  return Number.isSafeInteger(value) && value >= 0 ? undefined : 'must be a whole number, 0 or more (as the metadata schema has it)';
}

function list(values: string[], { min, choices }: { min: number; choices?: readonly string[] }) {
  if (values.length < min) return min === 1 ? 'needs at least one value' : `needs at least ${min} values`;
  const duplicate = values.find((v, i) => values.indexOf(v) !== i);
  if (duplicate !== undefined) return `lists "${duplicate}" twice`;
  for (const value of values) {
    if (choices && !choices.includes(value)) return notAChoice(value, choices);
    const problem = text(value, { max: 60 });
    if (problem) return `"${value}" ${problem}`;
  }
  return undefined;
}

function notAChoice(value: string, choices: readonly string[]): string {
  const close = closestChoice(value, choices);
  const hint = close ? ` Did you mean "${close}"?` : '';
  return `"${value}" is not one of: ${choices.join(', ')}.${hint}`;
}

/** The preset whose tags a base image takes: the framework's, or the one its image belongs to. */
function presetTags(a: Partial<Answers>) {
  if (a.variant === 'child') return undefined;
  const chosen = frameworkPreset(a.framework ?? 'none');
  return chosen.image === a.baseImage ? chosen : presetOfImage(a.baseImage);
}

function question<K extends AnswerKey>(q: QuestionOf<K>): QuestionOf<K> {
  return q;
}

export const QUESTIONS: readonly Question[] = [
  question({
    key: 'title',
    kind: 'text',
    message: 'Title of the module (shown in the marketplace)',
    essential: true,
    default: (_, context) => titleFromDirectory(context.directoryName) || undefined,
    whenMissing: 'pass --title, or name the DIRECTORY to create (the title is made from its name)',
    validate: (v) => text(v, { max: 80 }),
  }),
  question({
    key: 'repoName',
    kind: 'text',
    message: 'Repository name',
    essential: false,
    default: (a) => (a.title ? slugify(a.title) || undefined : undefined),
    validate: (v) =>
      /^[a-z0-9][a-z0-9-]*$/.test(v) && v.length <= 100
        ? undefined
        : 'must match ^[a-z0-9][a-z0-9-]*$ (lower-case letters, digits and -, at most 100)',
  }),
  question({
    key: 'packageName',
    kind: 'text',
    message: 'Python package name',
    essential: false,
    default: (a) => (a.repoName ? packageNameFromRepo(a.repoName) : undefined),
    // Capped as the repository name is: both become file and directory names.
    validate: (v) => (v.length > 100 ? `must be at most 100 characters (it has ${v.length})` : pythonPackageProblem(v)),
  }),
  question({
    key: 'distributionName',
    kind: 'text',
    message: 'Python distribution name ([project] name in pyproject.toml)',
    essential: false,
    derived: true,
    default: (a) => a.repoName,
    validate: (v) =>
      DISTRIBUTION_NAME.test(v) && v.length <= 100
        ? undefined
        : 'must be a Python distribution name (PEP 508): letters, digits, . _ -, starting and ending with a letter or digit, at most 100',
  }),
  question({
    key: 'entryPointName',
    kind: 'text',
    message: 'Name of the deepaas.v2.model entry point (the model name in DEEPaaS URLs)',
    essential: false,
    derived: true,
    default: (a) => a.packageName,
    validate: (v) =>
      ENTRY_POINT_NAME.test(v) && v.length <= 100 ? undefined : 'must be letters, digits, _ . - (an entry point name), at most 100',
  }),
  question({
    key: 'entryPointTarget',
    kind: 'text',
    message: 'Target of the deepaas.v2.model entry point, module.path or module.path:attr',
    essential: false,
    derived: true,
    default: (a) => (a.packageName ? `${a.packageName}.api` : undefined),
    validate: (v) =>
      ENTRY_POINT_TARGET.test(v) && v.length <= 200
        ? undefined
        : 'must be module.path or module.path:attr, each part a Python identifier (as importlib.metadata resolves an entry point)',
  }),
  question({
    key: 'summary',
    kind: 'text',
    message: 'Summary (one line)',
    essential: true,
    default: (a) => (a.title ? `${a.title}, served with DEEPaaS on the AI4OS platform` : undefined),
    validate: (v) => text(v, { max: 200 }),
  }),
  question({
    key: 'description',
    kind: 'text',
    message: 'Description (Markdown)',
    essential: true,
    default: (a) => a.summary,
    validate: (v) => text(v, { max: 5000, multiline: true }),
  }),
  question({
    key: 'moduleVersion',
    kind: 'text',
    message: 'Version of the module',
    essential: false,
    default: () => '0.1.0',
    validate: (v) => (SEMVER.test(v) ? undefined : 'must be a version X.Y.Z, such as 0.1.0'),
  }),
  question({
    key: 'authors',
    kind: 'authors',
    flag: 'author',
    message: 'Authors, as Name <email>, separated by commas',
    essential: true,
    default: (_, context) => (context.gitUser ? [context.gitUser] : undefined),
    validate: (authors) => {
      if (authors.length === 0) return 'needs at least one author, as "Name <email>"';
      for (const { name, email } of authors) {
        const problem = text(name, { max: 100 });
        if (problem) return `author name "${name}" ${problem}`;
        if (/[<>]/.test(name)) return `author name "${name}" must not contain < or >`;
        if (email.length > MAX_EMAIL)
          return `the email address of ${name} has ${email.length} characters; an address has at most ${MAX_EMAIL}`;
        if (!EMAIL.test(email)) return `"${email}" is not an email address (author ${name})`;
      }
      return undefined;
    },
  }),
  question({
    key: 'license',
    kind: 'text',
    message: 'Licence (SPDX id)',
    essential: true,
    choices: LICENSES,
    default: () => 'MIT' as const,
    validate: (v) => (LICENSES.includes(v) ? undefined : notAChoice(v, LICENSES)),
  }),
  question({
    key: 'variant',
    kind: 'text',
    message: "Kind of module (minimal: a Python package; advanced: with schemas, formats, checkpoints; child: FROM a hub module's image)",
    essential: true,
    choices: VARIANTS,
    default: () => 'minimal' as const,
    validate: (v) => (VARIANTS.includes(v) ? undefined : notAChoice(v, VARIANTS)),
  }),
  question({
    key: 'framework',
    kind: 'text',
    message: 'Framework (sets the base image, its CPU and GPU tags, libraries and requirements)',
    essential: true,
    choices: FRAMEWORKS,
    // A module made before this question: the framework its base image belongs to.
    default: (a) => (a.variant === 'child' ? 'none' : (presetOfImage(a.baseImage)?.id ?? 'none')),
    validate: (v, a) => {
      if (!FRAMEWORKS.includes(v)) return notAChoice(v, FRAMEWORKS);
      if (a.variant === 'child' && v !== 'none') return 'must be none for a child module (it runs the framework of its parent image)';
      return undefined;
    },
  }),
  question({
    key: 'gitBaseUrl',
    kind: 'text',
    message: 'Git base URL (the repository is <base>/<repo>.git)',
    essential: false,
    default: () => 'https://github.com/ai4os-hub',
    validate: (v) =>
      GIT_BASE.test(v) && !v.endsWith('/')
        ? undefined
        : 'must be a URL (https://, ssh://, git@host:org, file://) or an absolute path, without a trailing /',
  }),
  question({
    key: 'dockerImage',
    kind: 'text',
    message: 'Docker image (without tag)',
    essential: false,
    default: (a) => (a.repoName ? `ai4oshub/${a.repoName}` : undefined),
    validate: (v) => (DOCKER_REPOSITORY.test(v) ? undefined : 'must be a Docker repository such as ai4oshub/my-model (lower case, no tag)'),
  }),
  question({
    key: 'baseImage',
    kind: 'text',
    message: "Base Docker image (for a child module: the parent module's image, ai4oshub/<name>)",
    essential: false,
    suggestions: [...new Set(FRAMEWORK_PRESETS.map((p) => p.image))],
    default: (a) => (a.variant === 'child' ? undefined : frameworkPreset(a.framework ?? 'none').image),
    whenMissing: 'a child module names its parent: pass --base-image ai4oshub/<name> (and --base-tag)',
    validate: (v, a) => {
      if (a.variant === 'child') {
        return HUB_IMAGE.test(v) ? undefined : 'must be the image of a hub module, ai4oshub/<name>, for a child module';
      }
      return DOCKER_REPOSITORY.test(v) ? undefined : 'must be a Docker repository such as python or tensorflow/tensorflow (no tag)';
    },
  }),
  question({
    key: 'baseTag',
    kind: 'text',
    message: 'Tag of the base image for CPU',
    essential: false,
    default: (a) => presetTags(a)?.cpuTag ?? 'latest',
    validate: (v) => (DOCKER_TAG.test(v) ? undefined : 'must be a Docker tag: letters, digits, _ . -, at most 128'),
  }),
  question({
    key: 'baseGpuTag',
    kind: 'text',
    message: 'Tag of the base image for GPU (empty: no GPU image)',
    essential: false,
    default: (a) => presetTags(a)?.gpuTag ?? '',
    validate: (v, a) => {
      if (v !== '' && !DOCKER_TAG.test(v)) return 'must be empty or a Docker tag: letters, digits, _ . -';
      if (v !== '' && v === a.baseTag) return `must differ from base-tag (${v}), or be empty: the hub would build the same image twice`;
      return undefined;
    },
  }),
  question({
    key: 'libraries',
    kind: 'list',
    message: 'Libraries the model uses',
    essential: true,
    choices: LIBRARIES,
    default: (a) => [...frameworkPreset(a.framework ?? 'none').libraries],
    validate: (v) => list(v, { min: 1, choices: LIBRARIES }),
  }),
  question({
    key: 'tasks',
    kind: 'list',
    message: 'Tasks the model performs',
    essential: true,
    choices: TASKS,
    default: () => ['Other'],
    validate: (v) => list(v, { min: 1, choices: TASKS }),
  }),
  question({
    key: 'categories',
    kind: 'list',
    message: 'Marketplace categories',
    essential: true,
    choices: CATEGORIES,
    default: () => ['AI4 trainable'],
    validate: (v) => list(v, { min: 1, choices: CATEGORIES }),
  }),
  question({
    key: 'dataTypes',
    kind: 'list',
    message: 'Types of data the model takes',
    essential: true,
    choices: DATA_TYPES,
    default: () => ['Other'],
    validate: (v) => list(v, { min: 0, choices: DATA_TYPES }),
  }),
  question({
    key: 'tags',
    kind: 'list',
    message: 'Tags (comma-separated)',
    essential: true,
    default: () => ['deep learning'],
    validate: (v) => list(v, { min: 1 }),
  }),
  question({
    key: 'cpu',
    kind: 'integer',
    message: 'CPU cores for inference',
    essential: false,
    default: () => 1,
    validate: resource,
  }),
  question({
    key: 'memory',
    kind: 'integer',
    message: 'Memory for inference, in MB',
    essential: false,
    default: () => 4000,
    validate: resource,
  }),
  question({
    key: 'gpu',
    kind: 'integer',
    message: 'GPUs for inference',
    essential: false,
    default: () => 0,
    validate: resource,
  }),
];

/** `repoName` -> `repo-name`: the spelling of a key in flags, answers files and `.yo-rc.json`. */
export function externalKey(key: AnswerKey): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function flagName(q: Question): string {
  return q.flag ?? externalKey(q.key);
}

export function questionFor(externalName: string): Question | undefined {
  return QUESTIONS.find((q) => externalKey(q.key) === externalName);
}

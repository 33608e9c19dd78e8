/**
 * Warnings: what the reference validator lets pass but a person or the platform would trip
 * on. They never change the verdict unless `--strict`.
 * - keys the schema does not know (with the key it probably meant), except those the
 *   official templates write (`links.ai4_template`);
 * - malformed URLs, dates and DOIs (`format`, which the reference never checks);
 * - required text or lists that are empty;
 * - a `metadata_version` other than the schema version the file was checked against;
 * - what the platform needs beyond the schema: `links.source_code` on GitHub under ai4os,
 *   ai4os-hub or deephdc (the platform API refuses other sources), and `links.docker_image`;
 * - duplicate keys (the later one wins) and keys YAML reads as something other than text.
 */
import { closestChoice } from '../closest.js';
import { SCHEMA_VERSIONS } from '../schemata.js';
import { finding } from './errors-to-findings.js';
import type { Finding } from './findings.js';
import type { Loaded } from './load.js';
import { pointerOf } from './source.js';

type SchemaNode = Record<string, unknown>;

export interface WarningContext {
  loaded: Loaded;
  file: string;
  /** The schema the file was checked against. */
  schema: unknown;
  /** Its version, when it is a bundled one. */
  version?: string;
  /** Other bundled versions the file is checked against too (a module: the hub's and the platform's). */
  alsoChecked?: readonly string[];
}

/** Where the platform API accepts source code from (else it serves an "invalid metadata" placeholder). */
export const PLATFORM_SOURCE_ORGS: readonly string[] = ['ai4os', 'ai4os-hub', 'deephdc'];

/** Keys the official templates (ai4-template, ai4-cookiecutter-adv and -child) write, which no schema lists. */
const TEMPLATE_KEYS = new Set(['/links/ai4_template']);

export function metadataWarnings(context: WarningContext): Finding[] {
  const { loaded, file } = context;
  const warnings: Finding[] = [];
  let unlisted = 0;
  // A hint may be a function: only worked out for warnings that are listed.
  const warn: Warn = (rule, pointer, message, hint, at = 'value') => {
    if (warnings.length >= MAX_LISTED) {
      unlisted++;
      return;
    }
    warnings.push(
      finding({
        severity: 'warning',
        rule,
        message,
        hint: typeof hint === 'function' ? hint() : hint,
        file,
        source: loaded.source,
        pointer,
        at,
      }),
    );
  };
  try {
    collectWarnings(context, warn);
  } finally {
    if (unlisted > 0) warnings.push({ severity: 'warning', rule: 'limits', message: `…and ${unlisted} more warnings, not listed`, file });
  }
  return warnings;
}

/** Findings listed per file and kind; a file with more is broken in bulk, and says so. */
export const MAX_LISTED = 200;

function collectWarnings(context: WarningContext, warn: Warn): void {
  const { loaded } = context;

  for (const note of loaded.notes) {
    const first = loaded.source.position(note.first?.start ?? 0).line;
    if (note.kind === 'duplicate-key')
      warn('duplicate-key', note.pointer, `appears twice (first on line ${first}); this later value wins`, 'Remove one of them.', 'key');
    else
      warn(
        'non-string-key',
        note.pointer,
        'YAML reads this key as something other than text (a number, boolean, date or null)',
        'Quote the key.',
        'key',
      );
  }

  const root = context.schema;
  // A key YAML reads as a number or a boolean is reported as that, not again as unknown.
  // So is a v1 key in a v2 file, which the schema's `not` already reports as an error.
  const nonString = new Set([
    ...loaded.notes.filter((note) => note.kind === 'non-string-key').map((note) => note.pointer),
    ...bannedKeys(context.schema).map((key) => pointerOf([key])),
  ]);
  const warnUnlessNonString: Warn = (rule, pointer, ...rest) => {
    if (rule !== 'unknown-key' || !(nonString.has(pointer) || TEMPLATE_KEYS.has(pointer))) warn(rule, pointer, ...rest);
  };
  if (typeof root === 'object' && root !== null) walk(root as SchemaNode, root as SchemaNode, loaded.value, [], warnUnlessNonString);

  const data = loaded.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
  const record = data as Record<string, unknown>;
  const declared = record.metadata_version;
  const checked = context.version ? [context.version, ...(context.alsoChecked ?? [])].sort() : [];
  if (context.version && typeof declared === 'string' && !checked.includes(declared)) {
    warn(
      'metadata-version',
      '/metadata_version',
      `is ${declared}, but the file was checked against schema${checked.length > 1 ? 's' : ''} ${checked.join(' and ')}`,
      (SCHEMA_VERSIONS as readonly string[]).includes(declared) && checked.length === 1
        ? `Check it against its own version with --metadata-version ${declared}, or set metadata_version to ${context.version}.`
        : `Set metadata_version to ${checked.at(-1)}${(SCHEMA_VERSIONS as readonly string[]).includes(declared) ? '' : ` (there is no schema ${declared})`}.`,
    );
  }
  if (context.version?.startsWith('2.') || (!context.version && 'links' in record)) platformWarnings(record, warn);
}

/** Top-level keys the schema forbids (`not: {anyOf: [{required: [...]}]}`). */
function bannedKeys(schema: unknown): string[] {
  const not = (schema as { not?: { anyOf?: { required?: unknown }[] } } | null)?.not;
  return (not?.anyOf ?? []).flatMap((branch) =>
    Array.isArray(branch.required) ? branch.required.filter((k): k is string => typeof k === 'string') : [],
  );
}

type Warn = (rule: string, pointer: string, message: string, hint?: string | (() => string | undefined), at?: 'value' | 'key') => void;

function platformWarnings(record: Record<string, unknown>, warn: Warn): void {
  const links = record.links;
  if (links === null || typeof links !== 'object' || Array.isArray(links)) return;
  const { source_code: source, docker_image: image } = links as Record<string, unknown>;
  if (typeof source === 'string' && source !== '') {
    const org = /^https:\/\/github\.com\/([^/]+)\/[^/]+?(?:\.git)?\/?$/i.exec(source)?.[1];
    if (!org || !PLATFORM_SOURCE_ORGS.includes(org.toLowerCase())) {
      warn(
        'platform/source-code',
        '/links/source_code',
        'is not on GitHub under ai4os, ai4os-hub or deephdc: the platform API shows only a placeholder for a module from elsewhere',
        'Use https://github.com/ai4os-hub/<repository> once the module is moved there.',
      );
    }
  }
  if (image === undefined) {
    warn(
      'platform/docker-image',
      '/links',
      'has no docker_image: the platform needs it to deploy the module',
      'Add links.docker_image: ai4oshub/<repository>',
      'key',
    );
  } else if (typeof image === 'string' && !/^[a-z0-9][a-z0-9._-]*$/.test(image.split('/')[1] ?? '')) {
    // The platform API deploys the image `links.docker_image` names, with its own organisation
    // (ai4oshub, or deephdc) and the tag the user picks (ai4os/ai4-papi, catalog modules' config).
    warn(
      'platform/docker-image',
      '/links/docker_image',
      `the platform API takes the image's name from the second "/"-separated part of this value and adds the tag itself, but that part is ${JSON.stringify(image.split('/')[1] ?? '')}`,
      `Write it as the platform's modules do: ${imageReference(image)}`,
    );
  }
}

/** Follows `properties`, `items` and local `$ref`s of the schema along the data. */
function walk(root: SchemaNode, schema: SchemaNode, data: unknown, path: string[], warn: Warn, depth = 0): void {
  if (depth > 32) return;
  const node = resolve(root, schema);
  if (!node) return;
  const pointer = pointerOf(path);
  if (typeof node.format === 'string' && typeof data === 'string') formatWarning(node.format, data, pointer, warn);
  if (data === null || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    const items = node.items;
    if (items && typeof items === 'object' && !Array.isArray(items)) {
      for (const [index, item] of data.entries()) walk(root, items as SchemaNode, item, [...path, String(index)], warn, depth + 1);
    }
    return;
  }
  const properties = node.properties as Record<string, SchemaNode> | undefined;
  if (!properties || typeof properties !== 'object') return;
  const record = data as Record<string, unknown>;
  const known = Object.keys(properties);
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  for (const key of Object.keys(record)) {
    if (key in properties) {
      walk(root, properties[key]!, record[key], [...path, key], warn, depth + 1);
      continue;
    }
    warn(
      'unknown-key',
      pointerOf([...path, key]),
      'is not a key the schema knows here; it is ignored',
      () => {
        const missing = known.filter((name) => !(name in record));
        const close =
          closestChoice(key, missing.length > 0 ? missing : known) ??
          known.find((name) => name.toLowerCase().startsWith(`${key.toLowerCase()}_`));
        return close ? `Did you mean "${close}"?` : `Known keys: ${known.join(', ')}.`;
      },
      'key',
    );
  }
  for (const key of required) {
    const value = record[key];
    if (value === '' || (Array.isArray(value) && value.length === 0)) {
      warn('empty', pointerOf([...path, key]), 'is required but empty', 'Fill it in: the marketplace shows it.');
    }
  }
}

function resolve(root: SchemaNode, schema: SchemaNode): SchemaNode | undefined {
  let node: unknown = schema;
  for (let hops = 0; hops < 8 && typeof node === 'object' && node !== null && typeof (node as SchemaNode).$ref === 'string'; hops++) {
    const ref = (node as SchemaNode).$ref as string;
    if (!ref.startsWith('#')) return undefined;
    node = ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .reduce<unknown>(
        (at, part) =>
          at && typeof at === 'object' ? (at as SchemaNode)[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')] : undefined,
        root,
      );
  }
  return typeof node === 'object' && node !== null ? (node as SchemaNode) : undefined;
}

/** `ai4oshub/name` from a Docker Hub URL, a registry URL or a reference. */
function imageReference(value: string): string {
  return value.replace(/^https?:\/\/(?:hub\.docker\.com\/(?:r\/|_\/)?)?/, '').replace(/\/+$/, '');
}

function formatWarning(format: string, value: string, pointer: string, warn: Warn): void {
  // The platform wants an image reference here (see platformWarnings), not a URL.
  if (pointer === '/links/docker_image') return;
  switch (format) {
    case 'uri':
      if (!isUri(value))
        warn('format/uri', pointer, `is not a full URL: ${JSON.stringify(value)}`, 'Write a complete URL such as https://…');
      break;
    case 'uri-reference':
      if (/\s/.test(value)) warn('format/uri-reference', pointer, 'is not a valid URL reference (it contains spaces)');
      break;
    case 'date':
      if (!isDate(value)) warn('format/date', pointer, `is not a date in the form YYYY-MM-DD: ${JSON.stringify(value)}`);
      break;
    case 'doi':
      if (!/^10\.\d{4,9}\/\S+$/.test(value))
        warn('format/doi', pointer, `is not a DOI such as 10.5281/zenodo.1234567: ${JSON.stringify(value)}`);
      break;
  }
}

export function isUri(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(value)) return false;
  if (!/^https?:/i.test(value)) return true;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

export function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/**
 * v1 metadata (`metadata.json` of DEEP modules) to the latest v2, as `ai4-metadata migrate`
 * does, but with values the v2 schema accepts: enumerations spelled as the schema spells
 * them (the reference writes `Scikit-Learn`, then fails its own check), the DOI where v2
 * has it, and no crash on values of unexpected types. Pure: data in, data and notes out.
 */
import { pyValueInfo } from '../validate/python/py-values.js';

export interface Vocabulary {
  libraries: readonly string[];
  tasks: readonly string[];
  categories: readonly string[];
  dataTypes: readonly string[];
}

export interface Migration {
  data: Record<string, unknown>;
  /** What the user should look at: dropped keys, empty lists to fill in. */
  notes: string[];
}

/** Keywords that name an enumeration value in other words. */
const ALIASES: Record<keyof Vocabulary, Record<string, string>> = {
  libraries: { tf: 'TensorFlow', torch: 'PyTorch', sklearn: 'Scikit-learn', 'scikit learn': 'Scikit-learn' },
  tasks: {
    nlp: 'Natural Language Processing',
    'image classification': 'Computer Vision',
    'object detection': 'Computer Vision',
    'image segmentation': 'Computer Vision',
    'time-series': 'Time Series',
    timeseries: 'Time Series',
    'anomaly-detection': 'Anomaly Detection',
  },
  categories: {
    trainable: 'AI4 trainable',
    inference: 'AI4 inference',
    'pre-trained': 'AI4 pre trained',
    pretrained: 'AI4 pre trained',
    'pre trained': 'AI4 pre trained',
    tool: 'AI4 tools',
    tools: 'AI4 tools',
  },
  dataTypes: { images: 'Image', texts: 'Text', 'time-series': 'Time Series', timeseries: 'Time Series', sound: 'Audio' },
};

const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .map(text)
    .filter((s): s is string => s !== undefined && s.trim() !== '');

/** The enumeration values named by the keywords, each once, in keyword order. */
function pick(keywords: string[], allowed: readonly string[], aliases: Record<string, string>): string[] {
  const byLower = new Map(allowed.map((value) => [value.toLowerCase(), value]));
  const out: string[] = [];
  for (const keyword of keywords) {
    const lower = keyword.toLowerCase().trim();
    const value = byLower.get(lower) ?? aliases[lower];
    if (value && allowed.includes(value) && !out.includes(value)) out.push(value);
  }
  return out;
}

export function migrateV1(v1: unknown, vocabulary: Vocabulary, today: string, latestVersion: string): Migration {
  const source = record(v1);
  const sources = record(source.sources);
  const notes: string[] = [];
  const keywords = strings(source.keywords);
  const description = Array.isArray(source.description) ? strings(source.description).join('\n') : (text(source.description) ?? '');

  const links: Record<string, string> = {};
  const link = (key: string, value: unknown) => {
    const s = text(value);
    if (s) links[key] = s;
  };
  link('source_code', sources.code);
  link('docker_image', sources.docker_registry_repo);
  link('zenodo_doi', sources.zenodo_doi);
  link('weights', sources.pre_trained_weights);
  link('dataset', source.dataset_url);
  link('citation', source.cite_url);
  link('ai4_template', sources.ai4_template);

  const categories = pick(keywords, vocabulary.categories, ALIASES.categories);
  // As the reference does: an inference module is also pre-trained.
  if (
    categories.includes('AI4 inference') &&
    !categories.includes('AI4 pre trained') &&
    vocabulary.categories.includes('AI4 pre trained')
  ) {
    categories.push('AI4 pre trained');
  }
  const data: Record<string, unknown> = {
    metadata_version: latestVersion,
    title: text(source.title) ?? '',
    summary: text(source.summary) ?? '',
    description,
  };
  const doi = text(source.doi)?.replace(/^https?:\/\/(?:dx\.)?doi\.org\//, '');
  if (doi) data.doi = doi;
  data.dates = { created: dateText(source.date_creation) ?? today, updated: today };
  data.links = links;
  data.tags = [...new Set(keywords)];
  data.tasks = pick(keywords, vocabulary.tasks, ALIASES.tasks);
  data.categories = categories;
  data.libraries = pick(keywords, vocabulary.libraries, ALIASES.libraries);
  const dataTypes = pick(keywords, vocabulary.dataTypes, ALIASES.dataTypes);
  if (dataTypes.length > 0) data['data-type'] = dataTypes;

  for (const key of ['title', 'summary', 'description'] as const) {
    if (data[key] === '') notes.push(`${key} is empty: the v1 file had none.`);
  }
  if (!links.source_code) notes.push('links.source_code is missing: the v1 file had no sources.code.');
  for (const key of ['tasks', 'categories', 'libraries'] as const) {
    if ((data[key] as string[]).length === 0) notes.push(`${key} is empty: no keyword named one; choose from the schema's list.`);
  }
  if (source.license !== undefined) notes.push('license was dropped: v2 metadata has no licence field (the LICENSE file says it).');
  if (source.tosca !== undefined) notes.push('tosca was dropped: v2 metadata does not describe deployments.');
  if (sources.dockerfile_repo !== undefined)
    notes.push('sources.dockerfile_repo was dropped: v2 keeps the Dockerfile in the source repository.');
  if (source.training_files_url !== undefined) notes.push('training_files_url was dropped: v2 has no such link.');
  return { data, notes };
}

/** A date as text (v1 files written as YAML may hold a real date). */
function dateText(value: unknown): string | undefined {
  const s = text(value) ?? (pyValueInfo(value)?.kind === 'date' ? pyValueInfo(value)!.text : undefined);
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined;
}

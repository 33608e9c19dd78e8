/**
 * Migrations between template versions, in order. Each is a pure function, on the stored
 * answers (external keys, before they are read) or on files (texts in, changed texts out),
 * and belongs to the template version that made the change: updating a module from
 * template A to B runs those with A < version <= B. File migrations are applied to both the
 * old template output (the base) and the owner's files, so the 3-way merge compares like
 * with like and a moved key or a renamed file carries the owner's edits along.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { compareVersions } from './version.js';

/** Changes a file migration makes: new text, or null to delete the file. */
export type FileChanges = Record<string, string | null>;

export interface Migration {
  /** Template version that brings the change. */
  version: string;
  id: string;
  /** One line, shown when the migration changes something. */
  summary: string;
  /** Rewrite the stored answers (external keys, as in `.yo-rc.json`). */
  answers?: (stored: Record<string, unknown>) => Record<string, unknown>;
  /** Files the migration reads (module paths); `files` gets each, undefined when absent. */
  reads?: string[];
  files?: (texts: Record<string, string | undefined>) => FileChanges;
}

/** What applying a migration needs: one of MIGRATIONS, or the move `update --adopt-layout` asks for (layout.ts). */
export type MigrationStep = Pick<Migration, 'id' | 'summary' | 'reads' | 'files'>;

/** A file renamed by a template version: moved unless the owner already has the new one. */
export function renameFile(from: string, to: string): Pick<Migration, 'reads' | 'files'> {
  return {
    reads: [from, to],
    files: (texts) => {
      const text = texts[from];
      if (text === undefined || texts[to] !== undefined) return {};
      return { [from]: null, [to]: text };
    },
  };
}

/** `8GB` or `4000MB` to megabytes; numbers stay. The platform counts decimal megabytes (8000 = 8 GB). */
function megabytes(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([GM])B?\s*$/i.exec(value) : null;
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (match[2]!.toUpperCase() === 'G' ? 1000 : 1));
}

/**
 * `resources.inference.memory` becomes `memory_MB`, an integer in MB, the key the metadata
 * schemas 2.1.0 and later define (schemata/). The text is edited in place at the key's and value's source
 * offsets, so comments, order and quoting of the owner's file stay as they were.
 */
export function metadataMemoryInMegabytes(text: string): string {
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length > 0) return text;
  const inference = doc.getIn(['resources', 'inference'], true);
  if (!isMap(inference) || inference.has('memory_MB')) return text;
  const pair = inference.items.find((item) => isScalar(item.key) && item.key.value === 'memory');
  if (!pair || !isScalar(pair.key) || !pair.key.range) return text;
  const edits: Array<{ from: number; to: number; text: string }> = [{ from: pair.key.range[0], to: pair.key.range[1], text: 'memory_MB' }];
  const mb = isScalar(pair.value) ? megabytes(pair.value.value) : undefined;
  if (isScalar(pair.value) && pair.value.range && mb !== undefined && typeof pair.value.value !== 'number') {
    edits.push({ from: pair.value.range[0], to: pair.value.range[1], text: String(mb) });
  }
  return edits.sort((a, b) => b.from - a.from).reduce((out, edit) => out.slice(0, edit.from) + edit.text + out.slice(edit.to), text);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: '1.0.0',
    id: 'answer-data-types',
    summary: 'the answer data-type is now data-types',
    answers: (stored) => {
      if (!('data-type' in stored) || 'data-types' in stored) return stored;
      const { 'data-type': dataTypes, ...rest } = stored;
      return { ...rest, 'data-types': dataTypes };
    },
  },
  {
    version: '1.0.0',
    id: 'tests-renamed',
    summary: 'tests/test_deepaas.py is now tests/test_api.py',
    ...renameFile('tests/test_deepaas.py', 'tests/test_api.py'),
  },
  {
    version: '1.0.0',
    id: 'metadata-memory-mb',
    summary: 'ai4-metadata.yml: resources.inference.memory is now memory_MB',
    reads: ['ai4-metadata.yml'],
    files: (texts): FileChanges => {
      const text = texts['ai4-metadata.yml'];
      if (text === undefined) return {};
      const migrated = metadataMemoryInMegabytes(text);
      return migrated === text ? {} : { 'ai4-metadata.yml': migrated };
    },
  },
  {
    version: '1.2.0',
    id: 'gpu-tag-differs',
    summary: 'base-gpu-tag equal to base-tag is now empty: the hub built the same image twice (the old PyTorch preset)',
    answers: (stored) =>
      stored['base-gpu-tag'] !== undefined && stored['base-gpu-tag'] === stored['base-tag'] ? { ...stored, 'base-gpu-tag': '' } : stored,
  },
];

/** Migrations for an update from template `from` to `to`, in the order they must run. */
export function migrationsBetween(from: string, to: string, all: readonly Migration[] = MIGRATIONS): Migration[] {
  return all
    .filter((m) => compareVersions(m.version, from) > 0 && compareVersions(m.version, to) <= 0)
    .map((m, index) => ({ m, index }))
    .sort((a, b) => compareVersions(a.m.version, b.m.version) || a.index - b.index)
    .map(({ m }) => m);
}

/** The stored answers after every answer migration, in order. */
export function migrateAnswers(stored: Record<string, unknown>, migrations: readonly Migration[]): Record<string, unknown> {
  return migrations.reduce((answers, m) => (m.answers ? m.answers(answers) : answers), stored);
}

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MIGRATIONS, type Migration, metadataMemoryInMegabytes, migrateAnswers, migrationsBetween } from '../../src/update/migrations.js';

const byId = (id: string): Migration => MIGRATIONS.find((m) => m.id === id)!;

describe('migrationsBetween', () => {
  const all: Migration[] = [
    { version: '1.2.0', id: 'c', summary: '' },
    { version: '1.0.0', id: 'a', summary: '' },
    { version: '1.1.0', id: 'b', summary: '' },
    { version: '1.0.0', id: 'a2', summary: '' },
  ];
  it('runs those after the old version up to the new one, by version then as listed', () => {
    expect(migrationsBetween('0.9.0', '1.1.0', all).map((m) => m.id)).toEqual(['a', 'a2', 'b']);
    expect(migrationsBetween('1.0.0', '1.2.0', all).map((m) => m.id)).toEqual(['b', 'c']);
    expect(migrationsBetween('1.2.0', '1.2.0', all)).toEqual([]);
  });
  it('runs the 1.0.0 migrations from 0.9.0 and none from 1.0.0', () => {
    expect(migrationsBetween('0.9.0', '1.0.0').map((m) => m.id)).toEqual(['answer-data-types', 'tests-renamed', 'metadata-memory-mb']);
    expect(migrationsBetween('1.0.0', '1.0.0')).toEqual([]);
  });
});

describe('1.0.0/answer-data-types', () => {
  it('renames the stored answer and leaves the rest', () => {
    const stored = { title: 'T', 'data-type': ['Image'], _template: '0.9.0' };
    expect(migrateAnswers(stored, [byId('answer-data-types')])).toEqual({ title: 'T', 'data-types': ['Image'], _template: '0.9.0' });
  });
  it('keeps data-types when both are there', () => {
    const stored = { 'data-type': ['Image'], 'data-types': ['Text'] };
    expect(migrateAnswers(stored, [byId('answer-data-types')])).toBe(stored);
  });
});

describe('1.0.0/tests-renamed', () => {
  const { files } = byId('tests-renamed');
  it('moves tests/test_deepaas.py to tests/test_api.py', () => {
    expect(files!({ 'tests/test_deepaas.py': 'x = 1\n', 'tests/test_api.py': undefined })).toEqual({
      'tests/test_deepaas.py': null,
      'tests/test_api.py': 'x = 1\n',
    });
  });
  it('does nothing when the new name is taken or the old file gone', () => {
    expect(files!({ 'tests/test_deepaas.py': 'a', 'tests/test_api.py': 'b' })).toEqual({});
    expect(files!({ 'tests/test_deepaas.py': undefined, 'tests/test_api.py': undefined })).toEqual({});
  });
});

describe('1.0.0/metadata-memory-mb', () => {
  const text = [
    'title: My model  # shown in the marketplace',
    'resources:',
    '  inference:',
    '    cpu: 2',
    '    memory: "8GB"   # RAM',
    '    gpu: 0',
    'tags: [a]',
    '',
  ].join('\n');
  it('renames the key in place, converting units, keeping comments and order', () => {
    const migrated = metadataMemoryInMegabytes(text);
    expect(migrated).toBe(text.replace('memory: "8GB"', 'memory_MB: 8000'));
    expect(parse(migrated).resources.inference).toEqual({ cpu: 2, memory_MB: 8000, gpu: 0 });
  });
  it('keeps a number as it is, and leaves files without the old key alone', () => {
    expect(metadataMemoryInMegabytes('resources:\n  inference:\n    memory: 4000\n')).toBe(
      'resources:\n  inference:\n    memory_MB: 4000\n',
    );
    for (const same of ['resources:\n  inference:\n    memory_MB: 4000\n', 'title: x\n', 'a: [unclosed\n']) {
      expect(metadataMemoryInMegabytes(same)).toBe(same);
    }
  });
  it('is a file migration of ai4-metadata.yml', () => {
    const migration = byId('metadata-memory-mb');
    expect(migration.files!({ 'ai4-metadata.yml': text })).toEqual({ 'ai4-metadata.yml': metadataMemoryInMegabytes(text) });
    expect(migration.files!({ 'ai4-metadata.yml': undefined })).toEqual({});
  });
});

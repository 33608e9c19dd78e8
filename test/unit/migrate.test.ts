/** v1 → v2 as data: the schema's spellings, the DOI in its place, nothing thrown on odd input. */
import { describe, expect, it } from 'vitest';
import { migrateV1, type Vocabulary } from '../../src/migrate/migrate.js';
import { bundledSchema } from '../../src/validate/schemas.js';
import { pyValue } from '../../src/validate/python/py-values.js';

const schema = bundledSchema('2.3.0') as { properties: Record<string, { items: { enum: string[] } }> };
const VOCABULARY: Vocabulary = {
  libraries: schema.properties.libraries!.items.enum,
  tasks: schema.properties.tasks!.items.enum,
  categories: schema.properties.categories!.items.enum,
  dataTypes: schema.properties['data-type']!.items.enum,
};
const migrate = (v1: unknown) => migrateV1(v1, VOCABULARY, '2026-11-26', '2.3.0');

describe('migrateV1', () => {
  it('spells enumeration values as the schema does, from keywords in any case or alias', () => {
    const { data } = migrate({
      keywords: ['Scikit-Learn', 'sklearn', 'TENSORFLOW', 'torch', 'nlp', 'Trainable', 'inference', 'images', 'docker'],
    });
    expect(data).toMatchObject({
      libraries: ['Scikit-learn', 'TensorFlow', 'PyTorch'],
      tasks: ['Natural Language Processing'],
      categories: ['AI4 trainable', 'AI4 inference', 'AI4 pre trained'],
      'data-type': ['Image'],
      tags: ['Scikit-Learn', 'sklearn', 'TENSORFLOW', 'torch', 'nlp', 'Trainable', 'inference', 'images', 'docker'],
    });
  });

  it('moves links and the DOI where v2 has them, and keeps lines of the description', () => {
    const { data } = migrate({
      title: 'T',
      description: ['line one', 'line two'],
      doi: 'https://doi.org/10.5281/zenodo.1',
      date_creation: '2020-01-02',
      dataset_url: 'https://data',
      cite_url: 'https://cite',
      sources: {
        code: 'https://github.com/deephdc/x',
        docker_registry_repo: 'deephdc/x',
        pre_trained_weights: 'https://w',
        zenodo_doi: 'https://z',
      },
    });
    expect(data).toMatchObject({
      description: 'line one\nline two',
      doi: '10.5281/zenodo.1',
      dates: { created: '2020-01-02', updated: '2026-11-26' },
      links: {
        source_code: 'https://github.com/deephdc/x',
        docker_image: 'deephdc/x',
        weights: 'https://w',
        zenodo_doi: 'https://z',
        dataset: 'https://data',
        citation: 'https://cite',
      },
    });
  });

  it('takes a YAML date and survives values of any type', () => {
    expect(migrate({ date_creation: pyValue('date', '2021-03-04') }).data.dates).toEqual({ created: '2021-03-04', updated: '2026-11-26' });
    for (const odd of [null, 'text', 7, [], { sources: 5, keywords: { a: 1 }, description: [1, null, 'x'], title: ['a'] }]) {
      expect(() => migrate(odd)).not.toThrow();
    }
    const { data, notes } = migrate({ description: [1, null, 'x'], keywords: [3, 'keras'] });
    expect(data).toMatchObject({ description: '1\nx', libraries: ['Keras'], tags: ['3', 'keras'] });
    expect(notes).toContain('title is empty: the v1 file had none.');
  });
});

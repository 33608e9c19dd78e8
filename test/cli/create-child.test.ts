/**
 * A child module's parent, read from the platform's catalog (a loopback fake of its catalog
 * routes, test/deploy/support/fake-papi.ts) or, offline, from the local copy kept the last
 * time: its metadata gives the child's defaults; without either, creation goes on as before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OFFLINE, tempDir } from '../support/cli.js';
import { FakePapi } from '../deploy/support/fake-papi.js';
import { cli } from '../deploy/support/run.js';

const PARENT = 'ai4os-audio-classification-tf';
const METADATA = {
  metadata_version: '2.0.0',
  title: 'Audio classifier',
  summary: 'Classify audio files with TensorFlow',
  description: 'Long text',
  libraries: ['TensorFlow', 'Keras'],
  // "Audio classification" is not of the latest vocabulary: left out.
  tasks: ['Classification', 'Audio classification'],
  categories: ['AI4 pre trained', 'AI4 inference'],
  'data-type': ['Audio'],
  tags: ['deep learning', 'audio classification'],
  links: { source_code: `https://github.com/ai4os-hub/${PARENT}`, docker_image: `ai4oshub/${PARENT}` },
};
const FROM_PARENT = {
  libraries: ['TensorFlow', 'Keras'],
  tasks: ['Classification'],
  categories: ['AI4 pre trained', 'AI4 inference'],
  'data-types': ['Audio'],
  tags: ['deep learning', 'audio classification'],
};
const USUAL = { libraries: ['Other'], tasks: ['Other'], categories: ['AI4 trainable'], 'data-types': ['Other'], tags: ['deep learning'] };

let papi: FakePapi;
let cwd: string;
let cache: string;
beforeEach(async () => {
  papi = await new FakePapi().start();
  papi.catalog.set(PARENT, METADATA);
  cwd = tempDir('ai4os-child-');
  cache = tempDir('ai4os-cache-');
});
afterEach(() => papi.stop());

function createChild(name: string, api: string, ...more: string[]) {
  const args = ['new', name, '--yes', '--no-git', '--variant', 'child', '--base-image', `ai4oshub/${PARENT}`, '--base-tag', 'cpu'];
  return cli([...args, '--author', 'Jane Doe <jane@uni.eu>', ...more], cwd, { AI4OS_API: api, XDG_CACHE_HOME: cache });
}

const stored = (name: string) => JSON.parse(readFileSync(join(cwd, name, '.yo-rc.json'), 'utf8'))['create-ai4os-module'];

describe('a child module and its parent in the catalog', () => {
  it("takes libraries, tasks, categories, data types and tags from the parent's metadata; a given answer wins", async () => {
    const run = await createChild('birds', papi.url, '--tags', 'birds');
    expect(run.status, run.stderr).toBe(0);
    expect(papi.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/catalog/modules/${PARENT}/metadata`]);
    expect(run.stderr).toContain(`Parent ai4oshub/${PARENT}: Audio classifier (metadata from the platform's catalog).`);
    expect(stored('birds')).toMatchObject({ ...FROM_PARENT, tags: ['birds'] });
    const metadata = readFileSync(join(cwd, 'birds', 'ai4-metadata.yml'), 'utf8');
    expect(metadata).toMatch(/^libraries:\n {2}- TensorFlow\n {2}- Keras\n/m);
    expect(metadata).toMatch(new RegExp(`^ {2}base_model: https://github\\.com/ai4os-hub/${PARENT}$`, 'm'));
  });

  it('offline, reads the local copy kept when the catalog was last read; without one, takes the usual defaults', async () => {
    const withoutCopy = await createChild('first', OFFLINE.AI4OS_API!);
    expect(withoutCopy.status, withoutCopy.stderr).toBe(0);
    expect(withoutCopy.stderr).toMatch(
      new RegExp(
        `^Note: ai4oshub/${PARENT}: the platform's catalog could not be read \\([^\\n]*\\), and there is no local copy of its metadata; its metadata gives no defaults\\.$`,
        'm',
      ),
    );
    expect(stored('first')).toMatchObject(USUAL);

    expect((await createChild('online', papi.url)).status).toBe(0);
    expect(existsSync(join(cache, 'ai4os-module', 'catalog', `${PARENT}.json`))).toBe(true);
    const offline = await createChild('offline', OFFLINE.AI4OS_API!);
    expect(offline.status, offline.stderr).toBe(0);
    expect(offline.stderr).toContain(`Parent ai4oshub/${PARENT}: Audio classifier (metadata from the local copy of the catalog).`);
    expect(stored('offline')).toMatchObject(FROM_PARENT);
  });

  it('says so when the catalog has no such module, and creates the child with the usual defaults', async () => {
    papi.catalog.clear();
    const run = await createChild('orphan', papi.url);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Note: ai4oshub/${PARENT}: the platform's catalog has no module "${PARENT}"`);
    expect(stored('orphan')).toMatchObject(USUAL);
  });

  it('asks the catalog nothing for a module that is not a child', async () => {
    const run = await cli(['new', 'plain', '--yes', '--no-git', '--author', 'Jane Doe <jane@uni.eu>'], cwd, {
      AI4OS_API: papi.url,
      XDG_CACHE_HOME: cache,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(papi.requests).toEqual([]);
  });
});

/**
 * Same verdicts as the reference: our `validate` and `ai4-metadata validate` 2.4.2 (the test
 * venv) give the same exit code for every file and every schema version. The files: the
 * reference's own examples, the metadata of every generated module (the answer matrix), and
 * some 1000 mutated files (test/validate/support/corpus.ts).
 *
 * Runs are few: ours takes all files in one process per version (`--format json` gives each
 * file's code); the reference takes many files per process but stops at the first it cannot
 * load (exit 2/4), so such a file costs a process of its own. Starting Python is what costs:
 * the files are compared in chunks of CHUNK_SIZE, one test each, so that no test runs for
 * minutes, and the reference runs on a whole chunk at a time. The reference loads a file
 * before it reads the schema (`validate_file` → `load_file`, then `validate_json`), so a file
 * that fails to load (exit 2) fails so for every version: those are run once, with the
 * default version; files it crashed on (exit 4) are run again for each version.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { metadataDocument } from '../../src/render/metadata.js';
import { renderModule } from '../../src/render/render.js';
import { answersWith, MATRIX } from '../support/answers.js';
import { mutatedCorpus, referenceInstances, type CorpusFile } from '../validate/support/corpus.js';
import { pool, referenceVerdicts, run, runReference } from '../validate/support/reference.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const VERSIONS = ['2.3.0', '2.2.0', '2.1.0', '2.0.0', '1.0.0'];
const CHUNK_SIZE = 100;

/** Every file compared: the reference's examples, each generated module's metadata, the mutated corpus. */
async function corpusFiles(): Promise<{ files: CorpusFile[]; corpusSize: number }> {
  const generated: Record<string, unknown>[] = [];
  const own: CorpusFile[] = [];
  for (const [label, raw] of Object.entries(MATRIX)) {
    const answers = await answersWith(raw);
    generated.push(metadataDocument(answers, '2026-11-26'));
    // The file exactly as a generated module has it.
    own.push({
      name: `module-${label.replace(/\W+/g, '_')}.yml`,
      content: renderModule({ answers, created: '2026-11-26', generatorVersion: '9.9.9' }).get('ai4-metadata.yml')!,
    });
  }
  const corpus = mutatedCorpus(generated);
  const instances = referenceInstances().map(({ name, path }) => ({
    name: `reference/${name.replace('/', '-')}`,
    content: readFileSync(path),
  }));
  return { files: [...instances, ...own, ...corpus], corpusSize: corpus.length };
}

// Built while the tests are collected, so that each chunk can be a test of its own.
const { files: corpus, corpusSize } = await corpusFiles();
const files = corpus.map((f) => f.name);
const chunks: [string, string[]][] = [];
for (let i = 0; i < files.length; i += CHUNK_SIZE) {
  const chunk = files.slice(i, i + CHUNK_SIZE);
  chunks.push([`${i + 1}-${i + chunk.length} of ${files.length}`, chunk]);
}

let dir: string;
/** Our exit code for each file, by schema version. */
const ours = new Map<string, Map<string, number>>();

async function ourVerdicts(names: string[], version: string): Promise<Map<string, number>> {
  const result = await run(process.execPath, [CLI, 'validate', '--format', 'json', '--metadata-version', version, ...names], dir);
  if (!result.stdout.trim()) throw new Error(`validate printed nothing (exit ${result.code}): ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { files: { target: string; exitCode: number }[] };
  return new Map(report.files.map((f) => [f.target, f.exitCode]));
}

function describeMismatch(name: string, ours: number | undefined, reference: number | undefined, version: string): string {
  const content = readFileSync(join(dir, name));
  const shown = content.length > 600 ? `${content.subarray(0, 600).toString('utf8')}…` : content.toString('utf8');
  return `${name} (--metadata-version ${version}): ours exit ${ours}, reference exit ${reference}\nfile: ${join(dir, name)}\n----\n${shown}\n----`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ai4os-differential-'));
  mkdirSync(join(dir, 'reference'));
  for (const file of corpus) writeFileSync(join(dir, file.name), file.content);
  const limit = pool(2);
  await Promise.all(VERSIONS.map(async (version) => ours.set(version, await limit(() => ourVerdicts(files, version)))));
});

describe('validate gives the verdicts of ai4-metadata validate 2.4.2', () => {
  it('on more than 500 mutated files', () => {
    expect(corpusSize).toBeGreaterThan(500);
  });

  it.each(chunks)('for every schema version, on files %s (one exit code each)', async (_, chunk) => {
    const limit = pool(2);
    const mismatches: string[] = [];
    const compare = (reference: Map<string, number>, version: string) => {
      const mine = ours.get(version)!;
      for (const name of chunk) {
        if (mine.get(name) !== reference.get(name)) mismatches.push(describeMismatch(name, mine.get(name), reference.get(name), version));
      }
    };
    const [latest, ...others] = VERSIONS;
    const referenceLatest = await referenceVerdicts(chunk, dir, ['--metadata-version', latest!], limit);
    compare(referenceLatest, latest!);
    const loaded = chunk.filter((name) => referenceLatest.get(name) !== 2);
    const unloadable = chunk.filter((name) => referenceLatest.get(name) === 2);
    await Promise.all(
      others.map(async (version) => {
        // The versions run side by side: one run after another within each is enough.
        const reference = await referenceVerdicts(loaded, dir, ['--metadata-version', version], limit, 1);
        for (const name of unloadable) reference.set(name, 2);
        compare(reference, version);
      }),
    );
    expect(mismatches, mismatches.join('\n\n')).toEqual([]);
  });

  it('exits as the reference does, as a whole process, for single files', async () => {
    const sample = [
      'reference/valid-sample-v2.mods.yaml',
      'reference/invalid-invalid.json',
      ...files.filter((f) => /truncate-3|scalar-created-date\.yaml|scalar-created-bad-date\.yaml|json-nan-cpu/.test(f)).slice(0, 5),
      'missing.yml',
    ];
    for (const name of sample) {
      const [ours, reference] = await Promise.all([run(process.execPath, [CLI, 'validate', name], dir), runReference([name], dir)]);
      expect(ours.code, `${name}: ${ours.stdout}${ours.stderr}`).toBe(reference.code);
    }
  });
});

/**
 * Same verdicts as the reference: our `validate` and `ai4-metadata validate` 2.4.2 (the test
 * venv) give the same exit code for every file and every schema version. The files: the
 * reference's own examples, the metadata of every generated module (the answer matrix), and
 * some 900 mutated files (test/validate/support/corpus.ts).
 *
 * Runs are few: ours takes all files in one process per version (`--format json` gives each
 * file's code); the reference takes many files per process but stops at the first it cannot
 * load (exit 2/4), so such a file costs a process of its own. The reference loads a file
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

let dir: string;
let files: string[];
let corpusSize: number;

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
  const generated: Record<string, unknown>[] = [];
  const own: CorpusFile[] = [];
  for (const [label, raw] of Object.entries(MATRIX)) {
    const answers = await answersWith(raw);
    generated.push(metadataDocument(answers, '2026-11-26'));
    // The file exactly as a generated module has it.
    own.push({ name: `module-${label.replace(/\W+/g, '_')}.yml`, content: renderModule({ answers, created: '2026-11-26', generatorVersion: '9.9.9' }).get('ai4-metadata.yml')! });
  }
  const corpus = mutatedCorpus(generated);
  corpusSize = corpus.length;
  mkdirSync(join(dir, 'reference'));
  const instances = referenceInstances().map(({ name, path }) => ({ name: `reference/${name.replace('/', '-')}`, content: readFileSync(path) }));
  for (const file of [...instances, ...own, ...corpus]) writeFileSync(join(dir, file.name), file.content);
  files = [...instances, ...own, ...corpus].map((f) => f.name);
}, 120_000);

describe('validate gives the verdicts of ai4-metadata validate 2.4.2', () => {
  it('on more than 500 mutated files', () => {
    expect(corpusSize).toBeGreaterThan(500);
  });

  it(
    'for every file and every schema version (one exit code each)',
    async () => {
      const limit = pool(2);
      const mismatches: string[] = [];
      const compare = (names: string[], ours: Map<string, number>, reference: Map<string, number>, version: string) => {
        for (const name of names) {
          if (ours.get(name) !== reference.get(name)) mismatches.push(describeMismatch(name, ours.get(name), reference.get(name), version));
        }
      };
      const [latest, ...others] = VERSIONS;
      const [oursLatest, referenceLatest] = await Promise.all([ourVerdicts(files, latest!), referenceVerdicts(files, dir, ['--metadata-version', latest!], limit)]);
      compare(files, oursLatest, referenceLatest, latest!);
      const loaded = files.filter((name) => referenceLatest.get(name) !== 2);
      const unloadable = files.filter((name) => referenceLatest.get(name) === 2);
      await Promise.all(
        others.map(async (version) => {
          const [ours, reference] = await Promise.all([ourVerdicts(files, version), referenceVerdicts(loaded, dir, ['--metadata-version', version], limit)]);
          for (const name of unloadable) reference.set(name, 2);
          compare(files, ours, reference, version);
        }),
      );
      expect(mismatches, mismatches.join('\n\n')).toEqual([]);
    },
    900_000,
  );

  it('exits as the reference does, as a whole process, for single files', async () => {
    const sample = ['reference/valid-sample-v2.mods.yaml', 'reference/invalid-invalid.json', ...files.filter((f) => /truncate-3|scalar-created-date\.yaml|scalar-created-bad-date\.yaml|json-nan-cpu/.test(f)).slice(0, 5), 'missing.yml'];
    for (const name of sample) {
      const [ours, reference] = await Promise.all([run(process.execPath, [CLI, 'validate', name], dir), runReference([name], dir)]);
      expect(ours.code, `${name}: ${ours.stdout}${ours.stderr}`).toBe(reference.code);
    }
  }, 120_000);
});

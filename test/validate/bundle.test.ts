/**
 * `validate` must not load Yeoman, prompts or git helpers (what a command loads is what its
 * start costs, and pre-commit and CI run it on every commit): the chunks it
 * can reach in dist/ (static imports, and the dynamic ones it makes: validators, the
 * run-time compiler, module checks) hold none of those packages.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { metadataDocument } from '../../src/render/metadata.js';
import { compileSchema } from '../../src/validate/compile.js';
import { loadMetadataText, type Loaded } from '../../src/validate/load.js';
import { bundledSchema, SCHEMA_VERSIONS } from '../../src/validate/schemas.js';
import { answersWith } from '../support/answers.js';
import { mutatedCorpus } from './support/corpus.js';

interface Meta {
  outputs: Record<
    string,
    { entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }
  >;
}

const meta = (): Meta => JSON.parse(readFileSync(new URL('../../dist/meta.json', import.meta.url), 'utf8')) as Meta;
const FORBIDDEN = /node_modules\/(?:yeoman-[^/]+|@inquirer\/[^/]+|inquirer|simple-git|execa|ejs|mem-fs[^/]*)\//;

function reachable(outputs: Meta['outputs'], start: string, follow: (kind: string) => boolean): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const { path, kind, external } of outputs[queue.shift()!]?.imports ?? []) {
      if (!external && follow(kind) && !seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  return [...seen];
}

describe('the bundle', () => {
  it.each([['src/validate/command.ts'], ['src/migrate/command.ts']])('loads nothing of Yeoman, prompts or git helpers for %s', (entry) => {
    const { outputs } = meta();
    const chunk = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === entry);
    expect(chunk, `a chunk for ${entry}`).toBeDefined();
    const chunks = reachable(outputs, chunk!, () => true);
    const inputs = chunks.flatMap((path) => Object.keys(outputs[path]!.inputs));
    expect(inputs.filter((input) => FORBIDDEN.test(input))).toEqual([]);
    expect(inputs.some((input) => input.includes('node_modules/yaml/'))).toBe(true);
  });

  it("starts validate without ajv's compiler: the command chunk reaches it only by dynamic import", () => {
    const { outputs } = meta();
    const chunk = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'src/validate/command.ts')!;
    const statically = reachable(outputs, chunk, (kind) => kind === 'import-statement').flatMap((path) =>
      Object.keys(outputs[path]!.inputs),
    );
    expect(statically.filter((input) => /node_modules\/(?:ajv|@cdktf)\//.test(input))).toEqual([]);
  });

  it('carries precompiled validators that judge as the run-time compiler does', async () => {
    const { outputs } = meta();
    const corpus = mutatedCorpus([metadataDocument(await answersWith({}), '2026-11-26')], { extra: 60, characters: 0 });
    const loaded = corpus
      .map((file) => loadMetadataText(typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content))
      .filter((l): l is Loaded => 'value' in l);
    for (const version of SCHEMA_VERSIONS) {
      const chunk = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === `ai4os-precompiled-validator:validator-v${version}`);
      expect(chunk, version).toBeDefined();
      const precompiled = (
        (await import(pathToFileURL(new URL(`../../${chunk}`, import.meta.url).pathname).href)) as { default: ValidateFunction }
      ).default;
      const runtime = compileSchema(bundledSchema(version) as object);
      for (const { value } of loaded) {
        const verdicts = [precompiled, runtime].map((validate) => [
          validate(value),
          (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`),
        ]);
        expect(verdicts[0]).toEqual(verdicts[1]);
      }
    }
  });
});

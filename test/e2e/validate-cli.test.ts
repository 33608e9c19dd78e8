/** `ai4os-module validate` and `migrate` as a user runs them (the built bin). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runBin, tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';
import { runReference } from '../validate/support/reference.js';

const SCHEMATA = new URL('../fixtures/ai4-metadata/', import.meta.url).pathname;
const INSTANCES = new URL('../fixtures/ai4-metadata/instances/', import.meta.url).pathname;
const validate = (cwd: string, ...args: string[]) => runBin('cli', ['validate', ...args], { cwd });

function moduleDir(): string {
  const cwd = tempDir();
  const created = runBin('create', ['my-model', '--yes', '--author', 'Jane Doe <jane@uni.eu>', '--no-git'], { cwd });
  expect(created.status, created.stderr).toBe(0);
  return join(cwd, 'my-model');
}

describe('ai4os-module validate', () => {
  it('checks ./ai4-metadata.yml by default, and says when there is none', () => {
    const dir = moduleDir();
    const ok = validate(dir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("✓ 'ai4-metadata.yml' is valid for version 2.3.0");
    const none = validate(tempDir());
    expect(none.status).toBe(2);
    expect(none.stdout).toContain("File 'ai4-metadata.yml' not found.");
  });

  it('passes a freshly generated module as a directory (the warnings are template issues, reported)', () => {
    const run = validate(moduleDir(), '.');
    expect(run.status, run.stdout).toBe(0);
    const rules = [...run.stdout.matchAll(/warning: /g)].length;
    expect(run.stdout).toContain("the module checks of '.' (a DEEPaaS module) pass");
    expect(rules).toBeLessThanOrEqual(2);
  });

  it('takes --metadata-version, -q and --strict; refuses an unknown version or flag like the reference (exit 2)', () => {
    const dir = moduleDir();
    expect(validate(dir, '--metadata-version', '1.0.0').status).toBe(1);
    expect(validate(dir, '-q').stdout).toBe('');
    writeFileSync(join(dir, 'extra.yml'), `${readFileSync(join(dir, 'ai4-metadata.yml'), 'utf8')}sata-type: [Image]\n`);
    expect(validate(dir, 'extra.yml').status).toBe(0);
    expect(validate(dir, '--strict', 'extra.yml').status).toBe(1);
    const version = validate(dir, '--metadata-version', '3.0.0');
    expect(version.status).toBe(2);
    expect(version.stderr).toContain("'3.0.0' is not one of 2.3.0, 2.2.0, 2.1.0, 2.0.0, 1.0.0");
    const flag = validate(dir, '--formt', 'json');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('Did you mean --format?');
  });

  it('writes GitHub annotations with --format github', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'ai4-metadata.yml'),
      readFileSync(join(INSTANCES, 'valid/sample-v2.mods.yaml'), 'utf8').replace('- TensorFlow', '- Tensorflow'),
    );
    const run = validate(dir, '--format', 'github');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^::error file=ai4-metadata\.yml,line=16,col=5,endColumn=15,title=ai4os-module validate%3A enum::libraries\[0\]: "Tensorflow" is not one of the allowed values; did you mean "TensorFlow"\?/m,
    );
    expect(run.stdout).toMatch(/^::warning file=ai4-metadata\.yml,line=40,col=5,/m);
  });

  it('gives the exit code of the reference for several files: the first it cannot load wins', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yml'), 'title: [x]\n');
    writeFileSync(join(dir, 'broken.yml'), 'title: "x\n');
    for (const files of [
      ['bad.yml', 'missing.yml'],
      ['broken.yml', 'bad.yml'],
      ['bad.yml', 'bad.yml'],
    ]) {
      const reference = await runReference(files, dir);
      expect(validate(dir, ...files).status, files.join(' ')).toBe(reference.code);
    }
  });

  it('gives the exit code of the reference for --schema files (missing, not JSON, not a schema, a directory)', async () => {
    const dir = tempDir();
    const file = join(INSTANCES, 'valid/sample-v2.mods.json');
    writeFileSync(
      join(dir, 'custom.json'),
      JSON.stringify({ type: 'object', required: ['title'], properties: { title: { type: 'string', pattern: '^DEEP' } } }),
    );
    writeFileSync(join(dir, 'false.json'), 'false');
    writeFileSync(join(dir, 'null.json'), 'null');
    writeFileSync(join(dir, 'list.json'), '[]');
    writeFileSync(join(dir, 'yaml.json'), 'type: object\n');
    writeFileSync(join(dir, 'bad-schema-uri.json'), '{"$schema": 5}');
    mkdirSync(join(dir, 'folder'));
    const schemas = [
      'custom.json',
      'false.json',
      'null.json',
      'list.json',
      'yaml.json',
      'bad-schema-uri.json',
      'missing.json',
      'folder',
      join(SCHEMATA, 'ai4-apps-v1.0.0.json.invalid'),
      join(INSTANCES, 'invalid/invalid.json'),
      join(SCHEMATA, 'ai4-apps-v2.1.0.pkg-v2.3.0.json'),
    ];
    for (const schema of schemas) {
      const reference = await runReference(['--schema', schema, file], dir);
      expect(validate(dir, '--schema', schema, file).status, schema).toBe(reference.code);
    }
  });
});

describe('hostile input', () => {
  it('ends with a clear error: a 50 MB file, an alias bomb, deep nesting', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'huge.yml'), '');
    truncateSync(join(dir, 'huge.yml'), 50 * 1024 * 1024);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of [...'bcdefghi'].entries()) bomb.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
    writeFileSync(join(dir, 'bomb.yml'), `${bomb.join('\n')}\n`);
    writeFileSync(join(dir, 'deep.json'), `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    writeFileSync(join(dir, 'deep.yml'), `a: ${'{b: '.repeat(5000)}1${'}'.repeat(5000)}\n`);
    for (const [file, message] of [
      ['huge.yml', /'huge.yml' is larger than 1 MiB, the limit for a metadata file: it is not read/],
      ['bomb.yml', /Aliases would expand this document by more than 100000 values/],
      ['deep.json', /Nested more than 981 levels deep/],
      ['deep.yml', /Nested more than 486 levels deep/],
    ] as const) {
      const run = validate(dir, file);
      expect(run.status, run.stdout + run.stderr).toBe(4);
      expect(run.stdout).toMatch(message);
    }
  });
});

describe('ai4os-module migrate', () => {
  it("turns the v1 sample into YAML the reference accepts, with the schema's spellings", async () => {
    const dir = tempDir();
    const v1 = JSON.parse(readFileSync(join(INSTANCES, 'invalid/sample-v1.mods.json'), 'utf8'));
    v1.keywords = [...v1.keywords, 'scikit-learn', 'tensorflow', 'Trainable', 'image'];
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify(v1));
    const run = runBin('cli', ['migrate', 'metadata.json', '-o', 'ai4-metadata.yml'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const migrated = parseYaml(readFileSync(join(dir, 'ai4-metadata.yml'), 'utf8'), { version: '1.1' });
    expect(migrated).toMatchObject({
      metadata_version: '2.3.0',
      libraries: ['Scikit-learn', 'TensorFlow'],
      categories: ['AI4 trainable'],
      'data-type': ['Image'],
      links: { docker_image: 'deephdc/deep-oc-mods' },
    });
    expect((await runReference(['ai4-metadata.yml'], dir)).code).toBe(0);
    // The reference's own migration of the same file fails its own check.
    const reference = spawnSync(venvBin('ai4-metadata'), ['migrate', 'metadata.json', '-o', 'reference.json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TERMINAL_WIDTH: '400' },
    });
    expect(reference.status).not.toBe(0);
    expect(reference.stderr).toContain("'Scikit-Learn' is not one of");
  });

  it('does not crash on unusual v1 input, and says what is left to fill in', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'metadata.json'),
      JSON.stringify({ title: 7, description: 'one string', keywords: 'not a list', sources: 'nowhere', date_creation: 20200101 }),
    );
    const run = runBin('cli', ['migrate', 'metadata.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(parseYaml(run.stdout, { version: '1.1' })).toMatchObject({ title: '7', description: 'one string', tags: ['not a list'] });
    expect(run.stderr).toContain('links.source_code is missing');
  });

  it('refuses to overwrite a file without --force', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'metadata.json'), readFileSync(join(INSTANCES, 'invalid/sample-v1.mods.json')));
    writeFileSync(join(dir, 'ai4-metadata.yml'), 'mine\n');
    const run = runBin('cli', ['migrate', 'metadata.json', '-o', 'ai4-metadata.yml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Add --force');
    expect(runBin('cli', ['migrate', 'metadata.json', '-o', 'ai4-metadata.yml', '--force'], { cwd: dir }).status).toBe(0);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('runs this command on metadata files and on the module', () => {
    const hooks = parseYaml(readFileSync(new URL('../../.pre-commit-hooks.yaml', import.meta.url), 'utf8')) as {
      id: string;
      entry: string;
      files: string;
    }[];
    expect(hooks.map((h) => [h.id, h.entry])).toEqual([
      ['ai4os-metadata', 'ai4os-module validate'],
      ['ai4os-module', 'ai4os-module validate .'],
    ]);
    expect(new RegExp(hooks[0]!.files).test('ai4-metadata.yml')).toBe(true);
  });
});

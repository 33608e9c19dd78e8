/**
 * The built CLI renders with the templates precompiled at build time: a creation needs no
 * EJS at all, and writes byte for byte what rendering from source (EJS at run time) gives.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { QUESTIONS, externalKey } from '../../src/answers/questions.js';
import { renderModule } from '../../src/render/render.js';
import { listTemplates } from '../../src/render/template-set.js';
import { MATRIX, answersWith } from '../support/answers.js';
import { tempDir } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The package as installed, without the file EJS is deferred into. */
function packageWithoutEjs(): string {
  const dir = tempDir('ai4os-package-');
  for (const part of ['dist', 'templates', 'schemata', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  const deferred = readdirSync(join(dir, 'dist/deferred')).filter((f) => /^ejs-[0-9a-f]+\.cjs$/.test(f));
  expect(deferred).toHaveLength(1);
  rmSync(join(dir, 'dist/deferred', deferred[0]!));
  return dir;
}

describe('the built CLI', () => {
  it('creates a module without loading EJS, with the files rendering from source gives', async () => {
    const pkg = packageWithoutEjs();
    const cwd = tempDir();
    const raw = MATRIX['tricky title']!;
    const external = Object.fromEntries(QUESTIONS.filter((q) => raw[q.key] !== undefined).map((q) => [externalKey(q.key), raw[q.key]]));
    writeFileSync(join(cwd, 'answers.yml'), stringify({ authors: ['Jane Doe <jane@uni.eu>'], ...external }));
    const created = spawnSync(
      process.execPath,
      [join(pkg, 'dist/create.cjs'), 'demo-model', '--answers', 'answers.yml', '--no-git', '--yes'],
      {
        cwd,
        encoding: 'utf8',
      },
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);

    const dir = join(cwd, 'demo-model');
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['create-ai4os-module'];
    const expected = renderModule({ answers: await answersWith(raw), created: stored._created, generatorVersion: stored._generator });
    expect(listTemplates(dir)).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) expect(readFileSync(join(dir, path), 'utf8'), path).toBe(text);
  });
});

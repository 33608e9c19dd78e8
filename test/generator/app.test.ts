/** The Yeoman generator run by yeoman-test, in memory: what it writes, and what it refuses. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers, { result } from 'yeoman-test';
import { describe, expect, it } from 'vitest';
import AppGenerator, { type AppOptions } from '../../generators/app/index.js';

const author = 'Jane Doe <jane@uni.eu>';

function run(options: Partial<AppOptions>) {
  return helpers
    .run(AppGenerator, { namespace: 'ai4os-module:app' })
    .withOptions({ git: false, created: '2026-11-26', ...options } as AppOptions);
}

describe('app generator', () => {
  it('writes a module in a directory named after the repository', async () => {
    await run({ answerLayers: [{ title: 'Cell Counter', authors: author }] });
    result.assertFile(['cell-counter/cell_counter/api.py', 'cell-counter/ai4-metadata.yml', 'cell-counter/.yo-rc.json']);
    result.assertFileContent('cell-counter/pyproject.toml', /\[project\.entry-points\."deepaas\.v2\.model"\]\ncell_counter = "cell_counter\.api"/);
    result.assertJsonFileContent('cell-counter/.yo-rc.json', {
      'create-ai4os-module': { title: 'Cell Counter', 'package-name': 'cell_counter', _created: '2026-11-26' },
    });
  });

  it('uses the named target directory and takes its name as the title', async () => {
    await run({ targetDir: 'leaf-scanner', answerLayers: [{ authors: author }] });
    result.assertFileContent('leaf-scanner/ai4-metadata.yml', /^title: Leaf Scanner$/m);
  });

  it('writes nothing on a dry run', async () => {
    await run({ targetDir: 'dry', dryRun: true, answerLayers: [{ authors: author }] });
    result.assertNoFile(['dry/ai4-metadata.yml', 'dry/Dockerfile']);
  });

  it('refuses a non-empty target directory without --force', async () => {
    await expect(
      run({ targetDir: 'busy', force: false, answerLayers: [{ authors: author }] }).onTargetDirectory((dir) => {
        mkdirSync(join(dir, 'busy'));
        writeFileSync(join(dir, 'busy', 'notes.txt'), 'x');
      }).run(),
    ).rejects.toThrow(/The directory .*busy is not empty/);
  });
});

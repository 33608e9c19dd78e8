/** The Yeoman generator run by yeoman-test: it commits the files it is given, through Yeoman's conflicter. */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers, { result } from 'yeoman-test';
import { describe, expect, it } from 'vitest';
import AppGenerator, { type AppOptions } from '../../generators/app/index.js';
import { renderModule } from '../../src/render/render.js';
import { answersWith } from '../support/answers.js';
import { tempDir } from '../support/cli.js';

async function files() {
  return renderModule({ answers: await answersWith({ title: 'Cell Counter' }), created: '2026-11-26', generatorVersion: '0.1.0' });
}

function run(options: Partial<AppOptions>) {
  return helpers.run(AppGenerator, { namespace: 'ai4os-module:app' }).withOptions(options as AppOptions);
}

describe('app generator', () => {
  it('writes the files it is given under the target directory', async () => {
    await run({ files: await files(), target: 'cell-counter' });
    result.assertFile(['cell-counter/cell_counter/api.py', 'cell-counter/ai4-metadata.yml', 'cell-counter/.yo-rc.json']);
    result.assertJsonFileContent('cell-counter/.yo-rc.json', {
      'create-ai4os-module': { title: 'Cell Counter', 'package-name': 'cell_counter', _created: '2026-11-26' },
    });
  });

  it('writes into another directory than the target when told (the staging directory)', async () => {
    const stage = tempDir();
    const cwd = (await run({ files: await files(), target: 'cell-counter', writeDir: stage })).cwd;
    expect(existsSync(join(cwd, 'cell-counter'))).toBe(false);
    expect(readFileSync(join(stage, 'ai4-metadata.yml'), 'utf8')).toMatch(/^title: Cell Counter$/m);
  });

  it('never writes through a symbolic link in the destination, even with --force', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'victim.md'), 'mine\n');
    await expect(
      run({ files: await files(), target: 'linked', force: true } as Partial<AppOptions>)
        .onTargetDirectory((dir) => {
          mkdirSync(join(dir, 'linked'));
          symlinkSync(join(outside, 'victim.md'), join(dir, 'linked', 'README.md'));
        })
        .run(),
    ).rejects.toThrow(/README\.md is a symbolic link/);
    expect(readFileSync(join(outside, 'victim.md'), 'utf8')).toBe('mine\n');
  });
});

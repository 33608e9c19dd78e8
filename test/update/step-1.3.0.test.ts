/**
 * The version step 1.2.0 -> 1.3.0 on real git repositories: a module created with the
 * fixture test/fixtures/templates-1.2.0 and edited by its owner gets `oscar/<repo>.yaml` and
 * the file argument deepaas-cli recognises, with the owner's edits kept.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTemplateSet } from '../../src/render/render.js';
import { update } from '../../src/update/update.js';
import { answersWith, commitAll, createdRepo, edit, filesAt120, git, read, removeDir } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('update across the step 1.2.0 -> 1.3.0', () => {
  it.each([
    ['minimal', 'demo_model/api.py'],
    ['advanced', 'demo_model/schemas.py'],
  ])('adds the OSCAR service to an edited %s module and merges the file argument into %s', async (variant, file) => {
    const dir = createdRepo(filesAt120(await answersWith({ variant, memory: '6000' })), '1.2.0');
    dirs.push(dir);
    edit(dir, file, (t) => `${t}\n\n# Owner note: keep the model small.\n`);
    commitAll(dir, 'Owner edits');

    const outcome = await update({ cwd: dir, print: () => {} });
    expect(outcome).toMatchObject({ status: 'updated', from: '1.2.0', to: loadTemplateSet().version });
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(read(dir, file)).toContain('"data_file": fields.Field(');
    expect(read(dir, file)).toMatch(/# Owner note: keep the model small\.\n$/);
    const service = parse(read(dir, 'oscar/demo-model.yaml'));
    expect(service).toMatchObject({ name: 'demo-model', image: 'ai4oshub/demo-model:latest', memory: '6000Mi', log_level: 'CRITICAL' });
    expect(git(dir, 'show', '--stat', '--format=', 'HEAD')).toContain('oscar/demo-model.yaml');
  });
});

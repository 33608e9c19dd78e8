/**
 * The version step 1.2.0 -> 1.3.0 on real git repositories: a module created with the
 * fixture test/fixtures/templates-1.2.0 and edited by its owner gets the storage settings
 * (config.py, its test, the Nomad job), `oscar/<repo>.yaml` and the file argument deepaas-cli
 * recognises, with the owner's edits kept.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTemplateSet } from '../../src/render/render.js';
import { update } from '../../src/update/update.js';
import { answersWith, commitAll, createdRepo, edit, filesAt120, git, read, removeDir } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('update across the step 1.2.0 -> 1.3.0', () => {
  it("brings the storage to config.py, its test and the Nomad job, keeping the owner's edits", async () => {
    const dir = createdRepo(filesAt120(await answersWith()), '1.2.0');
    dirs.push(dir);
    edit(dir, 'demo_model/config.py', (t) => `${t}\n\ndef owner_setting():\n    return 42\n`);
    edit(dir, 'nomad/demo-model.nomad.hcl', (t) => t.replace('title = "Demo Model"', 'title = "Demo Model"\n    team  = "owners"'));
    commitAll(dir, 'Owner edits');

    const outcome = await update({ cwd: dir, print: () => {} });
    expect(outcome).toMatchObject({ status: 'updated', from: '1.2.0', to: loadTemplateSet().version });
    expect(git(dir, 'status', '--porcelain')).toBe('');
    const config = read(dir, 'demo_model/config.py');
    expect(config).toContain('def storage_path():');
    expect(config).toContain('return _path_setting("DATA_PATH", storage / DISTRIBUTION / "data")');
    expect(config).toMatch(/def owner_setting\(\):\n {4}return 42\n$/);
    expect(read(dir, 'tests/test_config.py')).toContain('def test_data_is_on_the_storage_when_it_is_mounted');
    const job = read(dir, 'nomad/demo-model.nomad.hcl');
    expect(job).toContain('team  = "owners"');
    expect(job).toContain('variable "rclone_url" {');
    expect(job).toContain('RCLONE_CONFIG_RSHARE_PASS   = var.rclone_password');
  });

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

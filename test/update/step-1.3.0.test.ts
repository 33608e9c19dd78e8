/**
 * The version step 1.2.0 -> 1.3.0 on a real git repository: a module created with the
 * fixture test/fixtures/templates-1.2.0, whose owner changed config.py and the Nomad job,
 * updated to the installed template: the storage settings arrive, the owner's edits stay.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplateSet, renderModule } from '../../src/render/render.js';
import { update } from '../../src/update/update.js';
import { CREATED, ROOT, answersWith, commitAll, createdRepo, edit, git, read, removeDir } from './support.js';

const FIXTURE_120 = join(ROOT, 'test/fixtures/templates-1.2.0');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('update across the step 1.2.0 -> 1.3.0', () => {
  it("brings the storage to config.py, its test and the Nomad job, keeping the owner's edits", async () => {
    const answers = await answersWith();
    const dir = createdRepo(renderModule({ answers, created: CREATED, generatorVersion: '0.1.0' }, loadTemplateSet(FIXTURE_120)), '1.2.0');
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
});

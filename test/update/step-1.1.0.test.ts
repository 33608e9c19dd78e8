/**
 * The version step 1.0.0 -> 1.1.0 on real git repositories: a module created with the
 * fixture test/fixtures/templates-1.0.0, edited by its owner, updated to the installed
 * template; in process, and with the built CLI rendering the 1.0.0 base from its directory.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplateSet } from '../../src/render/render.js';
import { update } from '../../src/update/update.js';
import { FIXTURE_100, answersWith, commitAll, createdRepo, edit, filesAt100, git, read, removeDir, runCli, tempDir } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function module100(): Promise<string> {
  const dir = createdRepo(filesAt100(await answersWith()), '1.0.0');
  dirs.push(dir);
  edit(dir, 'README.md', (t) => t.replace('## Run it locally\n', '## Run it locally\n\nOwner note: use Python 3.11.\n'));
  edit(dir, 'tox.ini', (t) => `${t}\n[testenv:docs]\ncommands = echo owner\n`);
  commitAll(dir, 'Owner edits');
  return dir;
}

function expectUpdated(dir: string): void {
  expect(git(dir, 'status', '--porcelain')).toBe('');
  expect(git(dir, 'log', '-1', '--format=%s')).toBe(`Update module boilerplate to ${loadTemplateSet().version}`);
  const tox = read(dir, 'tox.ini');
  expect(tox).not.toMatch(/^skipsdist/m);
  expect(tox).toMatch(/\[testenv:qc\.sty\]\nskip_install = True/);
  expect(tox).toMatch(/\[testenv:docs\]\ncommands = echo owner\n$/);
  const readme = read(dir, 'README.md');
  expect(readme).toContain('Owner note: use Python 3.11.');
  expect(readme.match(/Demo Model, served with DEEPaaS on the AI4OS platform/g)).toHaveLength(1);
  expect(readme).toContain('npx --package create-ai4os-module ai4os-module validate .');
  expect(JSON.parse(read(dir, '.yo-rc.json'))['create-ai4os-module']._template).toBe(loadTemplateSet().version);
}

describe('update across the step 1.0.0 -> 1.1.0', () => {
  it('merges the tox 4 fix and the README fixes into an edited module', async () => {
    const dir = await module100();
    const outcome = await update({ cwd: dir, print: () => {} });
    expect(outcome).toMatchObject({ status: 'updated', from: '1.0.0', to: loadTemplateSet().version });
    expectUpdated(dir);
  });

  it('works with the built CLI, which compiles the 1.0.0 templates at run time (a shallow clone, --base-templates)', async () => {
    const dir = await module100();
    const remote = tempDir('ai4os-remote-');
    const shallow = tempDir();
    dirs.push(remote, shallow);
    git(remote, 'init', '-q', '--bare', '-b', 'main');
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '-q', 'origin', 'main');
    git(shallow, 'clone', '-q', '--depth', '1', `file://${remote}`, '.');
    const result = runCli(['update', '--yes', '--base-templates', FIXTURE_100], shallow);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/base: the recorded template version, rendered again/);
    expect(result.code).toBe(0);
    expectUpdated(shallow);
  });
});

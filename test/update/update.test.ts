/**
 * `update` on real git repositories: a module created with the fixture template 0.9.0,
 * edited by its owner, then updated to the installed template (1.2.0).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { Asker } from '../../src/answers/resolve.js';
import { loadTemplateSet } from '../../src/render/render.js';
import { type UpdateRequest, update } from '../../src/update/update.js';
import {
  FIXTURE_090,
  answersWith,
  commitAll,
  createdRepo,
  edit,
  filesAt090,
  filesAtCurrent,
  git,
  read,
  removeCreatedModules,
  removeDir,
  module090,
  runCli,
  snapshot,
  tempDir,
  unmerged,
} from './support.js';

const dirs: string[] = [];
afterAll(() => {
  dirs.forEach(removeDir);
  removeCreatedModules();
});

function run(dir: string, options: Partial<UpdateRequest> = {}) {
  const printed: string[] = [];
  const outcome = update({ cwd: dir, print: (text) => printed.push(text), ...options });
  return outcome.then((o) => ({ ...o, printed: printed.join('\n') }));
}

function yoRc(dir: string): Record<string, unknown> {
  return JSON.parse(read(dir, '.yo-rc.json'))['create-ai4os-module'];
}

describe('update across the fixture steps 0.9.0 -> 1.0.0 -> 1.2.0', () => {
  it('merges the template change into an edited module in one commit', async () => {
    const dir = await module090();
    edit(dir, 'README.md', (t) => t.replace('## Run it locally\n', '## Run it locally\n\nOwner note: use Python 3.11.\n'));
    edit(dir, 'demo_model/model.py', (t) => `${t}\n# owner: tuned\n`);
    edit(dir, 'Dockerfile', (t) => t.replace('EXPOSE 5000 6006 8888', 'EXPOSE 5000 6006 8888\nENV OWNER=1'));
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const before = commitAll(dir, 'Owner edits');

    const outcome = await run(dir);
    expect(outcome.status).toBe('updated');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'log', '-1', '--format=%s')).toBe('Update module boilerplate to 1.2.0');
    const [first, second] = git(dir, 'log', '-1', '--format=%P').split(' ');
    expect(first).toBe(before);
    expect(git(dir, 'log', '-1', '--format=%B', second!)).toMatch(/AI4OS-Template: 1\.2\.0/);

    // The owner's lines stay, the template's changes arrive.
    expect(read(dir, 'README.md')).toContain('Owner note: use Python 3.11.');
    expect(read(dir, 'README.md')).toContain('This is an [AI4OS](https://ai4os.eu) module');
    expect(read(dir, 'demo_model/model.py')).toMatch(/# owner: tuned\n$/);
    expect(read(dir, 'Dockerfile')).toContain('ENV OWNER=1');
    expect(read(dir, 'Dockerfile')).toContain('python3 -m pip install -e .');
    expect(read(dir, 'notes.txt')).toBe('mine\n');
    // Added, dropped, migrated.
    expect(existsSync(join(dir, '.dockerignore'))).toBe(true);
    expect(existsSync(join(dir, '.stestr.conf'))).toBe(false);
    expect(existsSync(join(dir, 'tests/test_deepaas.py'))).toBe(false);
    expect(read(dir, 'tests/test_api.py')).toContain('Tests of the DEEPaaS functions, called as DEEPaaS calls them.');
    expect(read(dir, 'ai4-metadata.yml')).toContain('memory_MB: 4000');
    // The answers and the base of the next update are recorded.
    expect(yoRc(dir)).toMatchObject({ _template: '1.2.0', _pristine: second, 'data-types': ['Other'], gpu: 0 });
    expect(outcome.printed).toContain('New question: gpu = 0');

    const again = await run(dir);
    expect(again.status).toBe('up-to-date');
    expect(runCli(['check'], dir).code).toBe(0);
  });

  it('leaves conflicts unmerged in the index, finished by git commit', async () => {
    const dir = await module090();
    edit(dir, 'Dockerfile', (t) => t.replace('RUN pip install --no-cache-dir -e .', 'RUN pip install --no-cache-dir -e ".[gpu]"'));
    edit(dir, 'README.md', (t) => t.replace('pip install tox\ntox\n', 'pip install tox\ntox -e py311\n'));
    commitAll(dir, 'Owner edits');

    const result = runCli(['update'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/stopped: you and the template changed the same lines in\n {2}Dockerfile\n {2}README\.md\n/);
    expect(result.stdout).toContain('git merge --abort');
    expect(unmerged(dir)).toEqual(['Dockerfile', 'README.md']);
    const stages = git(dir, 'ls-files', '-u', 'Dockerfile')
      .split('\n')
      .map((line) => line.split(/\s+/)[2]);
    expect(stages).toEqual(['1', '2', '3']);
    const dockerfile = read(dir, 'Dockerfile');
    expect(dockerfile).toMatch(
      /<<<<<<< yours\nRUN pip install --no-cache-dir -e "\.\[gpu\]"\n=======\nRUN python3 -m pip install --upgrade pip && \\\n {4}python3 -m pip install -e \.\n>>>>>>> template 1\.2\.0\n/,
    );
    // Everything else is merged and staged.
    expect(git(dir, 'diff', '--cached', '--name-only', '--diff-filter=A')).toContain('.dockerignore');
    expect(git(dir, 'status')).toContain('You have unmerged paths.');

    // The owner resolves and commits as after any git merge.
    edit(dir, 'Dockerfile', (t) => t.replace(/<<<<<<< yours\n(.*\n)=======\n[^]*?>>>>>>> template 1\.2\.0\n/, '$1'));
    edit(dir, 'README.md', (t) => t.replace(/<<<<<<< yours\n([^]*?)=======\n[^]*?>>>>>>> template 1\.2\.0\n/, '$1'));
    git(dir, 'add', 'Dockerfile', 'README.md');
    git(dir, 'commit', '-q', '--no-edit');
    expect(git(dir, 'log', '-1', '--format=%s')).toBe('Update module boilerplate to 1.2.0');
    expect(git(dir, 'log', '-1', '--format=%P').split(' ')[1]).toBe(yoRc(dir)._pristine);
    expect((await run(dir)).status).toBe('up-to-date');
  });

  it('can be cancelled with git merge --abort', async () => {
    const dir = await module090();
    edit(dir, 'Dockerfile', (t) => t.replace('RUN pip install --no-cache-dir -e .', 'RUN pip install -e .'));
    commitAll(dir, 'Owner edits');
    const before = snapshot(dir);
    expect((await run(dir)).status).toBe('conflicts');
    git(dir, 'merge', '--abort');
    expect(snapshot(dir)).toBe(before);
  });

  it('keeps deletions, drops unmodified files only, and never touches the owner’s own files', async () => {
    const dir = await module090();
    unlinkSync(join(dir, 'README.md')); // the template changes it
    unlinkSync(join(dir, 'Jenkinsfile')); // the template does not
    writeFileSync(join(dir, 'data/sample.bin'), Buffer.from([0, 1, 2, 255, 0]));
    writeFileSync(join(dir, '.dockerignore'), 'mine\n'); // 1.0.0 adds one
    commitAll(dir, 'Owner edits');
    const outcome = await run(dir);
    expect(outcome.status).toBe('updated');
    expect(existsSync(join(dir, 'README.md'))).toBe(false);
    expect(existsSync(join(dir, 'Jenkinsfile'))).toBe(false);
    expect(readFileSync(join(dir, 'data/sample.bin'))).toEqual(Buffer.from([0, 1, 2, 255, 0]));
    expect(read(dir, '.dockerignore')).toBe('mine\n');
    expect(existsSync(join(dir, '.stestr.conf'))).toBe(false);
    expect(outcome.printed).toMatch(/README\.md: you deleted it/);
    expect(outcome.printed).toMatch(/\.dockerignore: the template now makes a file here too; yours stays/);
  });

  it('keeps a dropped file the owner changed, and a binary file both changed', async () => {
    const dir = await module090();
    edit(dir, '.stestr.conf', (t) => `${t}group_regex=.*\n`);
    writeFileSync(join(dir, 'Dockerfile'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    commitAll(dir, 'Owner edits');
    const outcome = await run(dir);
    expect(outcome.status).toBe('updated');
    expect(read(dir, '.stestr.conf')).toContain('group_regex');
    expect(readFileSync(join(dir, 'Dockerfile'))).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    expect(outcome.printed).toMatch(/\.stestr\.conf: the template no longer has it; you changed it/);
    expect(outcome.printed).toMatch(/Dockerfile: binary/);
  });

  it('carries the template change into a file the owner renamed', async () => {
    const dir = await module090();
    git(dir, 'mv', 'README.md', 'README.rst');
    commitAll(dir, 'Owner renames the README');
    await run(dir);
    expect(existsSync(join(dir, 'README.md'))).toBe(false);
    expect(read(dir, 'README.rst')).toContain('This is an [AI4OS](https://ai4os.eu) module');
  });

  it('shows a dry run and writes nothing, not even objects', async () => {
    const dir = await module090();
    edit(dir, 'README.md', (t) => `${t}\nOwner line\n`);
    commitAll(dir, 'Owner edits');
    const before = snapshot(dir);
    const objects = git(dir, 'count-objects', '-v');
    const outcome = await run(dir, { dryRun: true });
    expect(outcome.status).toBe('dry-run');
    expect(outcome.printed).toMatch(/^Would update from template 0\.9\.0 to 1\.2\.0/m);
    expect(outcome.printed).toMatch(/^\+\+\+ b\/\.dockerignore$/m);
    expect(outcome.printed).toMatch(/^-RUN pip install --no-cache-dir -e \.$/m);
    expect(snapshot(dir)).toBe(before);
    expect(git(dir, 'count-objects', '-v')).toBe(objects);
  });
});

describe('preconditions', () => {
  it('refuses a dirty working tree, untracked files included, and changes nothing', async () => {
    const dir = await module090();
    edit(dir, 'README.md', (t) => `${t}x\n`);
    const before = snapshot(dir);
    await expect(run(dir)).rejects.toThrow(/not committed:\n +M README\.md/);
    expect(snapshot(dir)).toBe(before);
    git(dir, 'checkout', 'README.md');
    writeFileSync(join(dir, 'scratch.py'), '');
    await expect(run(dir)).rejects.toThrow(/\?\? scratch\.py/);
  });
  it('refuses to downgrade', async () => {
    const current = createdRepo(filesAtCurrent(await answersWith()), '1.2.0');
    dirs.push(current);
    const older = loadTemplateSet(FIXTURE_090);
    await expect(run(current, { templates: older })).rejects.toMatchObject({ exitCode: 3, message: expect.stringMatching(/downgrade/) });
  });
  it('says how to adopt a repository without .yo-rc.json, and how to start one outside git', async () => {
    const dir = tempDir();
    dirs.push(dir);
    await expect(run(dir)).rejects.toThrow(/not in a git repository/);
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'x'), '');
    commitAll(dir, 'x');
    await expect(run(dir)).rejects.toMatchObject({ hint: expect.stringMatching(/ai4os-module adopt/) });
  });
});

describe('answers', () => {
  it('re-renders with --set, through the same rules as every answer', async () => {
    const dir = createdRepo(filesAtCurrent(await answersWith()), '1.2.0');
    dirs.push(dir);
    edit(dir, 'README.md', (t) => `${t}\nOwner line\n`);
    commitAll(dir, 'Owner edits');
    const result = runCli(['update', '--set', 'description=Counts fish in sonar images', '--set', 'gpu=1'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Changed answers: description, gpu/);
    expect(read(dir, 'README.md')).toContain('Counts fish in sonar images');
    expect(read(dir, 'README.md')).toContain('Owner line');
    expect(read(dir, 'ai4-metadata.yml')).toMatch(/gpu: 1/);
    expect(yoRc(dir)).toMatchObject({ description: 'Counts fish in sonar images', gpu: 1, _template: '1.2.0' });

    await expect(run(dir, { set: { gpu: '1.5' } })).rejects.toThrow(
      /Invalid answers:\n {2}gpu: must be a whole number, not the string "1.5"/,
    );
    const unknown = runCli(['update', '--set', 'gpus=1'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/"gpus" is not an answer[^]*Did you mean "gpu"/);
  });

  it('asks the questions the stored answers do not answer, and only those', async () => {
    const dir = await module090();
    const asked: string[] = [];
    const asker: Asker = {
      ask: async (q) => {
        asked.push(q.key);
        return 1;
      },
      wantsAdvanced: async () => false,
    };
    await run(dir, { asker });
    expect(asked).toEqual(['gpu']);
    expect(yoRc(dir)).toMatchObject({ gpu: 1 });
  });

  it('moves the package with --set package-name, the owner’s files in it included', async () => {
    const dir = createdRepo(filesAtCurrent(await answersWith()), '1.2.0');
    dirs.push(dir);
    writeFileSync(join(dir, 'demo_model/utils.py'), 'HELPER = 1\n');
    edit(dir, 'demo_model/model.py', (t) => `${t}\n# owner\n`);
    commitAll(dir, 'Owner edits');
    const outcome = await run(dir, { set: { packageName: 'fish_counter' } });
    expect(outcome.status).toBe('updated');
    expect(existsSync(join(dir, 'demo_model'))).toBe(false);
    expect(read(dir, 'fish_counter/utils.py')).toBe('HELPER = 1\n');
    expect(read(dir, 'fish_counter/model.py')).toMatch(/# owner\n$/);
    expect(read(dir, 'pyproject.toml')).toContain('fish_counter = "fish_counter.api"');
  });
});

describe('the base of the merge', () => {
  function bareRemote(dir: string): string {
    const remote = tempDir('ai4os-remote-');
    dirs.push(remote);
    git(remote, 'init', '-q', '--bare', '-b', 'main');
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '-q', 'origin', 'main');
    return remote;
  }

  it('is in the history of a fresh clone: the creation commit, then the recorded pristine commit', async () => {
    const dir = await module090();
    const remote = bareRemote(dir);
    const clone = tempDir();
    dirs.push(clone);
    git(clone, 'clone', '-q', remote, '.');
    edit(clone, 'README.md', (t) => `${t}\nFrom the clone\n`);
    commitAll(clone, 'Edit in a clone');
    expect((await run(clone)).printed).toMatch(/base: the template output found in the history/);
    git(clone, 'push', '-q', 'origin', 'main');

    const second = tempDir();
    dirs.push(second);
    git(second, 'clone', '-q', remote, '.');
    const outcome = await run(second, { set: { summary: 'A second summary' } });
    expect(outcome.printed).toMatch(/base: the pristine commit recorded in \.yo-rc\.json/);
    expect(read(second, 'README.md')).toContain('From the clone');
    expect(read(second, 'README.md')).toContain('A second summary');
  });

  it('is rendered again when a shallow clone lacks it, if that template version is at hand', async () => {
    const dir = await module090();
    edit(dir, 'README.md', (t) => `${t}\nOwner line\n`);
    commitAll(dir, 'Owner edits');
    const remote = bareRemote(dir);
    const shallow = tempDir();
    dirs.push(shallow);
    git(shallow, 'clone', '-q', '--depth', '1', `file://${remote}`, '.');
    await expect(run(shallow)).rejects.toMatchObject({
      message: expect.stringMatching(/base of the update is missing/),
      hint: expect.stringMatching(/git fetch --unshallow[^]*--base-templates/),
    });
    const outcome = await run(shallow, { baseTemplates: [loadTemplateSet(FIXTURE_090)] });
    expect(outcome.printed).toMatch(/base: the recorded template version, rendered again/);
    expect(outcome.status).toBe('updated');
    expect(read(shallow, 'README.md')).toMatch(/This is an \[AI4OS\][^]*Owner line\n$/);
  });

  it('is not taken from a creation commit that holds more than the template output', async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'train.py'), 'print(1)\n');
    createdRepo(filesAt090(await answersWith()), '0.9.0', dir);
    // createRepository adds the trailer only when the commit holds exactly the rendered
    // files; without it, the update renders the base again, and train.py is the owner's.
    git(dir, 'commit', '-q', '--amend', '-m', 'Create demo-model');
    const outcome = await run(dir, { baseTemplates: [loadTemplateSet(FIXTURE_090)] });
    expect(outcome.status).toBe('updated');
    expect(read(dir, 'train.py')).toBe('print(1)\n');
  });
});

describe('.yo-rc.json', () => {
  it('keeps the sections of other generators', async () => {
    const dir = await module090();
    const data = JSON.parse(read(dir, '.yo-rc.json'));
    writeFileSync(join(dir, '.yo-rc.json'), `${JSON.stringify({ 'generator-other': { a: 1 }, ...data }, null, 2)}\n`);
    commitAll(dir, 'Another generator');
    await run(dir);
    expect(Object.keys(JSON.parse(read(dir, '.yo-rc.json')))).toEqual(['generator-other', 'create-ai4os-module']);
    expect(JSON.parse(read(dir, '.yo-rc.json'))['generator-other']).toEqual({ a: 1 });
  });

  it('a stored answer today’s rules refuse is replaced with --set', async () => {
    const dir = createdRepo(filesAtCurrent(await answersWith()), '1.2.0');
    dirs.push(dir);
    edit(dir, '.yo-rc.json', (t) => t.replace('"cpu": 1', '"cpu": -1'));
    commitAll(dir, 'Fewer than no CPUs');
    await expect(run(dir)).rejects.toMatchObject({
      message: expect.stringMatching(/cpu: must be a whole number, 0 or more \(as the metadata schema has it\)/),
      hint: expect.stringMatching(/--set/),
    });
    const outcome = await run(dir, { set: { cpu: '2' } });
    expect(outcome.status).toBe('updated');
    expect(yoRc(dir)).toMatchObject({ cpu: 2 });
  });
});

describe('errors are the user’s to fix', () => {
  it('refuses to run during a rebase', async () => {
    const dir = await module090();
    mkdirSync(join(dir, '.git/rebase-merge'));
    await expect(run(dir)).rejects.toThrow(/A git operation is in progress \(rebase-merge/);
  });

  it('reports a broken .yo-rc.json as a UserError', async () => {
    const dir = await module090();
    writeFileSync(join(dir, '.yo-rc.json'), '{ "create-ai4os-module": { "_template": "0.9.0", "colour": "red" } }\n');
    commitAll(dir, 'Break it');
    await expect(run(dir)).rejects.toThrow(UserError);
    await expect(run(dir)).rejects.toThrow(/colour: is not an answer/);
    rmSync(join(dir, '.yo-rc.json'));
  });
});

/** `create-ai4os-module` and `ai4os-module new`, spawned from dist/ as a user runs them. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_GIT_IDENTITY, runBin, tempDir } from '../support/cli.js';

const AUTHOR = ['--author', 'Jane Doe <jane@uni.eu>'];
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...NO_GIT_IDENTITY } }).trim();

describe('create-ai4os-module', () => {
  it('--help lists a flag for every answer, and --version prints the version', () => {
    const cwd = tempDir();
    const help = runBin('create', ['--help'], { cwd });
    expect(help.status).toBe(0);
    for (const flag of [
      '--title',
      '--repo-name',
      '--package-name',
      '--summary',
      '--description',
      '--module-version',
      '--author',
      '--license',
      '--git-base-url',
      '--docker-image',
      '--base-image',
      '--base-tag',
      '--base-gpu-tag',
      '--libraries',
      '--tasks',
      '--categories',
      '--data-types',
      '--tags',
      '--cpu',
      '--memory',
      '--gpu',
      '--variant',
      '--framework',
      '--yes',
      '--answers',
      '--no-git',
      '--force',
      '--dry-run',
    ]) {
      expect(help.stdout).toContain(`${flag} `);
    }
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(runBin('create', ['--version'], { cwd }).stdout.trim()).toBe(version);
  });

  it('--list prints the variants and the framework presets with their images, and writes nothing', () => {
    const cwd = tempDir();
    const list = runBin('create', ['--list'], { cwd });
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(
      /^Variants \(--variant\):\n {2}minimal +a Python package[^\n]*\n {2}advanced +minimal, plus[^\n]*\n {2}child +reuses a hub module's image/,
    );
    expect(list.stdout).toMatch(
      /^ {2}tensorflow +TensorFlow[^\n]*\n +image tensorflow\/tensorflow:2\.15\.0 \(CPU\), :2\.15\.0-gpu \(GPU\); libraries TensorFlow, Keras; tensorflow>=2\.15,<2\.16$/m,
    );
    for (const id of ['none', 'pytorch', 'sklearn']) expect(list.stdout).toMatch(new RegExp(`^  ${id} `, 'm'));
    expect(readdirSync(cwd)).toEqual([]);
    expect(runBin('create', ['--help'], { cwd }).stdout).toMatch(/--list +List the variants/);
  });

  it('creates a module with one commit on main and origin set, with no git identity configured', () => {
    const cwd = tempDir();
    const run = runBin('create', ['my-model', '--yes', ...AUTHOR], { cwd, env: NO_GIT_IDENTITY });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Next steps:\n {2}cd my-model/);
    const dir = join(cwd, 'my-model');
    expect(git(dir, 'branch', '--show-current')).toBe('main');
    expect(git(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(git(dir, 'remote', 'get-url', 'origin')).toBe('https://github.com/ai4os-hub/my-model.git');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'log', '-1', '--format=%an <%ae>')).toBe('Jane Doe <jane@uni.eu>');
    expect(git(dir, 'ls-files')).toContain('data/.gitkeep');
  });

  it('tells what comes next: the helpers for a package, the weights and the image for a child', () => {
    const cwd = tempDir();
    const pkg = runBin('create', ['pkg', '--yes', '--no-git', ...AUTHOR], { cwd });
    expect(pkg.stdout).toContain('npx -p create-ai4os-module ai4os-module deploy');
    expect(pkg.stdout).toContain('Put your model in pkg/model.py');
    const child = runBin(
      'create',
      ['kid', '--yes', '--no-git', '--variant', 'child', '--base-image', 'ai4oshub/ai4os-yolo-torch', '--base-tag', 'latest', ...AUTHOR],
      { cwd },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain(
      "Put your model's weights and configuration in models/; the code and DEEPaaS come from ai4oshub/ai4os-yolo-torch.",
    );
    expect(child.stdout).not.toMatch(/model\.py|ai4os-module deploy/);
  });

  it("suggests git's identity as the author, and a given author wins over it", () => {
    const cwd = tempDir();
    const gitconfig = join(cwd, 'gitconfig');
    writeFileSync(gitconfig, '[user]\n\tname = Git User\n\temail = git.user@uni.eu\n');
    const env = { ...NO_GIT_IDENTITY, GIT_CONFIG_GLOBAL: gitconfig };
    const authorsOf = (dir: string) => JSON.parse(readFileSync(join(cwd, dir, '.yo-rc.json'), 'utf8'))['create-ai4os-module'].authors;
    expect(runBin('create', ['from-git', '--yes', '--no-git'], { cwd, env }).status).toBe(0);
    expect(authorsOf('from-git')).toEqual([{ name: 'Git User', email: 'git.user@uni.eu' }]);
    expect(runBin('create', ['given', '--yes', '--no-git', ...AUTHOR], { cwd, env }).status).toBe(0);
    expect(authorsOf('given')).toEqual([{ name: 'Jane Doe', email: 'jane@uni.eu' }]);
  });

  it('takes answers from a YAML answers file, flags winning over it', () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'answers.yml'),
      'title: "Flood Mapper: v2"\nauthors:\n  - Ana <ana@uni.eu>\n  - Ben <ben@uni.eu>\nlicense: Apache-2.0\ntags: [floods, satellite]\ncpu: 2\n',
    );
    const run = runBin('create', ['--answers', 'answers.yml', '--cpu', '4', '--no-git'], { cwd });
    // Without --yes and without a terminal, only the note that nothing is asked.
    expect(run.stderr).toMatch(/^Standard input is not a terminal, so nothing is asked[^\n]*\n$/);
    const stored = JSON.parse(readFileSync(join(cwd, 'flood-mapper-v2', '.yo-rc.json'), 'utf8'))['create-ai4os-module'];
    expect(stored).toMatchObject({ title: 'Flood Mapper: v2', license: 'Apache-2.0', tags: ['floods', 'satellite'], cpu: 4 });
    expect(stored.authors).toHaveLength(2);
  });

  it('refuses invalid answers with exit code 2, naming each answer and rule, and writes nothing', () => {
    const cwd = tempDir();
    const run = runBin(
      'create',
      ['bad', '--yes', ...AUTHOR, '--module-version', '1.0', '--libraries', 'Tensorflow,Sklearn', '--gpu', '1.5'],
      { cwd },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('module-version: must be a version X.Y.Z');
    expect(run.stderr).toContain('libraries: "Sklearn" is not one of');
    expect(run.stderr).toContain('gpu: must be a whole number, not the string "1.5"');
    expect(run.stderr).not.toMatch(/at .*\.js/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses an unknown flag with a suggestion', () => {
    const run = runBin('create', ['x', '--yes', '--licence', 'MIT'], { cwd: tempDir() });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Did you mean --license?');
  });

  it('needs an author when git has none, and a title when no directory is named', () => {
    const cwd = tempDir();
    const noAuthor = runBin('create', ['x', '--yes'], { cwd, env: NO_GIT_IDENTITY });
    expect(noAuthor.status).toBe(2);
    expect(noAuthor.stderr).toContain('authors: is required and has no default; pass --author');
    const noTitle = runBin('create', ['--yes', ...AUTHOR], { cwd });
    expect(noTitle.stderr).toContain('title: is required and has no default; pass --title');
  });

  it('refuses a non-empty directory unless --force', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'busy'));
    writeFileSync(join(cwd, 'busy', 'notes.txt'), 'mine');
    const refused = runBin('create', ['busy', '--yes', ...AUTHOR, '--no-git'], { cwd });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('The directory busy is not empty.');
    expect(readdirSync(join(cwd, 'busy'))).toEqual(['notes.txt']);
    const forced = runBin('create', ['busy', '--yes', ...AUTHOR, '--no-git', '--force'], { cwd });
    expect(forced.status).toBe(0);
    expect(existsSync(join(cwd, 'busy', 'ai4-metadata.yml'))).toBe(true);
    expect(readFileSync(join(cwd, 'busy', 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('lists each file it writes, .yo-rc.json last, alike into a new directory and into a full one', () => {
    const cwd = tempDir();
    const listed = (dir: string) => {
      const run = runBin('create', [dir, '--yes', ...AUTHOR, '--no-git', '--force'], { cwd });
      expect(run.status).toBe(0);
      return [...run.stdout.matchAll(new RegExp(`^ {3}create ${dir}/(.+)$`, 'gm'))].map((m) => m[1]!.replaceAll(dir, '<dir>'));
    };
    const fresh = listed('fresh');
    mkdirSync(join(cwd, 'busy'));
    writeFileSync(join(cwd, 'busy', 'notes.txt'), 'mine');
    const full = listed('busy');
    for (const list of [fresh, full]) expect(list.at(-1)).toBe('.yo-rc.json');
    expect([...full].sort()).toEqual([...fresh].sort());
    const onDisk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? onDisk(join(dir, e.name)).map((p) => `${e.name}/${p}`) : [e.name],
      );
    expect(
      onDisk(join(cwd, 'fresh'))
        .map((p) => p.replaceAll('fresh', '<dir>'))
        .sort(),
    ).toEqual([...fresh].sort());
  });

  it('--dry-run lists the files and writes nothing', () => {
    const cwd = tempDir();
    const run = runBin('create', ['dry', '--yes', ...AUTHOR, '--dry-run'], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Would create 29 files in dry:/);
    expect(run.stdout).toContain('  dry/api.py');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('ai4os-module', () => {
  it('lists its commands, and `new` creates a module like create-ai4os-module', () => {
    const cwd = tempDir();
    expect(runBin('cli', ['--help'], { cwd }).stdout).toMatch(/^ {2}new {2,}Create a module/m);
    const unknown = runBin('cli', ['nwe'], { cwd });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "new"?');
    const run = runBin('cli', ['new', 'via-cli', '--yes', ...AUTHOR, '--no-git'], { cwd });
    expect(run.status).toBe(0);
    expect(existsSync(join(cwd, 'via-cli', 'via_cli', 'api.py'))).toBe(true);
  });
});

/**
 * `adopt` on a module laid out as the ai4-template 2.x cookiecutter made it
 * (test/fixtures/cookiecutter-minimal), then `update` on the adopted module.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplateSet } from '../../src/render/render.js';
import { inferAnswers, licenseOfText, repositoryOfLink, splitRepositoryUrl } from '../../src/update/adopt-infer.js';
import { parseSetupCfg } from '../../src/module-files/setup-cfg.js';
import { adopt } from '../../src/update/adopt.js';
import { update } from '../../src/update/update.js';
import { ROOT, git, read, removeDir, runCli, snapshot, tempDir, unmerged } from './support.js';

const FIXTURE = join(ROOT, 'test/fixtures/cookiecutter-minimal');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function cookiecutterModule(): string {
  const dir = tempDir();
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  rmSync(join(dir, 'SOURCE.md'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial commit');
  git(dir, 'remote', 'add', 'origin', 'https://github.com/ai4os-hub/plant-classifier.git');
  return dir;
}

const quiet = { print: () => {} };
const AUTHORS = [
  { name: 'Jane Doe', email: 'jane@uni.eu' },
  { name: 'Bob Smith', email: 'bob@lab.org' },
];

function yoRc(dir: string): Record<string, unknown> {
  return JSON.parse(read(dir, '.yo-rc.json'))['create-ai4os-module'];
}

describe('inferring answers', () => {
  it('reads the cookiecutter layout: metadata, pyproject, VERSION, Jenkins constants, Dockerfile, LICENSE', () => {
    const { raw, sources, created } = inferAnswers((path) => {
      try {
        return read(FIXTURE, path);
      } catch {
        return undefined;
      }
    });
    expect(raw).toEqual({
      title: 'Plant Classifier',
      summary: 'Classifies photos of plant leaves by species.',
      description:
        'plant_classifier is an application using the DEEPaaS API.\nClassifies photos of plant leaves by species, trained on a public herbarium.',
      tags: ['deep learning', 'plants'],
      tasks: ['Computer Vision', 'Classification'],
      categories: ['AI4 trainable'],
      libraries: ['TensorFlow'],
      dataTypes: ['Image'],
      gitBaseUrl: 'https://github.com/ai4os-hub',
      repoName: 'plant-classifier',
      dockerImage: 'ai4oshub/plant-classifier',
      license: 'MIT',
      authors: AUTHORS,
      packageName: 'plant_classifier',
      distributionName: 'plant-classifier',
      entryPointName: 'plant_classifier',
      entryPointTarget: 'plant_classifier.api',
      moduleVersion: '0.3.1',
      baseTag: '2.9.1',
      baseGpuTag: '2.9.1-gpu',
      baseImage: 'tensorflow/tensorflow',
    });
    expect(sources).toMatchObject({
      title: 'ai4-metadata.yml title',
      authors: 'pyproject.toml authors',
      license: 'LICENSE',
      baseTag: 'JenkinsConstants.groovy:6 base_cpu_tag',
      entryPointTarget: 'pyproject.toml entry point plant_classifier = plant_classifier.api',
    });
    expect(created).toEqual({ value: '2024-03-04', source: 'ai4-metadata.yml dates.created' });
  });

  it('reads setup.cfg (pbr era) when there is no pyproject.toml', () => {
    const setupCfg = [
      '[metadata]',
      'name = leaf-counter',
      'summary = Counts leaves',
      'author = Jane Doe, Bob Smith',
      'author_email = jane@uni.eu, bob@lab.org',
      'license = Apache 2.0',
      '',
      '[entry_points]',
      'deepaas.v2.model =',
      '    leaf_counter = leaf_counter.api',
      '',
    ].join('\n');
    expect(parseSetupCfg(setupCfg).entryPoints).toEqual([
      { group: 'deepaas.v2.model', name: 'leaf_counter', target: 'leaf_counter.api', file: 'setup.cfg', line: 10 },
    ]);
    const { raw } = inferAnswers((path) => (path === 'setup.cfg' ? setupCfg : undefined), {
      remoteUrl: 'git@github.com:deephdc/leaf-counter.git',
    });
    expect(raw).toMatchObject({
      repoName: 'leaf-counter',
      summary: 'Counts leaves',
      authors: AUTHORS,
      license: 'Apache-2.0',
      packageName: 'leaf_counter',
      gitBaseUrl: 'git@github.com:deephdc',
    });
  });

  it('takes the base tag from the Dockerfile when JenkinsConstants has it only in comments, and builds one image', () => {
    const files: Record<string, string> = {
      'JenkinsConstants.groovy':
        "import groovy.transform.Field\n//@Field\n//def base_cpu_tag = '1.0'\n/*\n@Field\ndef base_gpu_tag = '1.0-gpu'\n*/\n",
      Dockerfile: 'ARG tag=2.9.1\nFROM tensorflow/tensorflow:${tag}\nCMD ["deep-start", "--deepaas"]\n',
    };
    const { raw, sources } = inferAnswers((path) => files[path]);
    expect(raw).toMatchObject({ baseTag: '2.9.1', baseImage: 'tensorflow/tensorflow' });
    expect(raw.baseGpuTag).toBe('');
    expect(sources).toMatchObject({
      baseTag: 'Dockerfile:1 FROM, with the ARG defaults',
      baseGpuTag: 'JenkinsConstants.groovy without live base tags: the hub builds one image',
    });
  });

  it('takes the version from setup.cfg or pyproject.toml when there is no VERSION, and setup.cfg author lists', () => {
    const setupCfg =
      '[metadata]\nname = semseg\nversion = 0.4.0\nauthor = G. Cavallaro (FZJ), V. Kozlov (KIT)\nauthor-email = valentin.kozlov@kit.edu\n';
    expect(inferAnswers((path) => (path === 'setup.cfg' ? setupCfg : undefined))).toMatchObject({
      raw: {
        moduleVersion: '0.4.0',
        authors: [
          { name: 'G. Cavallaro (FZJ)', email: 'valentin.kozlov@kit.edu' },
          { name: 'V. Kozlov (KIT)', email: 'valentin.kozlov@kit.edu' },
        ],
      },
      sources: { moduleVersion: 'setup.cfg version', authors: 'setup.cfg authors' },
    });
    const pyproject = '[project]\nname = "x"\nversion = "1.2.0"\n';
    expect(inferAnswers((path) => (path === 'pyproject.toml' ? pyproject : undefined)).raw.moduleVersion).toBe('1.2.0');
    // What pip installs: a literal version in pyproject.toml, even beside a stale VERSION...
    expect(inferAnswers((path) => ({ 'pyproject.toml': pyproject, VERSION: '1.3.0\n' })[path]).raw.moduleVersion).toBe('1.2.0');
    // ...VERSION when pyproject.toml reads it...
    const dynamic = '[project]\nname = "x"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { file = "VERSION" }\n';
    expect(inferAnswers((path) => ({ 'pyproject.toml': dynamic, VERSION: '1.3.0\n' })[path])).toMatchObject({
      raw: { moduleVersion: '1.3.0' },
      sources: { moduleVersion: 'VERSION' },
    });
    // ...and for pbr, which ignores VERSION, the newest version tag.
    const pbr = { 'setup.cfg': '[metadata]\nname = x\n[files]\npackages = x\n', 'setup.py': 'setup(pbr=True)\n', VERSION: '0.1.0\n' };
    expect(inferAnswers((path) => pbr[path as keyof typeof pbr], { versionTags: ['latest', 'v1.0.0', '0.9.0'] })).toMatchObject({
      raw: { moduleVersion: '1.0.0' },
      sources: { moduleVersion: 'git tag v1.0.0 (pbr)' },
    });
  });

  it('reports an ai4-metadata.yml it cannot read instead of ignoring it', () => {
    const { raw, problems } = inferAnswers((path) => (path === 'ai4-metadata.yml' ? 'title: [unclosed\n' : undefined));
    expect(raw.title).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^ai4-metadata\.yml:\d+:\d+: Not valid YAML: .* \(its answers were not read\)$/)]);
  });

  it('reads metadata.json (v1) as migrate converts it, where there is no ai4-metadata.yml', () => {
    const v1 = read(ROOT, 'test/fixtures/real-modules/ai4os-hub__posenet-tf/metadata.json');
    const { raw, sources, created } = inferAnswers((path) => (path === 'metadata.json' ? v1 : undefined));
    expect(raw).toEqual({
      title: 'posenet-tf',
      summary: 'This is a plug-and-play tool to predict human poses in images.',
      description: 'posenet-tf is an application using the DEEPaaS API.\n\nThis is a plug-and-play tool to predict human poses in images.',
      license: 'MIT',
      dockerImage: 'ai4oshub/posenet-tf',
      tags: ['docker', 'api-v2'],
    });
    // sources.code, https://github.cai4os-hub/posenet-tf, is mistyped: no repository is taken from it.
    expect(sources).toMatchObject({
      title: 'metadata.json title',
      dockerImage: 'metadata.json links.docker_image',
      license: 'metadata.json license',
    });
    expect(created).toEqual({ value: '2025-06-12', source: 'metadata.json dates.created' });
  });

  it('takes the repository from links.source_code only when it names one, not a dashboard page', () => {
    const metadata = (url: string) => (path: string) =>
      path === 'ai4-metadata.yml' ? `title: X\nlinks:\n  source_code: ${url}\n` : undefined;
    const remoteUrl = 'https://token@github.com/ai4os-hub/fish-counter.git';
    expect(inferAnswers(metadata('https://dashboard.cloud.ai4eosc.eu/marketplace/modules/fish-counter'), { remoteUrl })).toMatchObject({
      raw: { gitBaseUrl: 'https://github.com/ai4os-hub', repoName: 'fish-counter' },
      sources: { gitBaseUrl: 'git remote origin', repoName: 'git remote origin' },
    });
    expect(inferAnswers(metadata('https://github.com/deephdc/fish-counter'), { remoteUrl })).toMatchObject({
      raw: { gitBaseUrl: 'https://github.com/deephdc' },
      sources: { gitBaseUrl: 'ai4-metadata.yml links.source_code' },
    });
    expect(repositoryOfLink('https://gitlab.example.org/group/sub/fish-counter.git')).toEqual({
      base: 'https://gitlab.example.org/group/sub',
      repo: 'fish-counter',
    });
    expect(repositoryOfLink('https://github.com/ai4os-hub')).toBeUndefined();
    expect(repositoryOfLink('https://github.com/ai4os-hub/x/tree/main')).toBeUndefined();
  });

  it('names licences from their text and repositories from their URLs', () => {
    expect(licenseOfText(read(ROOT, 'templates/licenses/Apache-2.0.txt'))).toBe('Apache-2.0');
    expect(licenseOfText(read(ROOT, 'templates/licenses/BSD-3-Clause.txt'))).toBe('BSD-3-Clause');
    expect(licenseOfText(read(ROOT, 'templates/licenses/AGPL-3.0-only.txt'))).toBe('AGPL-3.0-only');
    expect(licenseOfText(read(ROOT, 'templates/licenses/GPL-3.0-only.txt'))).toBe('GPL-3.0-only');
    expect(licenseOfText('All rights reserved.')).toBeUndefined();
    expect(splitRepositoryUrl('https://github.com/ai4os-hub/x.git')).toEqual({ base: 'https://github.com/ai4os-hub', repo: 'x' });
    expect(splitRepositoryUrl('x')).toBeUndefined();
  });
});

describe('ai4os-module adopt', () => {
  it('shows the answers and what an update would change, and writes nothing with --dry-run', () => {
    const dir = cookiecutterModule();
    const before = snapshot(dir);
    const result = runCli(['adopt', '--dry-run'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/title +"Plant Classifier" +\(ai4-metadata\.yml title\)/);
    expect(result.stdout).toMatch(/authors +Jane Doe <jane@uni\.eu>, Bob Smith <bob@lab\.org> +\(pyproject\.toml authors\)/);
    expect(result.stdout).toMatch(/cpu +1\n/);
    expect(result.stdout).toMatch(/added +\.dockerignore/);
    expect(result.stdout).toContain(
      "  plant_classifier/model.py: your plant_classifier/api.py is your own; only the template's API module uses it",
    );
    expect(result.stdout).toMatch(/CONFLICT +Dockerfile/);
    expect(snapshot(dir)).toBe(before);
  });

  it('records the answers; the first update adds the template files and leaves differing ones in conflict', async () => {
    const dir = cookiecutterModule();
    const adopted = await adopt({ cwd: dir, set: { cpu: '2' }, ...quiet });
    expect(adopted.status).toBe('adopted');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'show', '--stat', '--format=%s', 'HEAD')).toMatch(/^Adopt the module[^]*\.yo-rc\.json \| \d+/);
    expect(yoRc(dir)).toMatchObject({
      _template: '0.0.0+adopted',
      _created: '2024-03-04',
      'repo-name': 'plant-classifier',
      'package-name': 'plant_classifier',
      'module-version': '0.3.1',
      license: 'MIT',
      'base-image': 'tensorflow/tensorflow',
      cpu: 2,
    });
    expect(runCli(['check'], dir)).toMatchObject({ code: 1, stdout: expect.stringMatching(/^Adopted module, not yet updated/) });

    const outcome = await update({ cwd: dir, ...quiet });
    expect(outcome.status).toBe('conflicts');
    const conflicted = unmerged(dir);
    expect(conflicted).toEqual(expect.arrayContaining(['Dockerfile', 'README.md', 'pyproject.toml']));
    // The api.py serving its entry point is the owner's: kept as it is, not merged.
    expect(conflicted).not.toContain('plant_classifier/api.py');
    expect(read(dir, 'plant_classifier/api.py')).toBe(read(FIXTURE, 'plant_classifier/api.py'));
    // Identical files merge silently; files only the template has are added.
    expect(conflicted).not.toContain('VERSION');
    for (const added of ['.dockerignore', 'nomad/plant-classifier.nomad.hcl']) {
      expect(existsSync(join(dir, added)), added).toBe(true);
    }
    // Its api.py is the owner's: the template's model.py and its tests (the autouse fixture) stay out.
    for (const held of ['plant_classifier/model.py', 'tests/conftest.py']) expect(existsSync(join(dir, held)), held).toBe(false);
    // The module's own files stay as they are.
    expect(read(dir, 'plant_classifier/misc.py')).toBe(read(FIXTURE, 'plant_classifier/misc.py'));
    expect(read(dir, 'Dockerfile')).toMatch(/<<<<<<< yours\n[^]*=======\n[^]*>>>>>>> template 1\.3\.0/);

    // The owner keeps their version of every conflicted file, then commits.
    git(dir, 'checkout', '--ours', '--', ...conflicted);
    git(dir, 'add', '--', ...conflicted);
    git(dir, 'commit', '-q', '--no-edit');
    expect(read(dir, 'Dockerfile')).toBe(read(FIXTURE, 'Dockerfile'));
    expect(runCli(['check'], dir).code).toBe(0);
    expect((await update({ cwd: dir, ...quiet })).status).toBe('up-to-date');
  });

  it('with --link keeps the files and takes only later template changes', async () => {
    const dir = cookiecutterModule();
    const before = git(dir, 'rev-parse', 'HEAD^{tree}');
    expect((await adopt({ cwd: dir, link: true, ...quiet })).status).toBe('linked');
    expect(git(dir, 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe('.yo-rc.json');
    expect(git(dir, 'rev-parse', 'HEAD~1^{tree}')).toBe(before);
    expect(yoRc(dir)).toMatchObject({ _template: '1.3.0', _pristine: git(dir, 'rev-parse', 'HEAD^2') });
    expect((await update({ cwd: dir, ...quiet })).status).toBe('up-to-date');

    // A later template version adds a file and changes one the module never had: the first
    // arrives, the second stays absent (the module's files are what it has now).
    const next = tempDir('ai4os-templates-');
    dirs.push(next);
    cpSync(join(ROOT, 'templates'), next, { recursive: true });
    const manifest = JSON.parse(read(next, 'template.json')) as { version: string; files: { templates: string[] }[] };
    manifest.files.at(-1)!.templates.push('dot-editorconfig.ejs');
    writeFileSync(join(next, 'template.json'), JSON.stringify({ ...manifest, version: '1.3.1' }));
    writeFileSync(join(next, 'module/dot-editorconfig.ejs'), 'root = true\n');
    writeFileSync(join(next, 'module/__pkg__/model.py.ejs'), `${read(next, 'module/__pkg__/model.py.ejs')}\n# 1.3.1\n`);
    const printed: string[] = [];
    const outcome = await update({ cwd: dir, templates: loadTemplateSet(next), print: (t) => printed.push(t) });
    expect(outcome.status).toBe('updated');
    expect(read(dir, '.editorconfig')).toBe('root = true\n');
    expect(existsSync(join(dir, 'plant_classifier/model.py'))).toBe(false);
    expect(printed.join('\n')).toMatch(/plant_classifier\/model\.py: you deleted it/);
    expect(read(dir, 'Dockerfile')).toBe(read(FIXTURE, 'Dockerfile'));
  });

  it('refuses a module that already records its answers, and a dirty tree', async () => {
    const dir = cookiecutterModule();
    writeFileSync(join(dir, 'README.md'), 'changed\n');
    await expect(adopt({ cwd: dir, ...quiet })).rejects.toThrow(/not committed/);
    git(dir, 'checkout', 'README.md');
    await adopt({ cwd: dir, ...quiet });
    await expect(adopt({ cwd: dir, ...quiet })).rejects.toThrow(/already has a \.yo-rc\.json/);
  });

  it('says which files it could not read, and keeps a valid memory_MB: 1000', async () => {
    const dir = cookiecutterModule();
    writeFileSync(join(dir, 'ai4-metadata.yml'), `${read(dir, 'ai4-metadata.yml')}resources:\n  inference:\n    memory_MB: 1000\n`);
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "a"\n[project]\nversion = "1"\n');
    git(dir, 'commit', '-q', '-am', 'A broken pyproject.toml');
    const printed: string[] = [];
    const outcome = await adopt({ cwd: dir, dryRun: true, set: { authors: 'Jane Doe <jane@uni.eu>' }, print: (t) => printed.push(t) });
    expect(outcome.answers.memory).toBe(1000);
    expect(printed.join('\n')).toMatch(/Problems [^\n]*:\n {2}pyproject\.toml:3: not valid TOML: /);
  });

  it('never records, writes or prints credentials of the git remote', () => {
    const token = 'ghp_S3cretT0kenValue';
    const dir = cookiecutterModule();
    writeFileSync(
      join(dir, 'ai4-metadata.yml'),
      read(dir, 'ai4-metadata.yml').replace(/source_code: .*/, `source_code: https://jane:${token}@github.com/ai4os-hub/plant-classifier`),
    );
    git(dir, 'commit', '-q', '-am', 'A source URL with a token');
    git(dir, 'remote', 'set-url', 'origin', `https://jane:${token}@github.com/ai4os-hub/plant-classifier.git`);
    const adopted = runCli(['adopt', '--yes'], dir);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toMatch(/git-base-url +"https:\/\/github\.com\/ai4os-hub"/);
    const updated = runCli(['update'], dir);
    expect(updated.code, updated.stderr).not.toBeNull();
    const written = execFileSync('grep', ['-rl', '--exclude-dir=.git', token, '.'], { cwd: dir, encoding: 'utf8' }).trim();
    // The user's own metadata file still has it (adopt writes nothing there); nothing else does.
    expect(written).toBe('./ai4-metadata.yml');
    const committed = git(dir, 'log', '-p', '--all', '--format=%B', '--', ':!ai4-metadata.yml');
    expect(committed).not.toContain(token);
    expect(`${adopted.stdout}${adopted.stderr}${updated.stdout}${updated.stderr}`).not.toContain(token);
  });

  it('takes defaults for values it finds but cannot use, and says so', async () => {
    const dir = cookiecutterModule();
    writeFileSync(join(dir, 'ai4-metadata.yml'), read(dir, 'ai4-metadata.yml').replace(/tasks:\n( {2}- .*\n)+/, 'tasks: []\n'));
    git(dir, 'commit', '-q', '-am', 'Empty tasks, as the cookiecutter left them');
    const printed: string[] = [];
    await adopt({ cwd: dir, dryRun: true, print: (t) => printed.push(t) });
    expect(printed.join('\n')).toMatch(/Not found in the module[^]*tasks +Other\n/);
  });
});

/**
 * Fresh output of each official cookiecutter template (PyPI `cookiecutter`, the template
 * sources vendored in test/fixtures/cookiecutter-templates/, explicit answers: plain
 * `--no-input` fails on all three), adopted and updated:
 *  - the base `adopt` records is byte for byte what cookiecutter wrote, for every path it holds;
 *  - with no owner edits, neither adopt's plan nor the update has a conflict;
 *  - with an owner edit, exactly that edit survives: the result differs from the clean
 *    update's in that file only, and there it is the owner's text.
 * The templates' hooks run as they do for their users (git init, branches); the child
 * template's hook asks Docker Hub for a `gpu` tag, which fails here (no network): its
 * JenkinsConstants then has no tags, as for any user offline.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBin, tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';
import { runAsync } from '../support/spawn.js';

const TEMPLATES = fileURLToPath(new URL('../fixtures/cookiecutter-templates/', import.meta.url));
const ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Jane Doe',
  GIT_AUTHOR_EMAIL: 'jane@example.org',
  GIT_COMMITTER_NAME: 'Jane Doe',
  GIT_COMMITTER_EMAIL: 'jane@example.org',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  // The child template's hook calls Docker Hub: refused at once, on the loopback.
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
};

interface Case {
  template: string;
  detected: string;
  answers: string[];
  repo: string;
  /** What adopt cannot read from this template's output. */
  set: string[];
  /**
   * The file the owner edits, the line the edit goes before, and whether it conflicts: a file our
   * template writes too does, except the API module, which the update of an adopted module keeps as the owner's.
   */
  edit: { path: string; after: string; conflicts: boolean };
}

const CASES: Case[] = [
  {
    template: 'ai4-template-2.0.0',
    detected: 'ai4-template 2.0.0',
    answers: [
      'project_name=Soil Moisture',
      'author_name=Jane Doe',
      'author_email=jane@example.org',
      'description=Estimates soil moisture',
      'open_source_license=MIT',
      'docker_baseimage=tensorflow/tensorflow',
      'baseimage_tag=2.9.1',
    ],
    repo: 'soil-moisture',
    set: [],
    edit: { path: 'soil_moisture/api.py', after: 'def get_metadata():', conflicts: false },
  },
  {
    template: 'ai4-template-2.1.5',
    detected: 'ai4-template 2.1.5',
    answers: [
      'project_name=Plant Classifier',
      'author_name=Jane Doe',
      'author_email=jane@example.org',
      "description=Classifies plants' leaves",
      'app_version=1.2.3',
      'open_source_license=Apache 2.0',
      'docker_baseimage=tensorflow/tensorflow',
      'baseimage_tag=2.15.0',
      'baseimage_gpu_tag=2.15.0-gpu',
    ],
    repo: 'plant-classifier',
    set: [],
    edit: { path: 'plant_classifier/api.py', after: 'def get_metadata():', conflicts: false },
  },
  {
    template: 'ai4-template-main',
    detected: 'ai4-template 2.2.0',
    answers: [
      'project_name=Leaf Counter',
      'author_name=Jane Doe, Bob Brown',
      'author_email=jane@example.org, bob@example.org',
      'description=Counts leaves',
      'app_version=0.1.0',
      'open_source_license=AGPL-3.0-only',
      'docker_baseimage=pytorch/pytorch',
      'baseimage_tag=2.5.1-cuda12.4-cudnn9-runtime',
    ],
    repo: 'leaf-counter',
    set: [],
    edit: { path: 'leaf_counter/api.py', after: 'def get_metadata():', conflicts: false },
  },
  {
    template: 'ai4-cookiecutter-adv-2.0.1',
    detected: 'ai4-cookiecutter-adv 2.0.1',
    answers: [
      'model_name=Crop Yield',
      'author_name=Jane Doe',
      'author_email=jane@example.org',
      'description=Predicts crop yield',
      'app_version=0.3.0',
      'open_source_license=MIT',
    ],
    repo: 'crop-yield-api',
    set: [],
    edit: { path: 'api/__init__.py', after: 'def get_metadata():', conflicts: false },
  },
  {
    template: 'ai4-cookiecutter-child-main',
    detected: 'ai4-cookiecutter-child 2.1.1',
    answers: [
      'project_name=Bird Finder',
      'author_name=Jane Doe',
      'author_email=jane@example.org',
      'description=Finds birds',
      'open_source_license=BSD-3-Clause',
    ],
    repo: 'bird-finder',
    set: ['--set', 'authors=Jane Doe <jane@example.org>', '--set', 'variant=child'],
    edit: { path: 'Dockerfile', after: 'LABEL version=', conflicts: true },
  },
];

const git = (cwd: string, args: string[]) => runAsync('git', args, { cwd, env: { ...process.env, ...ENV } });

function cli(cwd: string, args: string[]) {
  return runBin('cli', args, { cwd, env: ENV });
}

/** Every committed file of HEAD, path -> text. */
async function filesAt(cwd: string, rev: string): Promise<Map<string, string>> {
  const paths = (await git(cwd, ['ls-tree', '-r', '--name-only', rev])).split('\n').filter(Boolean);
  const files = new Map<string, string>();
  for (const path of paths) files.set(path, await git(cwd, ['show', `${rev}:${path}`]));
  return files;
}

/** The template's output in a git repository of its own, as its user has it. */
async function freshOutput(c: Case): Promise<string> {
  const out = tempDir('legacy-cookiecutter-');
  await runAsync(venvBin('cookiecutter'), ['--no-input', join(TEMPLATES, c.template), ...c.answers], {
    cwd: out,
    env: { ...process.env, ...ENV, HOME: out },
  });
  const dir = join(out, c.repo);
  if (!existsSync(join(dir, '.git'))) {
    await git(dir, ['init', '-q', '-b', 'main']);
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', 'initial commit']);
  }
  return dir;
}

describe.each(CASES)('adopting fresh output of $template', (c) => {
  it('records what cookiecutter wrote as the base: no conflicts; an owner edit is all that differs', async () => {
    const clean = await freshOutput(c);
    const fresh = await filesAt(clean, 'HEAD');
    // The same folder name: adopt takes defaults from it.
    const edited = join(tempDir('legacy-edited-'), c.repo);
    cpSync(clean, edited, { recursive: true });
    const original = readFileSync(join(edited, c.edit.path), 'utf8');
    const line = '# my own line, kept by every update';
    expect(original).toContain(c.edit.after);
    const ownText = original.replace(c.edit.after, `${line}\n${c.edit.after}`);
    writeFileSync(join(edited, c.edit.path), ownText);
    await git(edited, ['commit', '-q', '-am', 'my edit']);

    const adopted = cli(clean, ['adopt', ...c.set]);
    expect(adopted.stderr).toBe('');
    expect(adopted.status).toBe(0);
    expect(adopted.stdout).toContain(`The module looks made by ${c.detected}`);
    expect(adopted.stdout).toContain('No file conflicts.');

    const yoRc = JSON.parse(readFileSync(join(clean, '.yo-rc.json'), 'utf8'));
    const pristine: string = yoRc['create-ai4os-module']._pristine;
    const base = await filesAt(clean, pristine);
    expect(base.size).toBeGreaterThan(5);
    for (const [path, text] of base) expect({ path, text }).toEqual({ path, text: fresh.get(path) });

    const updated = cli(clean, ['update']);
    expect(updated.status).toBe(0);
    // (Untracked files aside: the old template's .gitignore hid .vscode/, ours does not.)
    expect(await git(clean, ['status', '--porcelain', '--untracked-files=no'])).toBe('');

    expect(cli(edited, ['adopt', ...c.set]).status).toBe(0);
    const editedUpdate = cli(edited, ['update']);
    const conflicted = (await git(edited, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
    // An edit to a file our template writes too conflicts there (the template's side changed it whole); to another file,
    // or to the API module (held back as the owner's), nowhere.
    expect(conflicted).toEqual(c.edit.conflicts ? [c.edit.path] : []);
    expect(editedUpdate.status === 0).toBe(!c.edit.conflicts);
    if (c.edit.conflicts) await git(edited, ['checkout', '--ours', '--', c.edit.path]);
    expect(readFileSync(join(edited, c.edit.path), 'utf8')).toBe(ownText);

    const after = await filesAt(clean, 'HEAD');
    const differing: string[] = [];
    for (const path of new Set([...after.keys(), ...(await filesAt(edited, 'HEAD')).keys()])) {
      if (path === '.yo-rc.json') continue;
      const mine = existsSync(join(edited, path)) ? readFileSync(join(edited, path), 'utf8') : undefined;
      if (mine !== after.get(path)) differing.push(path);
    }
    expect(differing).toEqual([c.edit.path]);
  });
});

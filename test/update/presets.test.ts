/**
 * `update --set framework=...` and `--set variant=...` on real git repositories, and the
 * version steps 1.1.0 -> 1.2.0 (variants and presets) and 1.2.0 -> 1.3.0 (PDF replies, tracking
 * tests) from the fixtures test/fixtures/templates-1.1.0 and templates-1.2.0.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { update } from '../../src/update/update.js';
import { CHILD } from '../support/answers.js';
import { answersWith, commitAll, createdRepo, edit, filesAt110, filesAt120, filesAtCurrent, git, read, removeDir } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function created(raw = {}, files = filesAtCurrent, version = '1.3.0'): Promise<string> {
  const dir = createdRepo(files(await answersWith(raw)), version);
  dirs.push(dir);
  return dir;
}

const stored = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))['create-ai4os-module'];
const libraries = (dir: string) => parseYaml(read(dir, 'ai4-metadata.yml'), { version: '1.1' }).libraries;

describe('update --set framework=...', () => {
  it("moves a module to another preset: base image and tags, libraries, requirements; the owner's edits stay", async () => {
    const dir = await created();
    edit(dir, 'requirements.txt', (t) => `pandas>=2\n${t}`);
    edit(dir, 'demo_model/model.py', (t) => t.replace('MODEL_FILE = "model.json"', 'MODEL_FILE = "weights.json"'));
    commitAll(dir, 'Owner edits');
    const lines: string[] = [];
    const outcome = await update({ cwd: dir, set: { framework: 'tensorflow' }, print: (l) => lines.push(l) });
    expect(outcome).toMatchObject({ status: 'updated' });
    expect(lines.join('\n')).toMatch(/Changed answers: framework, base-image, base-tag, base-gpu-tag, libraries/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(read(dir, 'Dockerfile')).toMatch(/^ARG tag=2\.15\.0\nFROM tensorflow\/tensorflow:\$\{tag\}$/m);
    expect(read(dir, 'JenkinsConstants.groovy')).toMatch(/def base_cpu_tag = '2\.15\.0'\n\n@Field\ndef base_gpu_tag = '2\.15\.0-gpu'/);
    expect(read(dir, 'requirements.txt')).toMatch(/^pandas>=2\n[^]*\ntensorflow>=2\.15,<2\.16\n$/);
    expect(read(dir, 'demo_model/model.py')).toMatch(/MODEL_FILE = "weights.json"[^]*import tensorflow/);
    expect(libraries(dir)).toEqual(['TensorFlow', 'Keras']);
    expect(stored(dir)).toMatchObject({ framework: 'tensorflow', 'base-image': 'tensorflow/tensorflow', 'base-gpu-tag': '2.15.0-gpu' });

    await update({ cwd: dir, set: { framework: 'pytorch' }, print: () => {} });
    expect(read(dir, 'Dockerfile')).toMatch(/^FROM pytorch\/pytorch:\$\{tag\}$/m);
    expect(read(dir, 'JenkinsConstants.groovy')).not.toMatch(/^def base_gpu_tag/m);
    expect(read(dir, 'requirements.txt')).not.toMatch(/tensorflow/);
    expect(read(dir, 'requirements.txt')).toMatch(/^torch>=2\.4,<2\.5$/m);
    expect(libraries(dir)).toEqual(['PyTorch']);
  });

  it("keeps an answer the owner had changed from the old preset's value", async () => {
    const dir = await created({ libraries: 'Other,Keras' });
    await update({ cwd: dir, set: { framework: 'sklearn' }, print: () => {} });
    expect(libraries(dir)).toEqual(['Other', 'Keras']);
    expect(read(dir, 'requirements.txt')).toMatch(/^scikit-learn>=1\.5,<1\.6$/m);
  });
});

describe('update --set variant=...', () => {
  it('refuses minimal -> child, saying why, and changes nothing', async () => {
    const dir = await created();
    const head = git(dir, 'rev-parse', 'HEAD');
    await expect(
      update({ cwd: dir, set: { variant: 'child', baseImage: 'ai4oshub/ai4os-demo-app', baseTag: 'latest' }, print: () => {} }),
    ).rejects.toThrow(/variant minimal -> child is not a clean move: a child has no Python package, so the update would delete yours/);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('moves minimal -> advanced by a merge, and refuses advanced -> minimal', async () => {
    const dir = await created();
    edit(dir, 'demo_model/config.py', (t) => `${t}\n# Owner note\n`);
    commitAll(dir, 'Owner edits');
    const outcome = await update({ cwd: dir, set: { variant: 'advanced' }, print: () => {} });
    expect(outcome).toMatchObject({ status: 'updated' });
    expect(read(dir, 'demo_model/api.py')).toMatch(/^schema = schemas\.Prediction$/m);
    expect(read(dir, 'demo_model/config.py')).toMatch(/# Owner note\n$/);
    expect(git(dir, 'ls-files', 'tests')).toMatch(/tests\/test_deepaas\.py/);
    await expect(update({ cwd: dir, set: { variant: 'minimal' }, print: () => {} })).rejects.toThrow(
      /variant advanced -> minimal is not a clean move: the update would delete schemas\.py/,
    );
  });
});

describe('update --set variant=... from a child', () => {
  it('refuses child -> minimal, saying why, and changes nothing', async () => {
    const dir = await created(CHILD);
    const head = git(dir, 'rev-parse', 'HEAD');
    await expect(update({ cwd: dir, set: { variant: 'minimal' }, print: () => {} })).rejects.toThrow(
      /variant child -> minimal is not a clean move: a child has no Python package to keep, and the new one would replace its Dockerfile/,
    );
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('update across the step 1.1.0 -> 1.2.0', () => {
  it('adds the new answers from the stored base image, and gives the old PyTorch preset one image', async () => {
    const dir = await created(
      { framework: 'pytorch', baseGpuTag: '' },
      (answers) => filesAt110({ ...answers, baseGpuTag: answers.baseTag }),
      '1.1.0',
    );
    expect(read(dir, 'JenkinsConstants.groovy')).toMatch(/base_gpu_tag = '2\.4\.1-cuda12\.1-cudnn9-runtime'/);
    const lines: string[] = [];
    const outcome = await update({ cwd: dir, print: (l) => lines.push(l) });
    expect(outcome).toMatchObject({ status: 'updated', from: '1.1.0', to: '1.3.0' });
    expect(lines.join('\n')).toMatch(/New question: variant = "minimal"/);
    expect(lines.join('\n')).toMatch(/New question: framework = "pytorch"/);
    expect(stored(dir)).toMatchObject({ _template: '1.3.0', variant: 'minimal', framework: 'pytorch', 'base-gpu-tag': '' });
    expect(read(dir, 'JenkinsConstants.groovy')).not.toMatch(/^def base_gpu_tag/m);
    expect(read(dir, 'requirements.txt')).toMatch(/^torch>=2\.4,<2\.5$/m);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('update across the step 1.2.0 -> 1.3.0', () => {
  it("gives an advanced module PDF replies and the tracking tests; the owner's edits stay", async () => {
    const dir = await created({ variant: 'advanced' }, filesAt120, '1.2.0');
    edit(dir, 'demo_model/responses.py', (t) => t.replace('WIDTH, HEIGHT = 200, 20', 'WIDTH, HEIGHT = 400, 40'));
    commitAll(dir, 'Owner edits');
    const outcome = await update({ cwd: dir, print: () => {} });
    expect(outcome).toMatchObject({ status: 'updated', from: '1.2.0', to: '1.3.0' });
    expect(read(dir, 'demo_model/responses.py')).toMatch(/^WIDTH, HEIGHT = 400, 40$/m);
    expect(read(dir, 'demo_model/responses.py')).toMatch(/^def pdf_page\(text\):$/m);
    expect(read(dir, 'demo_model/schemas.py')).toMatch(/^FORMATS = \["application\/json", "image\/png", "application\/pdf"\]$/m);
    expect(git(dir, 'ls-files', 'tests')).toMatch(/^tests\/test_tracking\.py$/m);
    expect(stored(dir)).toMatchObject({ _template: '1.3.0', variant: 'advanced' });
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

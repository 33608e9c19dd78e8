/**
 * The bin in a real terminal (a pseudo-terminal driven by test/support/pty_driver.py): the
 * questions a person sees, answers refused as they are entered, the summary and confirmation,
 * and Yeoman's conflict prompt.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BINS, runBin, tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';
import { LIBRARIES } from '../../src/answers/questions.js';

const DRIVER = fileURLToPath(new URL('../support/pty_driver.py', import.meta.url));
const CREATE = BINS.create;
const ENTER = '\r';
const DOWN = '\x1b[B';
const SPACE = ' ';
const CTRL_C = '\x03';

/** Each step: wait for the text, then type the keys. */
function converse(
  cwd: string,
  args: string[],
  steps: [RegExp, string][],
  env: NodeJS.ProcessEnv = {},
): { status: number; output: string; raw: string } {
  const script = JSON.stringify(steps.map(([pattern, keys]) => [pattern.source, keys]));
  // A person at a terminal: CI's own variables (CI=true turns colours off) are not theirs.
  const { CI: _ci, NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...person } = process.env;
  const out = execFileSync(venvBin('python'), [DRIVER, script, '--', process.execPath, CREATE, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...person, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env },
  });
  return JSON.parse(out);
}

/** The offer to run the module at once, declined as pressing Enter does. */
const DECLINE_DEPLOY: [RegExp, string] = [/Run it here now\?/, ENTER];

/** The questions up to the confirmation, with the defaults but for the title, author and libraries. */
function essentials(title: string, libraryKeys = ENTER): [RegExp, string][] {
  return [
    [/Title of the module/, `${title}${ENTER}`],
    [/Summary/, ENTER],
    [/Description/, ENTER],
    [/Authors/, `Jane Doe <jane@uni.eu>${ENTER}`],
    [/Licence/, ENTER],
    [/Kind of module/, ENTER],
    [/Framework/, ENTER],
    [/Libraries/, libraryKeys],
    [/Tasks/, ENTER],
    [/Marketplace categories/, ENTER],
    [/Types of data/, ENTER],
    [/Tags/, ENTER],
    [/Change advanced settings/, ENTER],
  ];
}

describe('interactive creation', () => {
  it('asks the essential questions, refuses a bad author as it is entered, and creates the module', () => {
    const cwd = tempDir();
    const { status, output } = converse(
      cwd,
      ['--no-git'],
      [
        [/Title of the module/, `Soil Moisture${ENTER}`],
        [/Summary/, ENTER],
        [/Description/, ENTER],
        [/Authors/, `Jane Doe${ENTER}`],
        [/write each author as "Name <email>"/, `\x15Jane Doe <jane@uni.eu>${ENTER}`],
        [/Licence/, `${DOWN}${ENTER}`],
        [/Kind of module/, ENTER],
        [/Framework/, `${DOWN}${DOWN}${ENTER}`],
        [/Libraries/, ENTER],
        [/Tasks/, ENTER],
        [/Marketplace categories/, ENTER],
        [/Types of data/, ENTER],
        [/Tags/, `soil, moisture${ENTER}`],
        [/Change advanced settings/, ENTER],
        [/Create it in soil-moisture\?/, ENTER],
        DECLINE_DEPLOY,
      ],
    );
    expect(output).toContain('Created Soil Moisture in soil-moisture');
    expect(status).toBe(0);
    const stored = JSON.parse(readFileSync(join(cwd, 'soil-moisture', '.yo-rc.json'), 'utf8'))['create-ai4os-module'];
    expect(stored).toMatchObject({
      title: 'Soil Moisture',
      license: 'Apache-2.0',
      tags: ['soil', 'moisture'],
      authors: [{ name: 'Jane Doe', email: 'jane@uni.eu' }],
      // The framework chosen at the prompt decides the base image and the libraries offered.
      variant: 'minimal',
      framework: 'pytorch',
      'base-image': 'pytorch/pytorch',
      libraries: ['PyTorch'],
    });
  });

  it('refuses a pick the rule forbids (a framework for a child) and asks again; the parent from the local catalog copy gives defaults', () => {
    const cwd = tempDir();
    // Offline (nothing listens on port 9), with the parent's metadata kept from an earlier run.
    const cache = tempDir();
    mkdirSync(join(cache, 'ai4os-module', 'catalog'), { recursive: true });
    writeFileSync(
      join(cache, 'ai4os-module', 'catalog', 'ai4os-audio-classification-tf.json'),
      JSON.stringify({
        title: 'Audio classifier',
        libraries: ['TensorFlow', 'Keras'],
        tasks: ['Classification'],
        categories: ['AI4 pre trained', 'AI4 inference'],
        'data-type': ['Audio'],
        tags: ['deep learning', 'audio classification'],
      }),
    );
    const { status, output } = converse(
      cwd,
      ['--no-git'],
      [
        [/Title of the module/, `Birds Retrained${ENTER}`],
        [/Summary/, ENTER],
        [/Description/, ENTER],
        [/Authors/, `Jane Doe <jane@uni.eu>${ENTER}`],
        [/Licence/, ENTER],
        [/Kind of module/, `${DOWN}${DOWN}${ENTER}`],
        [/Framework/, `${DOWN}${ENTER}`],
        // Refused with the rule, then asked again (the default, none, taken).
        [/> framework must be none for a child module[\s\S]*Framework/, ENTER],
        // A child's parent and its tag are asked in the first round; the framework images are not offered.
        [/Base Docker image/, `ai4oshub/ai4os-audio-classification-tf${ENTER}`],
        [/Tag of the base image for CPU/, `cpu${ENTER}`],
        [/Libraries the model uses \(none ticked: TensorFlow, Keras\)/, ENTER],
        [/Tasks/, ENTER],
        [/Marketplace categories/, ENTER],
        [/Types of data/, ENTER],
        [/Tags/, ENTER],
        [/Change advanced settings/, ENTER],
        [/Create it in birds-retrained\?/, ENTER],
      ],
      { AI4OS_API: 'http://127.0.0.1:9', XDG_CACHE_HOME: cache },
    );
    expect(status, output).toBe(0);
    expect(output).toMatch(
      /✔ Framework[^✔]*requirements\) tensorflow\r?\n> framework must be none for a child module \(it runs the framework of its parent image\)/,
    );
    expect(output).toContain(
      'Parent ai4oshub/ai4os-audio-classification-tf: Audio classifier (metadata from the local copy of the catalog).',
    );
    expect(output).not.toMatch(/Base Docker image[^\n]*\n[^\n]*pytorch\/pytorch/);
    const stored = JSON.parse(readFileSync(join(cwd, 'birds-retrained', '.yo-rc.json'), 'utf8'))['create-ai4os-module'];
    expect(stored).toMatchObject({
      variant: 'child',
      framework: 'none',
      'base-image': 'ai4oshub/ai4os-audio-classification-tf',
      'base-tag': 'cpu',
      libraries: ['TensorFlow', 'Keras'],
      tasks: ['Classification'],
      categories: ['AI4 pre trained', 'AI4 inference'],
      'data-types': ['Audio'],
      tags: ['deep learning', 'audio classification'],
    });
    const metadata = readFileSync(join(cwd, 'birds-retrained', 'ai4-metadata.yml'), 'utf8');
    expect(metadata).toMatch(/^ {2}base_model: https:\/\/github\.com\/ai4os-hub\/ai4os-audio-classification-tf$/m);
  });

  it('asks before writing into a non-empty directory, then lets Yeoman ask about each conflict', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'existing'));
    writeFileSync(join(cwd, 'existing', 'README.md'), 'my notes\n');
    const answers: [RegExp, string][] = [
      [/existing is not empty\. Write the module into it anyway\?/, `y${ENTER}`],
      // The title's default comes from the directory name: Enter takes it.
      ...essentials(''),
      [/Create it in existing\?/, ENTER],
      [/Overwrite existing\/README\.md\?/, `n${ENTER}`],
      DECLINE_DEPLOY,
    ];
    const { status, output } = converse(cwd, ['existing', '--no-git'], answers);
    expect(status).toBe(0);
    expect(output).toMatch(/skip\s+existing\/README\.md/);
    expect(readFileSync(join(cwd, 'existing', 'README.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(join(cwd, 'existing', 'ai4-metadata.yml'), 'utf8')).toMatch(/^title: Existing$/m);
  });

  it('gives the same metadata as the flags for the same choices (no choice ticked unseen)', () => {
    const prompted = tempDir();
    const pytorch = `${DOWN.repeat(LIBRARIES.indexOf('PyTorch'))}${SPACE}${ENTER}`;
    const { status } = converse(
      prompted,
      ['--no-git'],
      [...essentials('Torch Model', pytorch), [/Create it in torch-model\?/, ENTER], DECLINE_DEPLOY],
    );
    expect(status).toBe(0);
    const flagged = tempDir();
    const run = runBin(
      'create',
      ['--yes', '--no-git', '--title', 'Torch Model', '--author', 'Jane Doe <jane@uni.eu>', '--libraries', 'PyTorch'],
      { cwd: flagged },
    );
    expect(run.status).toBe(0);
    const read = (cwd: string, file: string) => readFileSync(join(cwd, 'torch-model', file), 'utf8');
    expect(read(prompted, 'ai4-metadata.yml')).toMatch(/^libraries:\n {2}- PyTorch\n(?! {2}-)/m);
    expect(read(prompted, 'ai4-metadata.yml')).toBe(read(flagged, 'ai4-metadata.yml'));
    expect(read(prompted, '.yo-rc.json')).toBe(read(flagged, '.yo-rc.json'));
  });

  it('ends the questions with a summary; no at the confirmation writes nothing', () => {
    const cwd = tempDir();
    const { status, output } = converse(cwd, ['--no-git'], [...essentials('Not Yet'), [/Create it in not-yet\?/, `n${ENTER}`]]);
    expect(output).toMatch(/title +Not Yet\r?\n[^\n]*\n +package-name +not_yet/);
    expect(output).toMatch(/libraries +Other/);
    expect(output).toContain('Not created; nothing was written.');
    expect(status).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Ctrl-C at a question says only that it was cancelled', () => {
    const cwd = tempDir();
    const { status, output } = converse(
      cwd,
      ['--no-git'],
      [
        [/Title of the module/, `Stop${ENTER}`],
        [/Summary/, CTRL_C],
      ],
    );
    expect(status).toBe(130);
    expect(output).toContain('Cancelled; nothing was written.');
    expect(output).not.toMatch(/error occured|#prompting|at .*\.js/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints no colour codes for Yeoman’s file list when NO_COLOR is set, in a terminal too', () => {
    const steps: [RegExp, string][] = [...essentials('Plain'), [/Create it in plain\?/, ENTER], DECLINE_DEPLOY];
    expect(converse(tempDir(), ['--no-git'], steps).raw).toMatch(/\x1b\[32m +create\x1b\[39m plain\/VERSION/);
    const { status, raw } = converse(tempDir(), ['--no-git'], steps, { NO_COLOR: '1' });
    expect(status).toBe(0);
    expect(raw).toMatch(/\n +create plain\/VERSION/);
  });

  it('offers to run and to publish the new module, and Enter declines both', () => {
    const cwd = tempDir();
    const { status, output } = converse(
      cwd,
      [],
      [
        ...essentials('Hand Off'),
        [/Create it in hand-off\?/, ENTER],
        [/Run it here now\? \(ai4os-module deploy/, ENTER],
        [/Publish it now\? \(ai4os-module publish/, ENTER],
      ],
    );
    expect(status).toBe(0);
    expect(output).toMatch(/✔ Run it here now\?[\s\S]{0,120}?No/);
    expect(output).toMatch(/✔ Publish it now\?[\s\S]{0,120}?No/);
    expect(output).not.toMatch(/Installing|deepaas-run|Tagged|Pushed/);
    expect(readdirSync(join(cwd, 'hand-off'))).not.toContain('.venv');
  });

  it('runs ai4os-module deploy on the new module when the user says yes; its outcome is the creation’s', () => {
    const cwd = tempDir();
    // No python3 on PATH: deploy stops at its first step, with its own message and exit code.
    const { status, output } = converse(
      cwd,
      ['--no-git'],
      [...essentials('Run Now'), [/Create it in run-now\?/, ENTER], [/Run it here now\?/, `y${ENTER}`]],
      { PATH: tempDir() },
    );
    expect(output).toContain('Created Run Now in run-now');
    expect(output).toMatch(/Creating the venv: python3 was not found\.[\s\S]*Install Python 3/);
    expect(status).toBe(runBin('cli', ['deploy', 'run-now'], { cwd, env: { PATH: tempDir() } }).status);
    expect(status).not.toBe(0);
  });
});

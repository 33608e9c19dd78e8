/**
 * The bin in a real terminal (a pseudo-terminal driven by test/support/pty_driver.py): the
 * questions a person sees, answers refused as they are entered, and Yeoman's conflict prompt.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';

const DRIVER = fileURLToPath(new URL('../support/pty_driver.py', import.meta.url));
const CREATE = fileURLToPath(new URL('../../dist/create.js', import.meta.url));
const ENTER = '\r';
const DOWN = '\x1b[B';

/** Each step: wait for the text, then type the keys. */
function converse(cwd: string, args: string[], steps: [RegExp, string][]): { status: number; output: string } {
  const script = JSON.stringify(steps.map(([pattern, keys]) => [pattern.source, keys]));
  const out = execFileSync(venvBin('python'), [DRIVER, script, '--', process.execPath, CREATE, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  return JSON.parse(out);
}

describe('interactive creation', () => {
  it('asks the essential questions, refuses a bad author as it is entered, and creates the module', () => {
    const cwd = tempDir();
    const { status, output } = converse(cwd, ['--no-git'], [
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
    ]);
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

  it('asks before writing into a non-empty directory, then lets Yeoman ask about each conflict', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'existing'));
    writeFileSync(join(cwd, 'existing', 'README.md'), 'my notes\n');
    const answers: [RegExp, string][] = [
      [/existing is not empty\. Write the module into it anyway\?/, `y${ENTER}`],
      [/Title of the module/, ENTER],
      [/Summary/, ENTER],
      [/Description/, ENTER],
      [/Authors/, `Jane Doe <jane@uni.eu>${ENTER}`],
      [/Licence/, ENTER],
      [/Kind of module/, ENTER],
      [/Framework/, ENTER],
      [/Libraries/, ENTER],
      [/Tasks/, ENTER],
      [/Marketplace categories/, ENTER],
      [/Types of data/, ENTER],
      [/Tags/, ENTER],
      [/Change advanced settings/, ENTER],
      [/Overwrite existing\/README\.md\?/, `n${ENTER}`],
    ];
    const { status, output } = converse(cwd, ['existing', '--no-git'], answers);
    expect(status).toBe(0);
    expect(output).toMatch(/skip\s+existing\/README\.md/);
    expect(readFileSync(join(cwd, 'existing', 'README.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(join(cwd, 'existing', 'ai4-metadata.yml'), 'utf8')).toMatch(/^title: Existing$/m);
  });
});

/**
 * `update` of a module laid out its own way (pbr: setup.py and setup.cfg, the entry point in a
 * module of its own, tests of its own): the template files that would change what it serves
 * or how its tests run are not added, and the report and the commit say which and why;
 * `update --adopt-layout` makes the move to the template's layout, and says what it changed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, read, removeDir, runCli, tempDir, unmerged } from './support.js';

const SETUP_CFG = `[metadata]
name = dogs_breed_det
summary = Identify the breed of a dog in a photo
author = Jane Doe
author_email = jane@uni.eu
version = 1.0.0

[files]
packages =
    dogs_breed_det

[entry_points]
deepaas.v2.model =
    dogs_breed_det = dogs_breed_det.models.deep_api

[flake8]
max-line-length = 100
`;

const FILES: Record<string, string> = {
  'setup.py': 'import setuptools\n\nsetuptools.setup(setup_requires=["pbr>=1.8"], pbr=True)\n',
  'setup.cfg': SETUP_CFG,
  'dogs_breed_det/__init__.py': '__version__ = "1.0.0"\n',
  'dogs_breed_det/models/__init__.py': '"""The models."""\n',
  'dogs_breed_det/models/deep_api.py': 'def get_metadata():\n    return {"name": "dogs_breed_det"}\n',
  'tests/test_deep_api.py': 'from dogs_breed_det.models import deep_api\n\n\ndef test_metadata():\n    assert deep_api.get_metadata()\n',
};

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function pbrModule(): string {
  const dir = join(tempDir(), 'dogs-breed-det');
  dirs.push(dirname(dir));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'The module as its owner made it');
  expect(runCli(['adopt', '--yes'], dir).code).toBe(0);
  return dir;
}

/** Keeps the owner's side of every conflict and commits, as `git checkout --ours` does. */
function keepOurs(dir: string): void {
  const conflicted = unmerged(dir);
  if (conflicted.length === 0) return;
  git(dir, 'checkout', '--ours', '--', ...conflicted);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-edit');
}

describe('update of a module laid out its own way', () => {
  it('adds no second packaging definition, API module or tests, and says why for each', () => {
    const dir = pbrModule();
    const dry = runCli(['update', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      "Held back (not added, or kept as yours): your module is laid out its own way (`ai4os-module update --adopt-layout` takes the template's layout):",
    );
    expect(dry.stdout).toContain(
      '  pyproject.toml: your module is packaged by setup.py and setup.cfg; next to them, pip would build it from pyproject.toml instead\n',
    );
    expect(dry.stdout).toContain(
      '  dogs_breed_det/api.py: your entry point dogs_breed_det = dogs_breed_det.models.deep_api (setup.cfg) is served from dogs_breed_det/models/deep_api.py; a second API module would ship next to it\n',
    );
    expect(dry.stdout).toContain("  dogs_breed_det/model.py: only the template's dogs_breed_det/api.py, not added, uses it\n");
    expect(dry.stdout).toContain(
      "  tests/conftest.py: it belongs to the template's tests, of its dogs_breed_det/api.py, which is not added\n",
    );

    runCli(['update'], dir);
    keepOurs(dir);
    expect(git(dir, 'log', '-1', '--format=%B')).toContain(
      'Held back (the module is laid out its own way): dogs_breed_det/api.py, dogs_breed_det/config.py, dogs_breed_det/model.py, pyproject.toml, tests/__init__.py, tests/conftest.py, tests/test_api.py, tests/test_config.py.',
    );
    for (const path of ['pyproject.toml', 'dogs_breed_det/api.py', 'dogs_breed_det/model.py', 'tests/conftest.py', 'tests/__init__.py']) {
      expect(existsSync(join(dir, path)), path).toBe(false);
    }
    for (const [path, text] of Object.entries(FILES)) expect(read(dir, path), path).toBe(text);
    // Held back is settled: the module is up to date, nothing is pending.
    expect(runCli(['update', '--dry-run'], dir).stdout).toMatch(/^Already up to date/);
  });

  it('--adopt-layout: pyproject.toml replaces setup.py and the packaging sections of setup.cfg, and says what it declares', () => {
    const dir = pbrModule();
    const result = runCli(['update', '--adopt-layout'], dir);
    expect(result.stdout).toMatch(/^ {2}removed {3}setup\.py$/m);
    expect(result.stdout).toMatch(/^ {2}updated {3}setup\.cfg$/m);
    expect(result.stdout).toMatch(/^ {2}added {5}pyproject\.toml$/m);
    expect(result.stdout).toContain(
      "Layout (--adopt-layout): pyproject.toml replaces setup.py and setup.cfg's packaging sections. pyproject.toml declares:",
    );
    expect(result.stdout).toMatch(/^ {2}version {7}1\.0\.0$/m);
    // The entry point's module stays where it is: no second API module, nor the template's tests of one.
    expect(result.stdout).toContain(
      '  dogs_breed_det/api.py: your entry point dogs_breed_det = dogs_breed_det.models.deep_api (setup.cfg)',
    );
    keepOurs(dir);

    expect(existsSync(join(dir, 'setup.py'))).toBe(false);
    expect(read(dir, 'setup.cfg')).toBe('[flake8]\nmax-line-length = 100\n');
    expect(read(dir, 'pyproject.toml')).toContain('[project.entry-points."deepaas.v2.model"]');
    expect(existsSync(join(dir, 'dogs_breed_det/api.py'))).toBe(false);
    expect(read(dir, 'dogs_breed_det/models/deep_api.py')).toBe(FILES['dogs_breed_det/models/deep_api.py']);
    expect(git(dir, 'log', '-1', '--format=%B')).toContain('Migrations: adopt-layout.');
    expect(runCli(['update', '--dry-run'], dir).stdout).toMatch(/^Already up to date/);
  });
});

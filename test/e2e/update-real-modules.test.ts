/**
 * `update` never changes what a real module serves: each real marketplace module of
 * test/fixtures/real-modules/ with a Python package, in a git repository of its own, is
 * adopted and updated to the installed template; every conflict is resolved with the owner's
 * side (`git checkout --ours`). Then pip (`install --no-deps --target`, the test venv's
 * setuptools and pbr) installs the same distribution, version and `deepaas.v2.model` entry
 * points as before (read back with importlib.metadata), or fails as it failed before; and the
 * owner's own tests give the same result. Of the owners' suites, only my-new-project's runs
 * with DEEPaaS and light dependencies (the others need TensorFlow, PyTorch, mlflow, numpy or
 * a submodule and stop at collection, before as after: that is compared too).
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adopt } from '../../src/update/adopt.js';
import { update } from '../../src/update/update.js';
import { venvBin } from '../support/python.js';
import { runAsync } from '../support/spawn.js';
import { GIT_ENV, ROOT, git, removeDir, unmerged } from '../update/support.js';

const REAL = join(ROOT, 'test/fixtures/real-modules');

interface RealModule {
  dir: string;
  /** Template files the update must not add, with the word its reason starts from. */
  held: string[];
}

/**
 * The real modules with a Python package of their own (setup.py or pyproject.toml). Left out:
 * the child modules and container-only ones (no package: birds-audio-classification,
 * socib-rip-currents-detection, whose pyproject-child.toml is copied into its parent's image,
 * UC-adnaneds-DEEP-OC-unet) and the tools without one (ai4os-llm, ai4os-nvflare).
 */
const MODULES: RealModule[] = [
  { dir: 'ai4os-hub__posenet-tf', held: ['pyproject.toml', 'tests/__init__.py', 'tests/conftest.py'] },
  { dir: 'ai4os-hub__semseg-vaihingen', held: ['pyproject.toml', 'semseg_vaihingen/api.py'] },
  { dir: 'ai4os-hub__tf-cnn-benchmarks-api', held: ['pyproject.toml', 'benchmarks_cnn_api/api.py'] },
  { dir: 'ai4os-hub__my-new-project', held: ['pyproject.toml', 'tests/conftest.py'] },
  { dir: 'ai4os-hub__audio-vessel-classification', held: ['tests/conftest.py'] },
  { dir: 'ai4os-hub__integrated-plant-protection', held: ['tests/conftest.py'] },
  { dir: 'ai4os-hub__thermal-urban-feature-segmenter', held: ['tufsegm_api/api.py', 'tests/__init__.py'] },
  { dir: 'ai4os-hub__WITOIL-for-iMagine', held: ['witoil_for_imagine/api.py', 'tests/__init__.py'] },
  { dir: 'ai4os__ai4os-ai4life-loader', held: ['ai4life/api.py', 'tests/__init__.py'] },
];

/**
 * Prints, as JSON, each distribution installed in a --target directory: name, version, DEEPaaS
 * entry points, and the Python modules it installs (a second API module would be one more).
 * An `__init__.py` is left out: the template's, added to a namespace package, holds only a docstring.
 */
const READ_DISTRIBUTIONS = `
import json, sys
from importlib.metadata import distributions
print(json.dumps(sorted(
    ({"name": d.metadata["Name"], "version": d.version,
      "entry_points": sorted(f"{e.name} = {e.value}" for e in d.entry_points if e.group == "deepaas.v2.model"),
      "modules": sorted(str(f) for f in d.files or [] if f.suffix == ".py" and f.name != "__init__.py")}
     for d in distributions(path=[sys.argv[1]])),
    key=lambda d: d["name"])))
`;

interface Installed {
  installs: boolean;
  distributions: unknown;
  /** The owner's tests, run against the installed package: pytest's exit code and each test's outcome. */
  tests?: string;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/**
 * What `pip install --no-deps --target` installs from the files committed at HEAD, and how the
 * owner's tests then run. pbr takes the version from git (the commits since the last tag), so
 * the files are installed from a new repository holding them in one commit: before and after
 * the update, pbr sees the same history and any difference comes from the files.
 */
async function installed(dir: string): Promise<Installed> {
  const copy = temp('ai4os-real-copy-');
  // Without blocking the event loop (vitest's worker must answer within 60 s on a busy machine).
  const sh = (script: string) => runAsync('sh', ['-c', script, 'sh', dir, copy], { cwd: copy, env: { ...process.env, ...GIT_ENV } });
  await sh('git -C "$1" archive HEAD | tar -x -C "$2"');
  await sh('git init -q -b main && git add -A && git commit -q -m "The files at HEAD"');
  const target = temp('ai4os-real-install-');
  const python = venvBin('python');
  const pip = [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-deps',
    '--no-build-isolation',
    '--target',
    target,
    '.',
  ];
  const installs = await runAsync(python, pip, { cwd: copy }).then(
    () => true,
    () => false,
  );
  const distributions = installs ? JSON.parse(await runAsync(python, ['-c', READ_DISTRIBUTIONS, target], { cwd: copy })) : [];
  return { installs, distributions, tests: await ownTests(copy, target) };
}

/** pytest on tests/, as tox runs it: the package installed (here on PYTHONPATH), from the module's folder. */
async function ownTests(dir: string, target: string): Promise<string | undefined> {
  if (!existsSync(join(dir, 'tests'))) return undefined;
  const args = ['-m', 'pytest', '-q', '-rA', '-p', 'no:cacheprovider', 'tests'];
  const result = await runAsync(venvBin('python'), args, { cwd: dir, env: { ...process.env, PYTHONPATH: target } })
    .then((out) => `exit 0\n${out}`)
    .catch((error: Error) => `exit non-zero\n${error.message}`);
  return result
    .split('\n')
    .filter((line) => /^(?:exit|PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) /.test(line))
    .join('\n');
}

function repositoryOf(name: string): string {
  const dir = temp('ai4os-real-module-');
  cpSync(join(REAL, name), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'The module as its owner has it');
  return dir;
}

/** Every conflict resolved with the owner's side, then committed. */
function keepOurs(dir: string, status: string): void {
  expect(status).toMatch(/^(?:updated|conflicts)$/);
  if (status !== 'conflicts') return;
  git(dir, 'checkout', '--ours', '--', ...unmerged(dir));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-edit');
}

describe('update of an adopted real module, every conflict resolved with the owner side', () => {
  it.each(MODULES)('$dir installs and tests as before', async ({ dir: name, held }) => {
    const dir = repositoryOf(name);
    const before = await installed(dir);

    await adopt({ cwd: dir, print: () => {} });
    const report: string[] = [];
    const outcome = await update({ cwd: dir, print: (line) => report.push(line) });
    keepOurs(dir, outcome.status);

    const after = await installed(dir);
    expect(after).toEqual(before);
    // The one owner's suite that runs with DEEPaaS and light dependencies passes (the others stop at collection).
    if (name === 'ai4os-hub__my-new-project') expect(after.tests).toMatch(/^exit 0\n(?:PASSED .*\n?){2}$/);
    const text = report.join('\n');
    for (const path of held) {
      expect(text).toContain(`\n  ${path}: `);
      expect(existsSync(join(dir, path)), path).toBe(false);
    }
  });

  it("--adopt-layout on my-new-project: pyproject.toml builds the same distribution and entry point at setup.cfg's version; the metadata fields change, as the report says", async () => {
    const dir = repositoryOf('ai4os-hub__my-new-project');
    const before = await installed(dir);
    await adopt({ cwd: dir, print: () => {} });
    const report: string[] = [];
    keepOurs(dir, (await update({ cwd: dir, adoptLayout: true, print: (line) => report.push(line) })).status);

    const text = report.join('\n');
    expect(text).toContain("Layout (--adopt-layout): pyproject.toml replaces setup.py and setup.cfg's packaging sections.");
    expect(text).toContain("code reading setup.cfg's Author, Author-email or License fields from the installed metadata sees them change");
    expect(existsSync(join(dir, 'setup.py'))).toBe(false);
    expect(existsSync(join(dir, 'pyproject.toml'))).toBe(true);
    const after = await installed(dir);
    // pbr took the version from git (no tag: 0.0.0); pyproject.toml takes VERSION, the 0.0.1 setup.cfg declared.
    const [was] = before.distributions as Array<Record<string, unknown>>;
    expect(after.distributions).toEqual([{ ...was, version: '0.0.1' }]);
    // The owner's get_metadata() reads PKG-INFO's Author: pyproject.toml writes Author-email instead. Only that test changes.
    expect(before.tests).toMatch(/^exit 0\nPASSED .*test_model_metadata_type\nPASSED .*test_model_metadata_values$/);
    expect(after.tests).toMatch(/^exit non-zero\nPASSED .*test_model_metadata_type\nFAILED .*test_model_metadata_values - KeyE/);
  });
});

/** Which template files an update holds back from a module laid out its own way (src/update/layout.ts). */
import { describe, expect, it } from 'vitest';
import { ADOPT_LAYOUT, deepaasEntryPoints, heldFiles, ownerPackage, withoutPackagingSections } from '../../src/update/layout.js';

const TEMPLATE = [
  'pyproject.toml',
  'VERSION',
  'demo/__init__.py',
  'demo/api.py',
  'demo/config.py',
  'demo/model.py',
  'tests/__init__.py',
  'tests/conftest.py',
  'tests/test_api.py',
];

const PBR_SETUP_CFG = `[metadata]
name = dogs_breed_det
version = 1.0.0

[files]
packages = demo

[entry_points]
deepaas.v2.model =
    dogs = demo.models.deep_api

[flake8]
max-line-length = 100
`;

function held(
  owner: Record<string, string>,
  { base = [] as string[], adoptLayout = false, adopted = false, located = {} as Record<string, string> } = {},
) {
  return heldFiles({
    ours: new Set(Object.keys(owner)),
    base: new Set(base),
    theirs: new Set(TEMPLATE),
    packageName: 'demo',
    read: (path) => owner[path],
    entryPoints: deepaasEntryPoints(ownerPackage((path) => owner[path])),
    locate: (dotted) => located[dotted],
    adoptLayout,
    adopted,
  }).map(({ path, reason }) => `${path} ${reason}`);
}

describe('held template files', () => {
  it("an adopted module's api.py that serves its entry point stays the owner's, even where a legacy template wrote it", () => {
    const owner = {
      'pyproject.toml': '[project]\nname = "demo"\n[project.entry-points."deepaas.v2.model"]\ndemo = "demo.api"\n',
      'demo/__init__.py': '',
      'demo/api.py': 'def get_metadata():\n    return {}\n',
      'tests/test_api.py': '',
    };
    const base = ['pyproject.toml', 'demo/__init__.py', 'demo/api.py', 'tests/test_api.py'];
    const located = { 'demo.api': 'demo/api.py' };
    expect(held(owner, { base, adopted: true, located })).toEqual([
      'demo/api.py owner-api',
      'demo/config.py api-companion',
      'demo/model.py api-companion',
      'tests/__init__.py template-tests',
      'tests/conftest.py template-tests',
    ]);
    // --adopt-layout moves the packaging, not the owner's code.
    expect(held(owner, { base, adopted: true, adoptLayout: true, located })).toEqual(held(owner, { base, adopted: true, located }));
    // A module of ours (not adopted) takes the template's api.py through the merge, and what it needs.
    expect(held(owner, { base, located })).toEqual([]);
  });

  it('a pbr module keeps its packaging, its API module and its tests to itself', () => {
    const owner = {
      'setup.py': 'import setuptools\nsetuptools.setup(pbr=True)\n',
      'setup.cfg': PBR_SETUP_CFG,
      'demo/models/deep_api.py': '',
      'tests/test_models.py': '',
    };
    expect(held(owner, { located: { 'demo.models.deep_api': 'demo/models/deep_api.py' } })).toEqual([
      'demo/api.py second-api',
      'demo/config.py api-companion',
      'demo/model.py api-companion',
      'pyproject.toml second-packaging',
      'tests/__init__.py template-tests',
      'tests/conftest.py template-tests',
      'tests/test_api.py template-tests',
    ]);
  });

  it("an api/ folder mapped onto the package is the API: the template's api.py is held, its tests too", () => {
    const owner = {
      'pyproject.toml': '[project]\nname = "demo"\n[project.entry-points."deepaas.v2.model"]\ndemo = "demo.api"\n',
      'api/__init__.py': '',
    };
    expect(held(owner, { located: { 'demo.api': 'api/__init__.py' } })).toEqual([
      'demo/api.py second-api',
      'demo/config.py api-companion',
      'demo/model.py api-companion',
      'tests/__init__.py template-tests',
      'tests/conftest.py template-tests',
      'tests/test_api.py template-tests',
    ]);
  });

  it("the owner's own API where the template's would be: the template's helpers of its API and its tests stay out", () => {
    const owner = {
      'pyproject.toml': '[project]\nname = "demo"\n[project.entry-points."deepaas.v2.model"]\ndemo = "demo.api"\n',
      'demo/api.py': '',
      'tests/test_mine.py': '',
    };
    const expected = [
      'demo/config.py api-companion',
      'demo/model.py api-companion',
      'tests/__init__.py template-tests',
      'tests/conftest.py template-tests',
      'tests/test_api.py template-tests',
    ];
    expect(held(owner, { located: { 'demo.api': 'demo/api.py' } })).toEqual(expected);
    expect(held(owner, { located: { 'demo.api': 'demo/api.py' }, adoptLayout: true })).toEqual(expected);
  });

  it("a module of the template with tests of the owner's: new template tests stay out, unless --adopt-layout", () => {
    const owner = { 'pyproject.toml': '[project]\nname = "demo"\n', 'demo/api.py': '', 'tests/test_api.py': '', 'tests/test_mine.py': '' };
    const base = ['pyproject.toml', 'demo/api.py', 'tests/test_api.py'];
    expect(held(owner, { base })).toEqual(['tests/__init__.py owner-tests', 'tests/conftest.py owner-tests']);
    expect(held(owner, { base, adoptLayout: true })).toEqual([]);
  });

  it('a module of the template (its tests in the base) gets new template files as usual', () => {
    const owner = { 'pyproject.toml': '[project]\nname = "demo"\n', 'demo/api.py': '', 'tests/test_api.py': '' };
    expect(held(owner, { base: ['pyproject.toml', 'demo/api.py', 'tests/test_api.py'] })).toEqual([]);
  });

  it('a setup.cfg that only configures tools is no packaging definition', () => {
    expect(held({ 'setup.cfg': '[flake8]\nmax-line-length = 100\n' })).toEqual([]);
  });
});

describe('--adopt-layout', () => {
  it('removes setup.py and the packaging sections of setup.cfg, keeping its tool sections', () => {
    const changes = ADOPT_LAYOUT.files!({ 'setup.py': 'import setuptools\n', 'setup.cfg': PBR_SETUP_CFG });
    expect(changes).toEqual({ 'setup.py': null, 'setup.cfg': '[flake8]\nmax-line-length = 100\n' });
  });

  it('removes setup.cfg with nothing left in it, and leaves a module with its own pyproject.toml alone', () => {
    expect(withoutPackagingSections('[metadata]\nname = x\n')).toBeUndefined();
    expect(ADOPT_LAYOUT.files!({ 'pyproject.toml': '', 'setup.py': '' })).toEqual({});
  });
});

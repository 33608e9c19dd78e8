/**
 * locatePythonModule: the file setuptools (or pbr) installs as a dotted module, for the
 * layouts the marketplace's modules use and the ones setuptools documents.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locatePythonModule } from '../../src/module-files/python-layout.js';
import { tempDir } from '../support/cli.js';

/** A module directory with these files (a path ending in `/` is an empty folder). */
function moduleWith(files: Record<string, string>): string {
  const dir = tempDir('python-layout-');
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('/')) mkdirSync(join(dir, path), { recursive: true });
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }
  return dir;
}

const REAL = join(import.meta.dirname, '../fixtures/real-modules');

describe('locatePythonModule', () => {
  it('follows package-dir "pkg.api" = "api" (the advanced template), for the package and a module in it', () => {
    const dir = moduleWith({
      'pyproject.toml': '[tool.setuptools]\npackages = ["pkg", "pkg.api"]\n\n[tool.setuptools.package-dir]\n"pkg.api" = "api"\n',
      'pkg/__init__.py': '',
      'api/__init__.py': '',
      'api/schemas.py': '',
      'pkg/api.py': '',
    });
    expect(locatePythonModule(dir, 'pkg.api')).toBe('api/__init__.py');
    expect(locatePythonModule(dir, 'pkg.api.schemas')).toBe('api/schemas.py');
    expect(locatePythonModule(dir, 'pkg')).toBe('pkg/__init__.py');
    // Not listed: setuptools installs neither.
    expect(locatePythonModule(dir, 'api')).toBeUndefined();
    expect(locatePythonModule(dir, 'pkg.api.missing')).toBeUndefined();
  });

  it('follows "" = "src" with listed packages, and not the same names at the root', () => {
    const dir = moduleWith({
      'pyproject.toml': '[tool.setuptools]\npackages = ["pkg"]\npackage-dir = { "" = "src" }\n',
      'src/pkg/__init__.py': '',
      'src/pkg/api.py': '',
      'pkg/other.py': '',
    });
    expect(locatePythonModule(dir, 'pkg.api')).toBe('src/pkg/api.py');
    expect(locatePythonModule(dir, 'pkg.other')).toBeUndefined();
  });

  it('finds packages as [tool.setuptools.packages.find] says: where, include (exact names), namespaces by default', () => {
    const dir = moduleWith({
      'pyproject.toml': '[tool.setuptools.packages.find]\nwhere = ["lib"]\ninclude = ["pkg", "ns*"]\n',
      'lib/pkg/__init__.py': '',
      'lib/pkg/api.py': '',
      'lib/pkg/sub/__init__.py': '',
      'lib/pkg/sub/deep.py': '',
      'lib/ns/plain/mod.py': '',
    });
    expect(locatePythonModule(dir, 'pkg.api')).toBe('lib/pkg/api.py');
    // include = ["pkg"] matches pkg only, as fnmatch does; pkg.sub is not installed.
    expect(locatePythonModule(dir, 'pkg.sub.deep')).toBeUndefined();
    // A folder without __init__.py is a namespace package for pyproject's find.
    expect(locatePythonModule(dir, 'ns.plain')).toBe('lib/ns/plain');
    expect(locatePythonModule(dir, 'ns.plain.mod')).toBe('lib/ns/plain/mod.py');
  });

  it('with namespaces = false, a folder without __init__.py stops the search', () => {
    const dir = moduleWith({
      'pyproject.toml': '[tool.setuptools.packages.find]\nnamespaces = false\n',
      'pkg/__init__.py': '',
      'pkg/plain/mod.py': '',
      'pkg/api.py': '',
    });
    expect(locatePythonModule(dir, 'pkg.api')).toBe('pkg/api.py');
    expect(locatePythonModule(dir, 'pkg.plain.mod')).toBeUndefined();
  });

  it("reads setup.cfg's [options] package_dir and packages = find: (regular packages only)", () => {
    const dir = moduleWith({
      'setup.cfg': '[options]\npackage_dir =\n    =src\npackages = find:\n\n[options.packages.find]\nwhere = src\n',
      'src/pkg/__init__.py': '',
      'src/pkg/models/deep_api.py': '',
      'src/pkg/api.py': '',
    });
    expect(locatePythonModule(dir, 'pkg.api')).toBe('src/pkg/api.py');
    // find: is not find_namespace:, so models/ (no __init__.py) is not a package.
    expect(locatePythonModule(dir, 'pkg.models.deep_api')).toBeUndefined();
  });

  it("reads pbr's [files] packages: the listed folder even without __init__.py, its regular subpackages", () => {
    const dir = moduleWith({
      'setup.py': 'import setuptools\nsetuptools.setup(setup_requires=["pbr>=1.8"], pbr=True)\n',
      'setup.cfg': '[metadata]\nname = pkg\n\n[files]\npackages =\n    pkg\n',
      'pkg/api.py': '',
      'pkg/models/__init__.py': '',
      'pkg/models/deep_api.py': '',
      'pkg/plain/mod.py': '',
    });
    expect(locatePythonModule(dir, 'pkg.api')).toBe('pkg/api.py');
    expect(locatePythonModule(dir, 'pkg.models.deep_api')).toBe('pkg/models/deep_api.py');
    expect(locatePythonModule(dir, 'pkg.plain.mod')).toBeUndefined();
  });

  it('pbr without [files] installs the package named like the distribution', () => {
    const dir = moduleWith({
      'setup.py': 'from setuptools import setup\nsetup(pbr=True)\n',
      'setup.cfg': '[metadata]\nname = pkg\n',
      'pkg/__init__.py': '',
      'pkg/api.py': '',
      'other/__init__.py': '',
    });
    expect(locatePythonModule(dir, 'pkg.api')).toBe('pkg/api.py');
    expect(locatePythonModule(dir, 'other')).toBeUndefined();
  });

  it('with no packages configured, discovers the src layout, or a single flat package, or nothing when setuptools would refuse', () => {
    const src = moduleWith({ 'pyproject.toml': '[project]\nname = "x"\n', 'src/pkg/api.py': '', 'src/single.py': '' });
    expect(locatePythonModule(src, 'pkg.api')).toBe('src/pkg/api.py');
    expect(locatePythonModule(src, 'single')).toBe('src/single.py');
    const flat = moduleWith({
      'pyproject.toml': '[project]\nname = "x"\n',
      'pkg/__init__.py': '',
      'pkg/api.py': '',
      'tests/test_x.py': '',
      'docs/': '',
    });
    expect(locatePythonModule(flat, 'pkg.api')).toBe('pkg/api.py');
    expect(locatePythonModule(flat, 'tests.test_x')).toBeUndefined();
    // data/ and pkg/ are two top-level packages: setuptools stops ("Multiple top-level packages discovered").
    const two = moduleWith({ 'pyproject.toml': '[project]\nname = "x"\n', 'pkg/api.py': '', 'data/': '' });
    expect(locatePythonModule(two, 'pkg.api')).toBeUndefined();
  });

  it('py-modules: a top-level single-file module', () => {
    const dir = moduleWith({ 'pyproject.toml': '[tool.setuptools]\npy-modules = ["api"]\n', 'api.py': '', 'other.py': '' });
    expect(locatePythonModule(dir, 'api')).toBe('api.py');
    expect(locatePythonModule(dir, 'other')).toBeUndefined();
  });

  it('undefined without packaging files, for a name that is not dotted identifiers, and for TOML that does not parse', () => {
    expect(locatePythonModule(moduleWith({ 'pkg/api.py': '' }), 'pkg.api')).toBeUndefined();
    const dir = moduleWith({ 'pyproject.toml': '[tool.setuptools]\npackages = ["my-pkg"]\n', 'my-pkg/api.py': '' });
    expect(locatePythonModule(dir, 'my-pkg.api')).toBeUndefined();
    expect(locatePythonModule(moduleWith({ 'pyproject.toml': '[tool\n', 'pkg/api.py': '' }), 'pkg.api')).toBeUndefined();
  });

  it.each([
    ['ai4os-hub__posenet-tf', 'posenetclas.api', 'posenetclas/api.py'],
    ['ai4os-hub__semseg-vaihingen', 'semseg_vaihingen.models.deepaas_api', 'semseg_vaihingen/models/deepaas_api.py'],
    // [files] packages = benchmarks_cnn names no folder: pbr passes no packages and setuptools'
    // flat discovery finds several top-level folders, so it refuses.
    ['ai4os-hub__tf-cnn-benchmarks-api', 'benchmarks_cnn_api.models.deep_api', undefined],
    ['ai4os-hub__audio-vessel-classification', 'audio_vessel_classifier.api', 'audio_vessel_classifier/api.py'],
    ['ai4os-hub__integrated-plant-protection', 'integrated_plant_protection.api', 'integrated_plant_protection/api.py'],
    ['ai4os-hub__thermal-urban-feature-segmenter', 'tufsegm_api.api', 'api/__init__.py'],
    ['ai4os-hub__WITOIL-for-iMagine', 'witoil_for_imagine.api', 'api/__init__.py'],
    ['ai4os__ai4os-ai4life-loader', 'ai4life.api', 'api/__init__.py'],
    ['ai4os-hub__my-new-project', 'my_new_project.api', 'my_new_project/api.py'],
  ])('in the real module %s, %s is %s', (module, dotted, expected) => {
    expect(locatePythonModule(join(REAL, module), dotted)).toBe(expected);
  });
});

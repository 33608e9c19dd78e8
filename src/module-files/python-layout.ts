/**
 * Which file setuptools installs as a Python module, from pyproject.toml
 * (`[tool.setuptools]` packages, packages.find, package-dir, py-modules), setup.cfg
 * (`[options]` and `[options.packages.find]`) and pbr's `[files]` (when setup.cfg has that
 * section or setup.py says `pbr=True`), or, when none lists packages, setuptools'
 * automatic discovery (explicit package-dir, src layout, flat layout). It follows
 * setuptools' own code (setuptools/discovery.py, `_get_package_dir`) and pbr's
 * (pbr/hooks/files.py: each listed folder that exists, plus its regular subpackages).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ModuleFileError, readOptionalModuleText } from './read-text.js';
import type { PackageFind, PackageLayout } from './package-metadata.js';
import { parsePyproject, readPyprojectText, TomlError } from './pyproject.js';
import { MAX_PACKAGE_FILE_BYTES } from './package-metadata.js';
import { buildsWithPbr, parseSetupCfg, readSetupCfgText, SETUP_PY, type SetupCfg } from './setup-cfg.js';

/** A dotted name of identifiers, as Python's `str.isidentifier` accepts them. */
const DOTTED = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*$/u;
const isIdentifier = (name: string) => DOTTED.test(name) && !name.includes('.');

/** setuptools' PackageFinder.ALWAYS_EXCLUDE. */
const ALWAYS_EXCLUDE = ['ez_setup', '*__pycache__'];
/** FlatLayoutPackageFinder._EXCLUDE (each also with `.*`). */
const FLAT_EXCLUDE = [
  ...['ci', 'bin', 'debian', 'doc', 'docs', 'documentation', 'manpages', 'news', 'newsfragments', 'changelog'],
  ...['test', 'tests', 'unit_test', 'unit_tests', 'example', 'examples', 'scripts', 'tools', 'util', 'utils', 'python'],
  ...['build', 'dist', 'venv', 'env', 'requirements', 'tasks', 'fabfile', 'site_scons', 'benchmark', 'benchmarks'],
  ...['exercise', 'exercises', 'htmlcov', '[._]*'],
].flatMap((name) => [name, `${name}.*`]);
/** FlatLayoutModuleFinder.DEFAULT_EXCLUDE. */
const FLAT_MODULE_EXCLUDE = [
  ...['setup', 'conftest', 'test', 'tests', 'example', 'examples', 'build', 'toxfile', 'noxfile', 'pavement', 'dodo'],
  ...['tasks', 'fabfile', '[Ss][Cc]onstruct', 'conanfile', 'manage', 'benchmark', 'benchmarks', 'exercise', 'exercises', '[._]*'],
];

/**
 * The path (relative to the module root, posix separators) of what setuptools installs as
 * module `dotted`: `x/y.py`, `x/y/__init__.py`, or the folder `x/y` of a namespace package
 * it includes; undefined when it installs no such module (or cannot build the package).
 */
export function locatePythonModule(moduleDir: string, dotted: string): string | undefined {
  if (!DOTTED.test(dotted)) return undefined;
  const installs = installedLayout(moduleDir);
  if (!installs) return undefined;
  const parts = dotted.split('.');
  const fs = files(moduleDir);
  const asPackage = installs.packageFolder(dotted);
  if (asPackage !== undefined) {
    const init = posix.join(asPackage, '__init__.py');
    if (fs.isFile(init)) return init;
    if (fs.isDir(asPackage)) return asPackage;
  }
  if (parts.length > 1) {
    const parent = installs.packageFolder(parts.slice(0, -1).join('.'));
    const file = parent === undefined ? undefined : posix.join(parent, `${parts.at(-1)}.py`);
    if (file !== undefined && fs.isFile(file)) return file;
  } else if (installs.pyModules.includes(dotted)) {
    const file = posix.join(installs.packageDir[''] ?? '.', `${dotted}.py`);
    if (fs.isFile(file)) return file;
  }
  return undefined;
}

/** What setuptools installs: the folder of each package it includes, and its top-level modules. */
interface Installs {
  packageFolder(name: string): string | undefined;
  pyModules: string[];
  packageDir: Record<string, string>;
}

function files(root: string) {
  const kind = (path: string) => statSync(join(root, path), { throwIfNoEntry: false });
  return {
    isFile: (path: string) => kind(path)?.isFile() ?? false,
    isDir: (path: string) => kind(path)?.isDirectory() ?? false,
  };
}

/** undefined when the packaging files cannot be read, or setuptools would refuse to build. */
function installedLayout(root: string): Installs | undefined {
  let pyproject: PackageLayout | undefined;
  let setupCfg: SetupCfg | undefined;
  let pbr = false;
  try {
    const pyprojectText = readPyprojectText(root);
    if (pyprojectText !== undefined) pyproject = parsePyproject(pyprojectText).layout;
    const setupCfgText = readSetupCfgText(root);
    if (setupCfgText !== undefined) setupCfg = parseSetupCfg(setupCfgText);
    const setupPy = readOptionalModuleText(join(root, SETUP_PY), {
      maxBytes: MAX_PACKAGE_FILE_BYTES,
      shown: SETUP_PY,
      what: SETUP_PY,
    });
    pbr = buildsWithPbr(setupCfg, setupPy);
  } catch (error) {
    if (error instanceof ModuleFileError || error instanceof TomlError) return undefined;
    throw error;
  }
  if (pyproject === undefined && setupCfg === undefined) return undefined;
  const fs = files(root);
  // pyproject.toml's [tool.setuptools] overrides setup.cfg's [options], key by key.
  const options = setupCfg?.layout;
  const layout: PackageLayout = {
    packageDir: { ...(Object.keys(pyproject?.packageDir ?? {}).length > 0 ? pyproject!.packageDir : (options?.packageDir ?? {})) },
    packages: pyproject?.packages ?? options?.packages,
    pyModules: pyproject?.pyModules ?? options?.pyModules,
  };
  if (pbr) {
    const listed = setupCfg?.pbr?.packages ?? (setupCfg?.name ? [setupCfg.name.value] : []);
    // pbr keeps the listed folders that exist (relative to the root), each with its regular subpackages.
    const kept = listed.filter((name) => fs.isDir(name));
    if (setupCfg?.pbr?.packagesRoot) layout.packageDir[''] = setupCfg.pbr.packagesRoot;
    if (kept.length > 0) {
      const packageDir = layout.packageDir;
      return {
        packageDir,
        pyModules: layout.pyModules ?? [],
        packageFolder: (name) =>
          kept.some(
            (top) =>
              name === top ||
              (name.startsWith(`${top}.`) &&
                found(fs, name.slice(top.length + 1), {
                  where: [top.replace(/\./g, '/')],
                  include: ['*'],
                  exclude: [],
                  namespaces: false,
                }) !== undefined),
          )
            ? packageFolderOf(name, packageDir)
            : undefined,
      };
    }
    // pbr then passes no packages, and setuptools discovers them.
    layout.packages = undefined;
  }
  const { packages, packageDir } = layout;
  if (Array.isArray(packages)) {
    return {
      packageDir,
      pyModules: layout.pyModules ?? [],
      packageFolder: (name) => (packages.includes(name) ? packageFolderOf(name, packageDir) : undefined),
    };
  }
  if (packages) return finding(fs, packages, packageDir, layout.pyModules ?? []);
  if (layout.pyModules) return { packageDir, pyModules: layout.pyModules, packageFolder: () => undefined };
  return discovered(root, fs, packageDir);
}

type Files = ReturnType<typeof files>;

/** setuptools' `find_packages`/`find_namespace_packages` over each `where`, the folder of each package found. */
function finding(fs: Files, find: PackageFind, packageDir: Record<string, string>, pyModules: string[]): Installs {
  return { packageDir, pyModules, packageFolder: (name) => found(fs, name, find) };
}

function found(fs: Files, name: string, find: PackageFind, flat = false): string | undefined {
  const parts = name.split('.');
  const exclude = find.exclude.length > 0 || !flat ? find.exclude : FLAT_EXCLUDE;
  const excluded = [...ALWAYS_EXCLUDE, ...exclude];
  if (!matchesAny(find.include, name) || matchesAny(excluded, name)) return undefined;
  for (const where of find.where) {
    let ok = true;
    for (let i = 1; i <= parts.length && ok; i++) {
      const prefix = parts.slice(0, i).join('.');
      const folder = posix.join(where, ...parts.slice(0, i));
      ok = fs.isDir(folder) && (find.namespaces || fs.isFile(posix.join(folder, '__init__.py')));
      // setuptools stops scanning below a package excluded with `pkg*` or `pkg.*`.
      if (i < parts.length && (excluded.includes(`${prefix}*`) || excluded.includes(`${prefix}.*`))) ok = false;
    }
    if (ok) return posix.join(where, ...parts);
  }
  return undefined;
}

/** setuptools' automatic discovery, when nothing lists packages or modules. */
function discovered(root: string, fs: Files, packageDir: Record<string, string>): Installs | undefined {
  const explicit = Object.entries(packageDir).filter(([name]) => name !== '');
  if (explicit.length > 0) {
    // Each mapped package with all folders below it.
    return {
      packageDir,
      pyModules: [],
      packageFolder: (name) =>
        explicit.some(
          ([top]) =>
            name === top ||
            (name.startsWith(`${top}.`) &&
              found(fs, name.slice(top.length + 1), {
                where: [packageFolderOf(top, packageDir)],
                include: ['*'],
                exclude: [],
                namespaces: true,
              }) !== undefined),
        )
          ? packageFolderOf(name, packageDir)
          : undefined,
    };
  }
  const src = packageDir[''] ?? 'src';
  const everything: PackageFind = { where: [src], include: ['*'], exclude: [], namespaces: true };
  if (fs.isDir(src)) {
    const modules = topLevel(root, src, 'file').filter((name) => name.endsWith('.py') && isIdentifier(name.slice(0, -3)));
    return { ...finding(fs, everything, { ...packageDir, '': src }, []), pyModules: modules.map((name) => name.slice(0, -3)) };
  }
  // The flat layout: setuptools refuses more than one top-level package (or module).
  const flat: PackageFind = { where: ['.'], include: ['*'], exclude: [], namespaces: true };
  const packages = topLevel(root, '.', 'dir').filter((name) => isIdentifier(name) && found(fs, name, flat, true) !== undefined);
  if (packages.length === 1) return { packageDir, pyModules: [], packageFolder: (name) => found(fs, name, flat, true) };
  if (packages.length > 1) return undefined;
  const modules = topLevel(root, '.', 'file')
    .filter((name) => name.endsWith('.py') && isIdentifier(name.slice(0, -3)))
    .map((name) => name.slice(0, -3))
    .filter((name) => !matchesAny(FLAT_MODULE_EXCLUDE, name));
  return modules.length === 1 ? { packageDir, pyModules: modules, packageFolder: () => undefined } : undefined;
}

function topLevel(root: string, folder: string, kind: 'file' | 'dir'): string[] {
  const fs = files(root);
  try {
    return readdirSync(join(root, folder)).filter((name) =>
      kind === 'dir' ? fs.isDir(posix.join(folder, name)) : fs.isFile(posix.join(folder, name)),
    );
  } catch {
    return [];
  }
}

/** setuptools' `_get_package_dir`: the longest mapped prefix of the name, then the root mapping. */
function packageFolderOf(name: string, packageDir: Record<string, string>): string {
  const parts = name.split('.');
  const tail: string[] = [];
  while (parts.length > 0) {
    const mapped = packageDir[parts.join('.')];
    if (mapped !== undefined) return posix.join(mapped, ...tail);
    tail.unshift(parts.pop()!);
  }
  return posix.join(packageDir[''] ?? '.', ...tail);
}

/** Python's `fnmatch.fnmatchcase` on a whole name. */
function matchesAny(patterns: string[], name: string): boolean {
  return patterns.some((pattern) => fnmatchRegExp(pattern).test(name));
}

function fnmatchRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^' : ''}${body.replace(/[\\^\]]/g, '\\$&')}]`;
        i = end;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

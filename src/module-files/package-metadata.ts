/** What pyproject.toml and setup.cfg say about the Python package, in one shape. */
import type { Located } from './read-text.js';

/** The entry point group DEEPaaS loads a model from. */
export const DEEPAAS_GROUP = 'deepaas.v2.model';

export interface EntryPoint {
  /** `deepaas.v2.model`. */
  group: string;
  name: string;
  /** `pkg.api` or `pkg.api:object`, as written. */
  target: string;
  file: string;
  line?: number;
}

export interface PackageAuthor {
  name: string;
  email?: string;
}

export interface PackageMetadata {
  file: 'pyproject.toml' | 'setup.cfg';
  /** The distribution name. */
  name?: Located<string>;
  /** A literal version (not `dynamic`, not setup.cfg's `attr:`/`file:`). */
  version?: Located<string>;
  summary?: Located<string>;
  authors: PackageAuthor[];
  authorsLine?: number;
  /** The licence as named (an SPDX id, a classifier-like name), not the text. */
  license?: Located<string>;
  entryPoints: EntryPoint[];
  /** Requirement lines (PEP 508). */
  dependencies: string[];
  /** Which packages and modules setuptools installs, and from which folders. */
  layout: PackageLayout;
}

/**
 * What a packaging file says about the Python packages it installs (setuptools' `packages`,
 * `package-dir`, `py-modules`; pbr's `[files]`). Undefined parts are not configured there.
 */
export interface PackageLayout {
  /** Listed package names, or where setuptools is to find them. */
  packages?: string[] | PackageFind;
  /** Package name (`''` for the root) -> folder, relative to the module root. */
  packageDir: Record<string, string>;
  /** Top-level single-file modules. */
  pyModules?: string[];
}

/** `packages.find` / `find:` / `find_namespace:`: fnmatch patterns on dotted names. */
export interface PackageFind {
  where: string[];
  include: string[];
  exclude: string[];
  /** Folders without `__init__.py` count as (namespace) packages. */
  namespaces: boolean;
}

/** The package files of a Python module, each at most this big (they are a few kB). */
export const MAX_PACKAGE_FILE_BYTES = 256 * 1024;

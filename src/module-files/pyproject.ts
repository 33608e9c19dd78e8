/** pyproject.toml: `[project]` (PEP 621) and Poetry's plugins, with the line of each value. */
import { join } from 'node:path';
import type { EntryPoint, PackageAuthor, PackageLayout, PackageMetadata } from './package-metadata.js';
import { MAX_PACKAGE_FILE_BYTES } from './package-metadata.js';
import { readOptionalModuleText } from './read-text.js';
import { parseToml, type TomlDocument, type TomlTable, type TomlValue } from './toml.js';

export { TomlError } from './toml.js';

export const PYPROJECT = 'pyproject.toml';

export interface Pyproject extends PackageMetadata {
  document: TomlDocument;
}

export function readPyprojectText(dir: string, shown = PYPROJECT): string | undefined {
  return readOptionalModuleText(join(dir, PYPROJECT), { maxBytes: MAX_PACKAGE_FILE_BYTES, shown, what: 'pyproject.toml' });
}

/** Throws TomlError (with its line) when the text is not TOML. */
export function parsePyproject(text: string): Pyproject {
  const document = parseToml(text);
  const project = table(document.data.project) ?? {};
  const at = (...path: string[]) => document.lineOf(['project', ...path]) ?? 1;
  const string = (key: string) => (typeof project[key] === 'string' ? { value: project[key], line: at(key) } : undefined);
  const dynamic = list(project.dynamic);
  const licenseValue = typeof project.license === 'string' ? project.license : table(project.license)?.text;
  const authors: PackageAuthor[] = (Array.isArray(project.authors) ? project.authors : []).flatMap((entry) => {
    const { name, email } = table(entry) ?? {};
    return typeof name === 'string' ? [{ name, ...(typeof email === 'string' ? { email } : {}) }] : [];
  });
  const entryPoints: EntryPoint[] = [];
  for (const [path, groups] of [
    [['project', 'entry-points'], table(project['entry-points'])],
    [['tool', 'poetry', 'plugins'], table(table(table(document.data.tool)?.poetry)?.plugins)],
  ] as const) {
    for (const [group, members] of Object.entries(groups ?? {})) {
      for (const [name, target] of Object.entries(table(members) ?? {})) {
        if (typeof target === 'string')
          entryPoints.push({ group, name, target, file: PYPROJECT, line: document.lineOf([...path, group, name]) });
      }
    }
  }
  return {
    file: PYPROJECT,
    document,
    name: string('name'),
    version: dynamic.includes('version') ? undefined : string('version'),
    summary: string('description'),
    authors,
    authorsLine: authors.length > 0 ? at('authors') : undefined,
    license: typeof licenseValue === 'string' ? { value: licenseValue, line: at('license') } : undefined,
    entryPoints,
    dependencies: list(project.dependencies),
    layout: setuptoolsLayout(table(table(document.data.tool)?.setuptools)),
  };
}

/** `[tool.setuptools]`: `packages` (a list, or `{ find = {...} }`), `package-dir`, `py-modules`. */
function setuptoolsLayout(setuptools: TomlTable | undefined): PackageLayout {
  const packageDir: Record<string, string> = {};
  for (const [name, folder] of Object.entries(table(setuptools?.['package-dir']) ?? {})) {
    if (typeof folder === 'string') packageDir[name] = folder;
  }
  const packages = setuptools?.packages;
  const find = table(table(packages)?.find);
  const modules = setuptools?.['py-modules'];
  return {
    packageDir,
    ...(Array.isArray(packages) ? { packages: list(packages) } : {}),
    ...(find
      ? {
          packages: {
            where: find.where === undefined ? ['.'] : typeof find.where === 'string' ? [find.where] : list(find.where),
            include: find.include === undefined ? ['*'] : list(find.include),
            exclude: list(find.exclude),
            namespaces: find.namespaces !== false,
          },
        }
      : {}),
    ...(Array.isArray(modules) ? { pyModules: list(modules) } : {}),
  };
}

function table(value: TomlValue | undefined): TomlTable | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? value : undefined;
}

function list(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * setup.cfg as setuptools and pbr read it (Python's configparser): `[section]` headers,
 * `key = value` or `key: value`, indented continuation lines, full-line `#`/`;` comments,
 * keys lower-cased. In `[metadata]` `author_email` and `author-email` are one key
 * (setuptools accepts both spellings, pbr writes the second). Entry points come from setuptools' `[options.entry_points]` and pbr's
 * `[entry_points]`; metadata from `[metadata]`, with comma-separated author lists; the
 * package layout from setuptools' `[options]` (`packages`, `package_dir`, `py_modules`,
 * `[options.packages.find]`) and pbr's `[files]` (`packages`, `packages_root`).
 */
import { join } from 'node:path';
import {
  type EntryPoint,
  MAX_PACKAGE_FILE_BYTES,
  type PackageAuthor,
  type PackageLayout,
  type PackageMetadata,
} from './package-metadata.js';
import { readOptionalModuleText } from './read-text.js';

export const SETUP_CFG = 'setup.cfg';
/** setuptools' script, read only to see whether pbr builds the package. */
export const SETUP_PY = 'setup.py';

export interface IniValue {
  /** The value's lines (the first, then each continuation line), stripped, with their line numbers. */
  lines: { text: string; line: number }[];
  line: number;
}

export type Ini = Map<string, Map<string, IniValue>>;

export function readSetupCfgText(dir: string, shown = SETUP_CFG): string | undefined {
  return readOptionalModuleText(join(dir, SETUP_CFG), { maxBytes: MAX_PACKAGE_FILE_BYTES, shown, what: 'setup.cfg' });
}

export function parseIni(text: string): Ini {
  const sections: Ini = new Map();
  let section: Map<string, IniValue> | undefined;
  let value: IniValue | undefined;
  let indent = 0;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    const stripped = raw.trim();
    const level = raw.length - raw.trimStart().length;
    if (stripped === '' || /^[#;]/.test(stripped)) continue;
    if (value && level > indent) {
      value.lines.push({ text: stripped, line });
      continue;
    }
    value = undefined;
    const header = /^\[(.+)\]/.exec(stripped);
    if (header && level === 0) {
      const name = header[1]!.trim();
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(stripped);
    if (!section || !pair) continue;
    value = { lines: [{ text: pair[2]!, line }], line };
    indent = level;
    section.set(pair[1]!.toLowerCase(), value);
  }
  return sections;
}

/** The whole value, continuation lines joined by newlines (as configparser gives it). */
function iniText(value: IniValue | undefined): string | undefined {
  return value?.lines
    .map((l) => l.text)
    .join('\n')
    .trim();
}

const commaList = (text: string | undefined) =>
  (text ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** pbr's `[files]`: the top-level packages it installs (each with its regular subpackages). */
export interface PbrFiles {
  /** As listed; pbr's default is the distribution name. */
  packages?: string[];
  /** `packages_root`: the folder they sit in. */
  packagesRoot?: string;
}

export type SetupCfg = PackageMetadata & { ini: Ini; pbr?: PbrFiles };

/** setuptools' list values: one per line, or comma-separated on one line. */
function setuptoolsList(text: string | undefined): string[] {
  const value = text ?? '';
  return (value.includes('\n') ? value.split('\n') : value.split(',')).map((s) => s.trim()).filter(Boolean);
}

function optionsLayout(ini: Ini): PackageLayout {
  const options = ini.get('options');
  const packageDir: Record<string, string> = {};
  for (const line of setuptoolsList(iniText(options?.get('package_dir')))) {
    const at = line.indexOf('=');
    if (at !== -1) packageDir[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const packages = iniText(options?.get('packages'));
  const modules = options?.get('py_modules');
  const find = ini.get('options.packages.find');
  const findList = (key: string) => setuptoolsList(iniText(find?.get(key)));
  const where = findList('where');
  return {
    packageDir,
    ...(packages === undefined
      ? {}
      : /^find(?:_namespace)?:$/.test(packages)
        ? {
            packages: {
              // setuptools takes the first folder only.
              where: [where[0] ?? '.'],
              include: findList('include').length > 0 ? findList('include') : ['*'],
              exclude: findList('exclude'),
              namespaces: packages === 'find_namespace:',
            },
          }
        : { packages: setuptoolsList(packages) }),
    ...(modules ? { pyModules: setuptoolsList(iniText(modules)) } : {}),
  };
}

function pbrFiles(ini: Ini): PbrFiles | undefined {
  const files = ini.get('files');
  if (!files && !ini.has('pbr')) return undefined;
  const packages = iniText(files?.get('packages'));
  const root = iniText(files?.get('packages_root'));
  return {
    ...(packages !== undefined
      ? {
          packages: packages
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(root ? { packagesRoot: root } : {}),
  };
}

export function parseSetupCfg(text: string): SetupCfg {
  const ini = parseIni(text);
  const metadata = ini.get('metadata') ?? new Map<string, IniValue>();
  const field = (key: string) => metadata.get(key) ?? metadata.get(key.replace(/_/g, '-'));
  const located = (key: string) => {
    const value = field(key);
    const text = iniText(value);
    return value && text ? { value: text, line: value.line } : undefined;
  };
  const version = located('version');
  const names = commaList(iniText(field('author')));
  const emails = commaList(iniText(field('author_email')));
  // Names and addresses pair up by position; one address for several names is the contact of them all.
  const authors: PackageAuthor[] = names.map((name, i) => {
    const email = emails.length === names.length ? emails[i] : emails.length === 1 ? emails[0] : undefined;
    return email ? { name, email } : { name };
  });
  const entryPoints: EntryPoint[] = [];
  for (const name of ['options.entry_points', 'entry_points']) {
    for (const [group, value] of ini.get(name) ?? []) {
      for (const member of value.lines) {
        const entry = /^([^=\s]+)\s*=\s*(\S.*)$/.exec(member.text);
        if (entry) entryPoints.push({ group, name: entry[1]!, target: entry[2]!.trim(), file: SETUP_CFG, line: member.line });
      }
    }
  }
  const pbr = pbrFiles(ini);
  return {
    file: SETUP_CFG,
    ini,
    name: located('name'),
    // `attr: pkg.__version__` and `file: VERSION` are directives, not versions.
    version: version && !/^(?:attr|file)\s*:/.test(version.value) ? version : undefined,
    summary: located('summary') ?? located('description'),
    authors,
    authorsLine: field('author')?.line,
    license: located('license'),
    entryPoints,
    dependencies: (ini.get('options')?.get('install_requires')?.lines ?? []).map((l) => l.text).filter((line) => line !== ''),
    layout: optionsLayout(ini),
    ...(pbr ? { pbr } : {}),
  };
}

/** Whether pbr builds the package: setup.cfg has pbr's `[files]`, or setup.py says `pbr=True`. */
export function buildsWithPbr(setupCfg: SetupCfg | undefined, setupPy: string | undefined): boolean {
  return setupCfg?.pbr !== undefined || /\bpbr\s*=\s*True\b/.test(setupPy ?? '');
}

/** Whether setup.cfg declares a package (its metadata, options, entry points or pbr's files), not only tools' settings. */
export function declaresPackage(ini: Ini): boolean {
  return ['metadata', 'options', 'files', 'entry_points', 'options.entry_points'].some((section) => ini.has(section));
}

/**
 * setup.cfg as setuptools and pbr read it (Python's configparser): `[section]` headers,
 * `key = value` or `key: value`, indented continuation lines, full-line `#`/`;` comments,
 * keys lower-cased. In `[metadata]` `author_email` and `author-email` are one key
 * (setuptools accepts both spellings, pbr writes the second). Entry points come from setuptools' `[options.entry_points]` and pbr's
 * `[entry_points]`; metadata from `[metadata]`, with comma-separated author lists.
 */
import { join } from 'node:path';
import { type EntryPoint, MAX_PACKAGE_FILE_BYTES, type PackageAuthor, type PackageMetadata } from './package-metadata.js';
import { readOptionalModuleText } from './read-text.js';

export const SETUP_CFG = 'setup.cfg';

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

export function parseSetupCfg(text: string): PackageMetadata & { ini: Ini } {
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
  };
}

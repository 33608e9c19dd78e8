/**
 * What a module is made of: a template set is a directory with `template.json` (its version
 * and its manifest) and the templates in `module/`. The manifest says which templates are
 * written and under which condition, each condition a boolean of the view (src/render/view.ts);
 * render, `check` and update's reshape all read the set through this file and nothing else.
 *
 * Template sets travel with their version: `update` renders the module's old output from the
 * old set (test/fixtures/templates-0.9.0, `update --base-templates DIR`), so the manifest
 * lives in the set, not in the code. Sets up to 1.0.0 have no `files`: each file in their
 * `module/` is written, always, as those versions did.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TEMPLATES_DIR } from '../paths.js';
import { CONDITIONS, type Condition } from './conditions.js';
import type { ModuleView } from './view.js';

export interface TemplateFile {
  /** Path under `module/`, such as `__pkg__/api.py.ejs`. */
  template: string;
  /** Written only when this boolean of the view is true; always when absent. */
  when?: Condition;
}

export interface TemplateSet {
  dir: string;
  version: string;
  files: readonly TemplateFile[];
}

/** `template.json`: `files` lists the templates in groups, each named and with its condition. */
interface Manifest {
  version: string;
  files?: Array<{ name: string; when?: string; templates: string[] }>;
}

export function loadTemplateSet(dir = TEMPLATES_DIR): TemplateSet {
  const manifest = JSON.parse(readFileSync(join(dir, 'template.json'), 'utf8')) as Manifest;
  if (typeof manifest.version !== 'string') throw new Error(`${join(dir, 'template.json')}: no "version"`);
  const files = manifest.files
    ? manifest.files.flatMap((group) => group.templates.map((template) => ({ template, ...condition(group.when, dir) })))
    : listTemplates(join(dir, 'module')).map((template) => ({ template }));
  return { dir, version: manifest.version, files };
}

function condition(when: string | undefined, dir: string): { when?: Condition } {
  if (when === undefined) return {};
  if (!(CONDITIONS as readonly string[]).includes(when)) {
    throw new Error(`${join(dir, 'template.json')}: "when": "${when}" is not a condition (one of ${CONDITIONS.join(', ')})`);
  }
  return { when: when as Condition };
}

/** Every file under `dir`, as a `/` path relative to it, sorted. */
export function listTemplates(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The templates this view writes. */
export function selectedFiles(set: TemplateSet, view: Pick<ModuleView, Condition>): TemplateFile[] {
  return set.files.filter((file) => file.when === undefined || view[file.when]);
}

/**
 * Template path -> module path: `__pkg__` is the Python package, `__repo__` the repository
 * name, a `dot-` prefix stands for `.` (so dotfiles are not hidden in this repository), and
 * `.ejs` is dropped.
 */
export function outputPath(templatePath: string, view: Pick<ModuleView, 'packageName' | 'repoName'>): string {
  return templatePath
    .replace(/\.ejs$/, '')
    .split('/')
    .map((part) =>
      part
        .replace(/^dot-/, '.')
        .replace(/__pkg__/g, view.packageName)
        .replace(/__repo__/g, view.repoName),
    )
    .join('/');
}

/**
 * Rendering: a pure function from answers to the files of a module. It reads the template
 * directory and nothing else, writes nothing, and gives the same files for the same input,
 * so the generator, `update` (which renders twice) and the tests all share it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ejs from 'ejs';
import type { Answers } from '../answers/questions.js';
import { toExternalAnswers } from '../answers/parse.js';
import { ENCODERS } from './encode.js';
import { type ModuleView, moduleView } from './view.js';
import { TEMPLATES_DIR } from '../paths.js';
import { yoRcText } from './yo-rc.js';

export interface RenderInput {
  answers: Answers;
  /** Creation date, YYYY-MM-DD: it goes into the metadata and stays across updates. */
  created: string;
  /** Version of create-ai4os-module doing the rendering, recorded in `.yo-rc.json`. */
  generatorVersion: string;
}

/** Path in the module (with `/`) to its text. */
export type RenderedFiles = Map<string, string>;

export { YO_RC_NAMESPACE } from './yo-rc.js';

export interface TemplateSet {
  dir: string;
  version: string;
}

export function loadTemplateSet(dir = TEMPLATES_DIR): TemplateSet {
  const { version } = JSON.parse(readFileSync(join(dir, 'template.json'), 'utf8')) as { version: string };
  return { dir, version };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
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
    .map((part) => part.replace(/^dot-/, '.').replace(/__pkg__/g, view.packageName).replace(/__repo__/g, view.repoName))
    .join('/');
}

export function renderModule(input: RenderInput, templates: TemplateSet = loadTemplateSet()): RenderedFiles {
  const view = moduleView(input, templates.dir);
  const files: RenderedFiles = new Map();
  const moduleDir = join(templates.dir, 'module');
  for (const templatePath of listFiles(moduleDir)) {
    const source = readFileSync(join(moduleDir, templatePath), 'utf8');
    const text = ejs.render(source, { m: view, ...ENCODERS }, {
      filename: templatePath,
      async: false,
      strict: false,
      rmWhitespace: false,
    });
    const path = outputPath(templatePath, view);
    files.set(path, text);
  }
  files.set('.yo-rc.json', yoRcJson(input, templates.version));
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function yoRcJson(input: RenderInput, templateVersion: string): string {
  const meta = { _template: templateVersion, _generator: input.generatorVersion, _created: input.created };
  return yoRcText(meta, toExternalAnswers(input.answers));
}

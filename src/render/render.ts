/**
 * Rendering: a pure function from answers to the files of a module. It reads the template
 * set and nothing else, writes nothing, and gives the same files for the same input, so the
 * generator, `update` (which renders twice) and the tests all share it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toExternalAnswers } from '../answers/parse.js';
import type { Answers } from '../answers/questions.js';
import { TEMPLATES_DIR } from '../paths.js';
import { type TemplateFunction, compileTemplate } from './compile.js';
import { ENCODERS } from './encode.js';
import { PRECOMPILED } from './precompiled.js';
import { type TemplateSet, loadTemplateSet, outputPath, selectedFiles } from './template-set.js';
import { moduleView } from './view.js';
import { yoRcText } from './yo-rc.js';
import { comparePaths } from '../compare-paths.js';

export interface RenderInput {
  answers: Answers;
  /** Creation date, YYYY-MM-DD: it goes into the metadata and stays across updates. */
  created: string;
  /** Version of create-ai4os-module doing the rendering, recorded in `.yo-rc.json`. */
  generatorVersion: string;
}

/** Path in the module (with `/`) to its text. */
export type RenderedFiles = Map<string, string>;

/** Template path (under `module/`) to its function. */
export type TemplateFunctions = ReadonlyMap<string, TemplateFunction>;

export { YO_RC_NAMESPACE } from './yo-rc.js';
export { type TemplateSet, loadTemplateSet, outputPath } from './template-set.js';

const compiled = new WeakMap<TemplateSet, TemplateFunctions>();

/**
 * The functions of a set: the precompiled ones for the installed set in a built run,
 * otherwise compiled from the set's directory (once per loaded set).
 */
export function templateFunctions(set: TemplateSet): TemplateFunctions {
  if (PRECOMPILED && set.dir === TEMPLATES_DIR && set.version === PRECOMPILED.version) return PRECOMPILED.functions;
  let functions = compiled.get(set);
  if (!functions) {
    const moduleDir = join(set.dir, 'module');
    functions = new Map(
      set.files.map(({ template }) => [template, compileTemplate(readFileSync(join(moduleDir, template), 'utf8'), template)]),
    );
    compiled.set(set, functions);
  }
  return functions;
}

export function renderModule(
  input: RenderInput,
  templates: TemplateSet = loadTemplateSet(),
  functions: TemplateFunctions = templateFunctions(templates),
): RenderedFiles {
  const view = moduleView(input, templates.dir);
  const files: RenderedFiles = new Map();
  for (const { template } of selectedFiles(templates, view)) {
    files.set(outputPath(template, view), functions.get(template)!({ m: view, ...ENCODERS }));
  }
  files.set('.yo-rc.json', yoRcJson(input, templates.version));
  return new Map([...files].sort(([a], [b]) => comparePaths(a, b)));
}

function yoRcJson(input: RenderInput, templateVersion: string): string {
  const meta = { _template: templateVersion, _generator: input.generatorVersion, _created: input.created };
  return yoRcText(meta, toExternalAnswers(input.answers));
}

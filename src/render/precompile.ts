/**
 * Build time only (scripts/build/templates.mjs): the source of the module that replaces
 * src/render/precompiled.ts in the built CLI, with one function per template of the set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateFunctionSource } from './compile.js';
import { loadTemplateSet } from './template-set.js';

export function precompiledModuleSource(templatesDir: string): string {
  const set = loadTemplateSet(templatesDir);
  const entries = set.files.map(({ template }) => {
    const source = readFileSync(join(templatesDir, 'module', template), 'utf8');
    return `  [${JSON.stringify(template)}, ${templateFunctionSource(source, template)}],`;
  });
  return `export const PRECOMPILED = {\n  version: ${JSON.stringify(set.version)},\n  functions: new Map([\n${entries.join('\n')}\n  ]),\n};\n`;
}

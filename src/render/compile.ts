/**
 * EJS templates to functions. The built CLI carries the installed templates precompiled
 * (scripts/build/templates.mjs calls `templateFunctionSource`), so a creation loads no EJS
 * compiler; from source, and for any other template set (`update` rendering an older one
 * from a directory), they are compiled here at run time, with the same options.
 *
 * Strict mode with the data's keys destructured (no `with`, which ES modules forbid): a
 * template sees the view as `m` and one function per encoder, and nothing else of the data.
 */
import { compile } from 'ejs';
import { ENCODERS } from './encode.js';
import type { ModuleView } from './view.js';

export type TemplateData = { m: ModuleView } & typeof ENCODERS;
export type TemplateFunction = (data: TemplateData) => string;

const OPTIONS = {
  strict: true,
  _with: false,
  destructuredLocals: ['m', ...Object.keys(ENCODERS)],
  async: false as const,
  rmWhitespace: false,
};

export function compileTemplate(source: string, filename: string): TemplateFunction {
  return compile(source, { ...OPTIONS, filename }) as TemplateFunction;
}

/** A template whose data has other keys (a ported cookiecutter template sees its context as `c`), compiled alike. */
export function compileWithLocals<Data extends object>(source: string, filename: string, locals: (keyof Data & string)[]) {
  return compile(source, { ...OPTIONS, destructuredLocals: locals, filename }) as (data: Data) => string;
}

/**
 * JavaScript source of a self-contained function for the template. Without the debug line
 * tracking (which would embed each template's text): that changes error messages, never
 * output (test/unit/precompiled.test.ts renders both ways and compares).
 */
export function templateFunctionSource(source: string, filename: string): string {
  return compile(source, { ...OPTIONS, filename, client: true, compileDebug: false }).toString();
}

/**
 * The installed templates, compiled ahead of time. From source this is empty and render
 * compiles at run time (src/render/compile.ts); the build (scripts/build/templates.mjs)
 * replaces this module with the template set's version and one function per template file.
 */
import type { TemplateFunction } from './compile.js';

export const PRECOMPILED: { version: string; functions: ReadonlyMap<string, TemplateFunction> } | undefined = undefined;

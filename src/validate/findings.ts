/** What validation reports: findings (errors and warnings), per checked file. */
import type { SourceIndex, Span } from './source.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** A stable name for what was checked: `enum`, `type`, `unknown-key`, `dockerfile/expose`… */
  rule: string;
  /** Plain-language statement of the problem. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** The file the finding is about, as the user named it (relative to the working directory). */
  file: string;
  /** Where in the data (metadata findings): JSON Pointer and a readable path. */
  pointer?: string;
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface Findings {
  errors: Finding[];
  warnings: Finding[];
}

export const noFindings = (): Findings => ({ errors: [], warnings: [] });

/** Adds `more` to `target` (in a loop: a spread of many findings would overflow the stack). */
export function mergeFindings(target: Findings, more: Findings): Findings {
  for (const error of more.errors) target.errors.push(error);
  for (const warning of more.warnings) target.warnings.push(warning);
  return target;
}

/** Exit codes of `ai4-metadata validate`, which ours keeps. */
export const EXIT = { valid: 0, invalid: 1, unreadable: 2, badSchema: 3, other: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface FileReport extends Findings {
  /** What was named on the command line. */
  target: string;
  /** The metadata file checked (for a module directory, the one inside it). */
  file: string;
  /** The verdict for this file, with the reference's codes. */
  exitCode: ExitCode;
  /** The schema version used, or the --schema path. */
  schema: string;
  /** Module checks ran (the target was a directory). */
  module: boolean;
  /** The kind of module the checks took it for (src/validate/module-checks/kind.ts). */
  kind?: ModuleKindName;
}

export type ModuleKindName = 'deepaas' | 'child' | 'container' | 'tool';

/** `links.source_code`, `tags[2]`: a JSON Pointer as users read paths. */
export function readablePath(pointer: string): string {
  if (pointer === '') return '(top level)';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Line and column of a span, for a finding. */
export function placeOf(source: SourceIndex, span: Span | undefined): Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  if (!span) return {};
  const start = source.position(span.start);
  const end = source.position(Math.max(span.start, span.end));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

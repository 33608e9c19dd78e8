/** What every module check gets, and how it reports. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, Findings, Severity } from '../findings.js';
import type { Loaded } from '../load.js';

export interface ModuleContext {
  dir: string;
  /** A path as the user should see it (relative to where they ran the command). */
  show: (path: string) => string;
  metadata?: Loaded;
}

/** Collects findings about the files of one module. */
export class ModuleFindings implements Findings {
  readonly errors: Finding[] = [];
  readonly warnings: Finding[] = [];

  constructor(readonly context: ModuleContext) {}

  add(severity: Severity, rule: string, file: string, message: string, options: { hint?: string; line?: number; column?: number } = {}): void {
    const finding: Finding = { severity, rule, message, file: this.context.show(join(this.context.dir, file)) };
    if (options.hint) finding.hint = options.hint;
    if (options.line !== undefined) Object.assign(finding, { line: options.line, column: options.column ?? 1 });
    (severity === 'error' ? this.errors : this.warnings).push(finding);
  }

  error(rule: string, file: string, message: string, options?: { hint?: string; line?: number; column?: number }): void {
    this.add('error', rule, file, message, options);
  }

  warn(rule: string, file: string, message: string, options?: { hint?: string; line?: number; column?: number }): void {
    this.add('warning', rule, file, message, options);
  }
}

/** The text of a file of the module, or undefined when there is none. */
export async function readModuleFile(context: ModuleContext, file: string): Promise<string | undefined> {
  try {
    return await readFile(join(context.dir, file), 'utf8');
  } catch {
    return undefined;
  }
}

export async function isFile(context: ModuleContext, file: string): Promise<boolean> {
  return stat(join(context.dir, file)).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** 1-based line of the first match of `pattern` in `text`, if any. */
export function lineOf(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : undefined;
}

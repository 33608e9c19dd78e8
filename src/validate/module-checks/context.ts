/** What every module check gets, and how it reports. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModuleFileError, readOptionalModuleText } from '../../module-files/read-text.js';
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

  add(
    severity: Severity,
    rule: string,
    file: string,
    message: string,
    options: { hint?: string; line?: number; column?: number } = {},
  ): void {
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

/**
 * A module file read by its reader (src/module-files/): its text, undefined when there is no
 * such file, or null when it is there but refused (not a regular file, too big, unreadable),
 * which is reported as a `module/unreadable` error.
 */
export function readReported(
  findings: ModuleFindings,
  file: string,
  read: (dir: string, shown: string) => string | undefined,
): string | undefined | null {
  const { dir, show } = findings.context;
  try {
    return read(dir, show(join(dir, file)));
  } catch (error) {
    if (!(error instanceof ModuleFileError)) throw error;
    findings.error('module/unreadable', file, error.message, error.hint ? { hint: error.hint } : {});
    return null;
  }
}

/** A module file without a reader of its own (requirements.txt, a Nomad job), through the same rules. */
export function plainFile(file: string, maxBytes: number, what: string) {
  return (dir: string, shown: string) => readOptionalModuleText(join(dir, file), { maxBytes, shown, what });
}

/** Anything at that path (a file, a directory, a FIFO …): the file's own check says what is wrong with it. */
export async function exists(context: ModuleContext, file: string): Promise<boolean> {
  return stat(join(context.dir, file)).then(
    () => true,
    () => false,
  );
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

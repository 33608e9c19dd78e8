/**
 * `ai4os-module validate [FILE|DIR ...]`: the verdicts of `ai4-metadata validate` 2.4.2
 * (same exit codes, options and schema semantics), with every error placed in the file,
 * warnings, output for people, tools and GitHub, and checks of a whole module directory.
 */
import { statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { checkMetadata } from './check-metadata.js';
import { EXIT, mergeFindings, type ExitCode, type FileReport, type Finding } from './findings.js';
import { formatReports } from './formats.js';
import { loadMetadataFile } from './load.js';
import { METADATA_FILE_NAMES } from '../module-files/metadata.js';
import { LoadFailure } from './load-error.js';
import { bundledChoice, isSchemaProblem, schemaFileChoice, type SchemaChoice, type SchemaProblem } from './schema-choice.js';
import type { Format, SchemaVersion } from './options.js';

export interface ValidateOptions {
  targets: string[];
  metadataVersion: SchemaVersion;
  schema?: string;
  quiet: boolean;
  strict: boolean;
  format: Format;
}

/** The values of validate's flags (declared in src/cli/commands.ts). */
export interface ValidateArgs {
  flags: { 'metadata-version': SchemaVersion; schema: string | undefined; format: Format; strict: boolean; quiet: boolean };
  positionals: { targets: string[] };
  cwd: string;
}

export async function main({ flags, positionals, cwd }: ValidateArgs): Promise<number> {
  const options: ValidateOptions = {
    targets: positionals.targets.length > 0 ? positionals.targets : ['ai4-metadata.yml'],
    metadataVersion: flags['metadata-version'],
    schema: flags.schema,
    quiet: flags.quiet,
    strict: flags.strict,
    format: flags.format,
  };
  const reports = await validateTargets(options, cwd);
  const exitCode = runExitCode(reports, options.strict);
  process.stdout.write(formatReports(options.format, { reports, exitCode, strict: options.strict, quiet: options.quiet }));
  return exitCode;
}

/**
 * The reference stops at the first file it cannot load or whose schema is bad (exit 2, 3 or
 * 4) and otherwise exits 1 if any file was invalid. We check every file, and exit the same.
 */
export function runExitCode(reports: FileReport[], strict: boolean): ExitCode {
  let code: ExitCode = EXIT.valid;
  for (const report of reports) {
    if (report.exitCode > EXIT.invalid) return report.exitCode;
    if (report.exitCode === EXIT.invalid || (strict && report.warnings.length > 0)) code = EXIT.invalid;
  }
  return code;
}

export async function validateTargets(options: ValidateOptions, cwd: string): Promise<FileReport[]> {
  let schema: Promise<SchemaChoice | SchemaProblem> | undefined;
  const getSchema = () =>
    (schema ??= options.schema ? schemaFileChoice(resolve(cwd, options.schema)) : bundledChoice(options.metadataVersion));
  const label = options.schema ?? options.metadataVersion;
  const reports: FileReport[] = [];
  for (const target of options.targets) {
    reports.push(await validateTarget(target, cwd, label, getSchema));
  }
  return reports;
}

async function validateTarget(
  target: string,
  cwd: string,
  label: string,
  getSchema: () => Promise<SchemaChoice | SchemaProblem>,
): Promise<FileReport> {
  const absolute = resolve(cwd, target);
  const show = (path: string) => (isAbsolute(target) ? path : relative(cwd, path) || '.');
  const isDirectory = readable(show(absolute), () => statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ?? false);
  let metadataPath = absolute;
  if (isDirectory) {
    // Any file of that name, also a FIFO or a device: the loader refuses those, saying why.
    const found = readable(show(absolute), () =>
      METADATA_FILE_NAMES.map((name) => join(absolute, name)).find((path) => statSync(path, { throwIfNoEntry: false }) !== undefined),
    );
    if (!found) {
      const report = emptyReport(target, show(join(absolute, METADATA_FILE_NAMES[0]!)), label, true, EXIT.unreadable);
      report.errors.push({
        severity: 'error',
        rule: 'module/metadata',
        message: `${show(absolute)} has no ${METADATA_FILE_NAMES[0]}`,
        hint: 'Run this in the module directory, or name the metadata file.',
        file: show(absolute),
      });
      return report;
    }
    metadataPath = found;
  }
  const file = show(metadataPath);
  const report = emptyReport(target, file, label, isDirectory, EXIT.valid);
  const loaded = loadMetadataFile(metadataPath, file);
  if (loaded instanceof LoadFailure) {
    report.exitCode = loaded.exitCode;
    report.errors.push(loadFinding(loaded, file));
  } else {
    const choice = await getSchema();
    if (isSchemaProblem(choice)) {
      report.exitCode = choice.exitCode;
      report.errors.push({ severity: 'error', rule: 'schema', message: choice.message, file });
      return report;
    }
    const result = checkMetadata(loaded, choice, file);
    mergeFindings(report, result);
    if (result.crash) {
      report.exitCode = EXIT.other;
      report.errors.push({
        severity: 'error',
        rule: 'crash',
        message: `The reference validator fails on this data: ${result.crash}`,
        file,
      });
    } else if (result.errors.length > 0) {
      report.exitCode = EXIT.invalid;
    }
  }
  if (isDirectory) {
    const { checkModule } = await import('./module-checks/index.js');
    const moduleFindings = await checkModule({
      dir: absolute,
      show,
      metadata: loaded instanceof LoadFailure ? undefined : loaded,
      metadataFile: basename(metadataPath),
    });
    mergeFindings(report, moduleFindings);
    if (moduleFindings.errors.length > 0 && report.exitCode === EXIT.valid) report.exitCode = EXIT.invalid;
  }
  return report;
}

/** A directory the user may not read is theirs to fix, not a bug. */
function readable<T>(shown: string, look: () => T): T {
  try {
    return look();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
    throw new UserError(
      `Cannot read ${shown}: permission denied.`,
      `Give your user access to it (ls -ld ${shown} shows who may read it), or validate a copy you can read.`,
    );
  }
}

function emptyReport(target: string, file: string, schema: string, module: boolean, exitCode: ExitCode): FileReport {
  return { target, file, schema, module, exitCode, errors: [], warnings: [] };
}

function loadFinding(failure: LoadFailure, file: string): Finding {
  const rule = { missing: 'file', syntax: 'parse', crash: 'crash', hostile: 'limits' }[failure.kind];
  const finding: Finding = { severity: 'error', rule, message: failure.message, file };
  if (failure.hint) finding.hint = failure.hint;
  if (failure.position) Object.assign(finding, { line: failure.position.line, column: failure.position.column });
  return finding;
}

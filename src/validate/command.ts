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
import { type Loaded, loadMetadataFile } from './load.js';
import { METADATA_FILE_NAMES } from '../module-files/metadata.js';
import { LoadFailure } from './load-error.js';
import {
  bundledChoice,
  HUB_SCHEMA_VERSION,
  isSchemaProblem,
  schemaFileChoice,
  type SchemaChoice,
  type SchemaProblem,
} from './schema-choice.js';
import { LATEST_SCHEMA_VERSION, type Format, type SchemaVersion } from './options.js';

export interface ValidateOptions {
  targets: string[];
  metadataVersion: SchemaVersion;
  schema?: string;
  quiet: boolean;
  strict: boolean;
  format: Format;
  /**
   * Grade a module directory by what the platform does with it (the CLI's `validate`):
   * its metadata checked against both the hub's schema and the latest, and a
   * `links.source_code` the platform API does not list an error.
   */
  platform?: boolean;
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
    platform: true,
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
  // The schemas the hub and the platform API check a module with, besides the one chosen.
  const platformSchemas =
    options.platform && !options.schema
      ? [...new Set([HUB_SCHEMA_VERSION, LATEST_SCHEMA_VERSION])].filter((version) => version !== options.metadataVersion)
      : [];
  const reports: FileReport[] = [];
  for (const target of options.targets) {
    reports.push(await validateTarget(target, cwd, label, getSchema, options.platform === true, platformSchemas));
  }
  return reports;
}

const CHECKED_BY: Record<string, string> = { [HUB_SCHEMA_VERSION]: "the hub's Jenkins", [LATEST_SCHEMA_VERSION]: 'the platform API' };

async function validateTarget(
  target: string,
  cwd: string,
  label: string,
  getSchema: () => Promise<SchemaChoice | SchemaProblem>,
  platform: boolean,
  platformSchemas: SchemaVersion[],
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
        message: `${show(absolute)} has no ${METADATA_FILE_NAMES[0]}: the hub's Jenkins and the platform API read the module's metadata from it`,
        hint: missingMetadataHint(absolute, show),
        file: show(absolute),
      });
      // The module's files are checked all the same: what is wrong with them is still worth knowing.
      if (platform) await addModuleChecks(report, absolute, show, undefined, METADATA_FILE_NAMES[0]!, platform);
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
    const result = checkMetadata(loaded, choice, file, isDirectory ? platformSchemas : undefined);
    if (isDirectory) {
      for (const version of platformSchemas) {
        const seen = new Set(result.errors.map((e) => `${e.pointer} ${e.message}`));
        for (const error of checkMetadata(loaded, await bundledChoice(version), file).errors) {
          if (!seen.has(`${error.pointer} ${error.message}`))
            result.errors.push({ ...error, message: `${error.message} (schema ${version}, which ${CHECKED_BY[version]} checks with)` });
        }
      }
    }
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
    await addModuleChecks(report, absolute, show, loaded instanceof LoadFailure ? undefined : loaded, basename(metadataPath), platform);
  }
  return report;
}

async function addModuleChecks(
  report: FileReport,
  dir: string,
  show: (path: string) => string,
  metadata: Loaded | undefined,
  metadataFile: string,
  platform: boolean,
): Promise<void> {
  const { checkModule, gradeMetadataFindings } = await import('./module-checks/index.js');
  const moduleFindings = await checkModule({ dir, show, metadata, metadataFile });
  if (platform) gradeMetadataFindings(report, moduleFindings.kind);
  report.kind = moduleFindings.kind.kind;
  mergeFindings(report, moduleFindings);
  if (report.errors.length > 0 && report.exitCode === EXIT.valid) report.exitCode = EXIT.invalid;
}

/** What to do without ai4-metadata.yml; a v1 metadata.json, which nothing reads any more, can be converted. */
function missingMetadataHint(dir: string, show: (path: string) => string): string {
  const v1 = join(dir, 'metadata.json');
  if (statSync(v1, { throwIfNoEntry: false })?.isFile() !== true) return 'Run this in the module directory, or name the metadata file.';
  const loaded = loadMetadataFile(v1, show(v1));
  const broken =
    loaded instanceof LoadFailure
      ? `, once it loads (${show(v1)}${loaded.position ? `:${loaded.position.line}:${loaded.position.column}` : ''}: ${loaded.message})`
      : '';
  return `${show(v1)} (metadata v1) is read by neither any more: \`ai4os-module migrate ${show(v1)} -o ${show(join(dir, METADATA_FILE_NAMES[0]!))}\` converts it${broken}.`;
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

/**
 * `ai4os-module validate [FILE|DIR ...]`: the verdicts of `ai4-metadata validate` 2.4.2
 * (same exit codes, options and schema semantics), with every error placed in the file,
 * warnings, output for people, tools and GitHub, and checks of a whole module directory.
 */
import { statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closestChoice } from '../closest.js';
import { BUG_REPORT_HINT, UserError } from '../errors.js';
import { checkMetadata } from './check-metadata.js';
import { EXIT, mergeFindings, type ExitCode, type FileReport, type Finding } from './findings.js';
import { FORMATS, formatReports, type Format } from './formats.js';
import { loadMetadataFile } from './load.js';
import { METADATA_FILE_NAMES } from '../module-files/metadata.js';
import { LoadFailure } from './load-error.js';
import { bundledChoice, isSchemaProblem, schemaFileChoice, type SchemaChoice, type SchemaProblem } from './schema-choice.js';
import { isSchemaVersion, LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from './schemas.js';

export interface ValidateOptions {
  targets: string[];
  metadataVersion: SchemaVersion;
  schema?: string;
  quiet: boolean;
  strict: boolean;
  format: Format;
}

const FLAGS = {
  'metadata-version': { type: 'string' },
  schema: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  strict: { type: 'boolean' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const HELP = `Usage: ai4os-module validate [FILE|DIR ...] [options]

Check AI4OS module metadata (ai4-metadata.yml) as \`ai4-metadata validate\` does, with the same
verdicts and exit codes, reporting every error with its line and column. Given a module
directory (\`validate .\`), also check its Dockerfile, pyproject.toml, LICENSE, Jenkins and
Nomad files. Default: ./ai4-metadata.yml

Options:
  --metadata-version V   Schema version: ${SCHEMA_VERSIONS.join(', ')} (default ${LATEST_SCHEMA_VERSION})
  --schema FILE          Validate against this JSON Schema file instead
  --format F             text (default), json, or github (workflow annotations)
  --strict               Warnings fail the check too
  -q, --quiet            Print nothing for valid files
  -h, --help             Show this help

Exit codes: 0 valid, 1 invalid, 2 missing or unreadable file, 3 invalid schema, 4 other error.
`;

export function parseValidateArgs(argv: string[]): ValidateOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    const flag = /'(-{1,2}[^'\s]+)/.exec((error as Error).message)?.[1];
    const close = flag ? closestChoice(flag.replace(/^-+/, ''), Object.keys(FLAGS)) : undefined;
    throw new UserError((error as Error).message, close ? `Did you mean --${close}? See --help.` : 'See --help.');
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const version = values['metadata-version'] ?? LATEST_SCHEMA_VERSION;
  if (!isSchemaVersion(version)) {
    throw new UserError(`Invalid value for --metadata-version: '${version}' is not one of ${SCHEMA_VERSIONS.join(', ')}.`, 'See --help.');
  }
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    const close = closestChoice(format, FORMATS);
    throw new UserError(`Invalid value for --format: '${format}'.`, `Use one of ${FORMATS.join(', ')}${close ? ` (did you mean ${close}?)` : ''}.`);
  }
  return {
    targets: positionals.length > 0 ? positionals : ['ai4-metadata.yml'],
    metadataVersion: version,
    schema: values.schema,
    quiet: values.quiet === true,
    strict: values.strict === true,
    format: format as Format,
  };
}

export async function main(argv: string[], cwd: string): Promise<number> {
  const options = parseValidateArgs(argv);
  if (options === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    const reports = await validateTargets(options, cwd);
    const exitCode = runExitCode(reports, options.strict);
    process.stdout.write(formatReports(options.format, { reports, exitCode, strict: options.strict, quiet: options.quiet }));
    return exitCode;
  } catch (error) {
    // As the reference: anything unexpected is exit 4.
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n${BUG_REPORT_HINT}\n`);
    return EXIT.other;
  }
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
  const getSchema = () => (schema ??= options.schema ? schemaFileChoice(resolve(cwd, options.schema)) : bundledChoice(options.metadataVersion));
  const label = options.schema ?? options.metadataVersion;
  const reports: FileReport[] = [];
  for (const target of options.targets) {
    reports.push(await validateTarget(target, cwd, label, getSchema));
  }
  return reports;
}

async function validateTarget(target: string, cwd: string, label: string, getSchema: () => Promise<SchemaChoice | SchemaProblem>): Promise<FileReport> {
  const absolute = resolve(cwd, target);
  const show = (path: string) => (isAbsolute(target) ? path : relative(cwd, path) || '.');
  const isDirectory = statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ?? false;
  let metadataPath = absolute;
  if (isDirectory) {
    // Any file of that name, also a FIFO or a device: the loader refuses those, saying why.
    const found = METADATA_FILE_NAMES.map((name) => join(absolute, name)).find((path) => statSync(path, { throwIfNoEntry: false }) !== undefined);
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
      report.errors.push({ severity: 'error', rule: 'crash', message: `The reference validator fails on this data: ${result.crash}`, file });
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

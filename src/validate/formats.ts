/**
 * How `validate` reports: `text` for people, `json` for tools, `github` for GitHub
 * workflow annotations (each finding shows on the line of the pull request's diff).
 */
import type { Finding, FileReport, ModuleKindName } from './findings.js';
import type { Format } from './options.js';
import { comparePaths } from '../compare-paths.js';

export { FORMATS, type Format } from './options.js';

export interface RunSummary {
  reports: FileReport[];
  exitCode: number;
  strict: boolean;
  quiet: boolean;
}

export function formatReports(format: Format, summary: RunSummary): string {
  if (format === 'json') return formatJson(summary);
  if (format === 'github') return formatGithub(summary);
  return formatText(summary);
}

function place(f: Finding): string {
  return f.line === undefined ? f.file : `${f.file}:${f.line}:${f.column}`;
}

function headline(f: Finding): string {
  return f.path ? `${f.path}: ${f.message}` : f.message;
}

function verdict(report: FileReport): string {
  const against = /^\d+\.\d+\.\d+$/.test(report.schema) ? `version ${report.schema}` : `schema ${report.schema}`;
  const counts = `${plural(report.errors.length, 'error')}, ${plural(report.warnings.length, 'warning')}`;
  const kind = report.kind ? ` (${KIND_NAMES[report.kind]})` : '';
  const module = report.module ? ` and the module checks of '${report.target}'${kind}` : '';
  switch (report.exitCode) {
    case 0:
      return `✓ '${report.file}' is valid for ${against}${module ? `${module} pass` : ''}${report.warnings.length > 0 ? ` (${plural(report.warnings.length, 'warning')})` : ''}`;
    case 1:
      return report.module
        ? `✗ module '${report.target}'${kind} fails: ${counts} (metadata checked against ${against})`
        : `✗ '${report.file}' is not valid for ${against} (${counts})`;
    case 3:
      return `✗ the schema ${report.schema} is not a valid JSON Schema`;
    default:
      return report.module
        ? `✗ module '${report.target}'${kind} fails: '${report.file}' could not be checked (${counts})`
        : `✗ '${report.file}' could not be checked`;
  }
}

const KIND_NAMES: Record<ModuleKindName, string> = {
  deepaas: 'a DEEPaaS module',
  child: 'a child module',
  container: 'a container-only module',
  tool: 'a platform tool',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText({ reports, quiet }: RunSummary): string {
  const lines: string[] = [];
  for (const report of reports) {
    // Quiet: nothing at all for a file that passes (its warnings included).
    if (quiet && report.exitCode === 0) continue;
    // By file and place; findings about no place in particular (counts) last.
    const findings = [...report.errors, ...report.warnings].sort(
      (a, b) => comparePaths(a.file, b.file) || (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0),
    );
    for (const f of findings) {
      lines.push(`${place(f)}: ${f.severity}: ${headline(f)}`);
      if (f.hint) lines.push(`    ${f.hint}`);
    }
    lines.push(verdict(report));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function formatJson({ reports, exitCode, strict }: RunSummary): string {
  return `${JSON.stringify({ exitCode, strict, files: reports }, null, 2)}\n`;
}

// Workflow commands: data escapes %, CR, LF; property values also `:` and `,`.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function formatGithub({ reports, quiet }: RunSummary): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (quiet && report.exitCode === 0) continue;
    for (const f of [...report.errors, ...report.warnings]) {
      const properties = [`file=${escapeProperty(f.file)}`];
      if (f.line !== undefined) {
        properties.push(`line=${f.line}`, `col=${f.column}`);
        if (f.endLine !== undefined && f.endLine !== f.line) properties.push(`endLine=${f.endLine}`);
        else if (f.endColumn !== undefined && f.endColumn > (f.column ?? 0)) properties.push(`endColumn=${f.endColumn}`);
      }
      properties.push(`title=${escapeProperty(`ai4os-module validate: ${f.rule}`)}`);
      const text = f.hint ? `${headline(f)}\n${f.hint}` : headline(f);
      lines.push(`::${f.severity} ${properties.join(',')}::${escapeData(text)}`);
    }
    lines.push(verdict(report));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

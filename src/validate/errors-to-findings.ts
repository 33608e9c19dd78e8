/** ajv's errors as findings with a place in the file and a plain-language message. */
import type { ErrorObject } from 'ajv';
import { placeOf, readablePath, type Finding, type Severity } from './findings.js';
import { describeError } from './messages.js';
import type { SourceIndex, Span } from './source.js';

export function errorsToFindings(errors: readonly ErrorObject[], source: SourceIndex, file: string): Finding[] {
  const findings = errors.map((error) => {
    const described = describeError(error);
    return finding('error', described.rule, described.message, described.hint, file, source, described.pointer, described.at);
  });
  return sortByPlace(dedupe(findings));
}

export function finding(
  severity: Severity,
  rule: string,
  message: string,
  hint: string | undefined,
  file: string,
  source: SourceIndex,
  pointer: string,
  at: 'value' | 'key' = 'value',
  span?: Span,
): Finding {
  const located = source.locate(pointer);
  const chosen = span ?? (located ? (at === 'key' && located.exact ? (located.spans.key ?? located.spans.value) : located.spans.value) : undefined);
  return { severity, rule, message, ...(hint ? { hint } : {}), file, pointer, path: readablePath(pointer), ...placeOf(source, chosen) };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.pointer}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortByPlace(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

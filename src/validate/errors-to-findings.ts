/** ajv's errors as findings with a place in the file and a plain-language message. */
import type { ErrorObject } from 'ajv';
import { placeOf, readablePath, type Finding, type Severity } from './findings.js';
import { describeError } from './messages.js';
import type { SourceIndex } from './source.js';

export function errorsToFindings(errors: readonly ErrorObject[], source: SourceIndex, file: string): Finding[] {
  const findings = errors.map((error) => {
    const described = describeError(error);
    const { rule, message, hint, pointer, at } = described;
    return finding({ severity: 'error', rule, message, hint, file, source, pointer, at });
  });
  return sortByPlace(dedupe(findings));
}

export interface FindingAt {
  severity: Severity;
  rule: string;
  message: string;
  hint?: string;
  file: string;
  /** The loaded file's text, to place the finding in. */
  source: SourceIndex;
  /** JSON Pointer of the value the finding is about. */
  pointer: string;
  /** Point at the mapping key rather than the value (default `value`). */
  at?: 'value' | 'key';
}

export function finding({ severity, rule, message, hint, file, source, pointer, at = 'value' }: FindingAt): Finding {
  const located = source.locate(pointer);
  const chosen = located ? (at === 'key' && located.exact ? (located.spans.key ?? located.spans.value) : located.spans.value) : undefined;
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

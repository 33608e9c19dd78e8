/**
 * A module's `ai4-metadata.yml`, read as the platform and the reference validator read it:
 * through validate's loader (src/validate/load.ts: JSON as Python's `json`, then YAML as
 * PyYAML, at most 1 MiB, only a regular file).
 */
import { LoadFailure } from '../validate/load-error.js';
import { loadMetadataText } from '../validate/load.js';
import { pyValueInfo } from '../validate/python/py-values.js';
import { MAX_FILE_BYTES } from '../validate/load.js';
import { tooBig } from './read-text.js';

/** Names of the metadata file in a module directory, in order of preference. */
export const METADATA_FILE_NAMES = ['ai4-metadata.yml', 'ai4-metadata.yaml', 'ai4-metadata.json'];

export type ModuleMetadata = { ok: true; data: Record<string, unknown> } | { ok: false; problem: string };

/** The metadata of the bytes of a metadata file (from disk or a git blob); `shown` names it in problems. */
export function parseModuleMetadata(bytes: Uint8Array, shown: string): ModuleMetadata {
  if (bytes.length > MAX_FILE_BYTES)
    return { ok: false, problem: tooBig(shown, { maxBytes: MAX_FILE_BYTES, what: 'a metadata file' }).message };
  const loaded = loadMetadataText(bytes);
  if (loaded instanceof LoadFailure) {
    const where = loaded.position ? `${shown}:${loaded.position.line}:${loaded.position.column}` : shown;
    return { ok: false, problem: `${where}: ${loaded.message}` };
  }
  if (loaded.value === null || typeof loaded.value !== 'object' || Array.isArray(loaded.value)) {
    return { ok: false, problem: `${shown}: holds no mapping of fields` };
  }
  return { ok: true, data: loaded.value as Record<string, unknown> };
}

/** A date of the metadata (`dates.created`), unquoted (a YAML date) or quoted, as YYYY-MM-DD. */
export function metadataDate(value: unknown): string | undefined {
  const text = pyValueInfo(value)?.text ?? value;
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : undefined;
}

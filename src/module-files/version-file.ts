/** VERSION: the module's version, alone on the first line (what the templates' pyproject reads). */
import { join } from 'node:path';
import type { Located } from './dockerfile.js';
import { readOptionalModuleText } from './read-text.js';

export const VERSION_FILE = 'VERSION';
export const MAX_VERSION_FILE_BYTES = 1024;

export function readVersionFileText(dir: string, shown = VERSION_FILE): string | undefined {
  return readOptionalModuleText(join(dir, VERSION_FILE), { maxBytes: MAX_VERSION_FILE_BYTES, shown, what: 'a VERSION file' });
}

/** The first non-empty line, trimmed; undefined for an empty file. */
export function parseVersionFile(text: string): Located<string> | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => line.trim() !== '');
  return index === -1 ? undefined : { value: lines[index]!.trim(), line: index + 1 };
}

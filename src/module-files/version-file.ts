/** VERSION: the module's version, alone on the first line (what the templates' pyproject reads). */
import type { Located } from './read-text.js';

export const VERSION_FILE = 'VERSION';
export const MAX_VERSION_FILE_BYTES = 1024;

/** The first non-empty line, trimmed; undefined for an empty file. */
export function parseVersionFile(text: string): Located<string> | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => line.trim() !== '');
  return index === -1 ? undefined : { value: lines[index]!.trim(), line: index + 1 };
}

/**
 * JenkinsConstants.groovy: the `@Field def name = 'value'` settings the hub's pipeline loads
 * (`dockerfile`, `base_cpu_tag`, `base_gpu_tag`, image names). Commented-out lines, `//` and
 * `/* … *\/`, are not values: the pipeline never sees them.
 */
import { join } from 'node:path';
import type { Located } from './read-text.js';
import { readOptionalModuleText } from './read-text.js';

export const JENKINS_CONSTANTS = 'JenkinsConstants.groovy';
export const MAX_JENKINS_CONSTANTS_BYTES = 64 * 1024;

export type JenkinsFields = Map<string, Located<string>>;

export function readJenkinsConstantsText(dir: string, shown = JENKINS_CONSTANTS): string | undefined {
  return readOptionalModuleText(join(dir, JENKINS_CONSTANTS), { maxBytes: MAX_JENKINS_CONSTANTS_BYTES, shown, what: JENKINS_CONSTANTS });
}

export function parseJenkinsConstants(text: string): JenkinsFields {
  const fields: JenkinsFields = new Map();
  // Block comments out, keeping the line count; a `//` line does not start with `def`.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  for (const [index, line] of code.split(/\r?\n/).entries()) {
    const field = /^\s*(?:@Field\s+)?def\s+(\w+)\s*=\s*(['"])(.*?)\2\s*;?\s*(?:\/\/.*)?$/.exec(line);
    if (field) fields.set(field[1]!, { value: field[3]!, line: index + 1 });
  }
  return fields;
}

/**
 * Reading the metadata of `.yo-rc.json` (template version, creation date, pristine commit)
 * with nothing but `fs`: `check` uses it alone. The answers in it are read by stored.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { YO_RC_NAMESPACE, type YoRcMeta } from '../render/yo-rc.js';
import { isVersion } from './version.js';

export const YO_RC_FILE = '.yo-rc.json';

export interface YoRcContent {
  meta: YoRcMeta;
  /** Everything under the generator's key: metadata and answers, as written. */
  data: Record<string, unknown>;
}

export const NOT_A_MODULE_HINT =
  'Run it in the directory of a module made by create-ai4os-module. For a module made by the ' +
  'ai4-template cookiecutter or by hand, run `ai4os-module adopt` first.';

/** The text of `.yo-rc.json` to its metadata and data; `where` names it in messages. */
export function parseYoRc(text: string, where: string): YoRcContent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${where} is not valid JSON: ${(error as Error).message}`, 'Fix it (git diff shows what changed), then run again.');
  }
  const data = (parsed as Record<string, unknown> | null)?.[YO_RC_NAMESPACE];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${where} has no "${YO_RC_NAMESPACE}" section.`, NOT_A_MODULE_HINT);
  }
  const record = data as Record<string, unknown>;
  const { _template, _generator, _created, _pristine } = record;
  if (typeof _template !== 'string' || !isVersion(_template)) {
    throw new UserError(
      `${where} does not say which template version the module was rendered from ("_template": ${JSON.stringify(_template)}).`,
      'Restore the file from git (git log -p .yo-rc.json), or run `ai4os-module adopt`.',
    );
  }
  const meta: YoRcMeta = {
    _template,
    _generator: typeof _generator === 'string' ? _generator : 'unknown',
    _created: typeof _created === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(_created) ? _created : '',
  };
  if (typeof _pristine === 'string' && /^[0-9a-f]{40,64}$/.test(_pristine)) meta._pristine = _pristine;
  return { meta, data: record };
}

export function readYoRc(dir: string): YoRcContent {
  const path = join(dir, YO_RC_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`No ${YO_RC_FILE} in ${dir}: it does not look like a module made by create-ai4os-module.`, NOT_A_MODULE_HINT);
    }
    throw error;
  }
  return parseYoRc(text, path);
}

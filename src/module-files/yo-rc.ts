/**
 * The one reader of `.yo-rc.json`: its metadata (template version, creation date, pristine
 * commit) and the answers part, as stored. Needs nothing but `fs`, so `check` loads it
 * alone (no answers definition, no schema). The writer is src/render/yo-rc.ts (the same
 * types); update's stored.ts reads the answers part through the answers definition and
 * writes the pristine commit in.
 */
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { YO_RC_NAMESPACE, type YoRcMeta } from '../render/yo-rc.js';
import { isVersion } from '../update/version.js';
import { ModuleFileError, readModuleText, tooBig } from './read-text.js';

export const YO_RC_FILE = '.yo-rc.json';
/** Answers and a few metadata keys: a few kB. */
export const MAX_YO_RC_BYTES = 256 * 1024;

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
  // Text from git (a committed file) is capped as a file on disk is.
  if (Buffer.byteLength(text) > MAX_YO_RC_BYTES) throw tooBig(where, { maxBytes: MAX_YO_RC_BYTES, what: YO_RC_FILE });
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
    text = readModuleText(path, { maxBytes: MAX_YO_RC_BYTES, what: YO_RC_FILE });
  } catch (error) {
    if (error instanceof ModuleFileError && error.reason === 'missing') {
      throw new UserError(`No ${YO_RC_FILE} in ${dir}: it does not look like a module made by create-ai4os-module.`, NOT_A_MODULE_HINT);
    }
    throw error;
  }
  return parseYoRc(text, path);
}

/** The answers part of the data under the generator's key (metadata `_` keys left out). */
export function answersPart(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('_')));
}

/** The answers file (`--answers FILE`): YAML or JSON, with the same keys as the flags. */
import { parse } from 'yaml';
import { InvalidAnswersError, UserError } from '../errors.js';
import { type RawAnswers, readExternalAnswers } from '../answers/parse.js';
import { ModuleFileError, readModuleText } from '../module-files/read-text.js';

/** Answers are a few hundred bytes; a long description fits many times over. */
export const MAX_ANSWERS_FILE_BYTES = 256 * 1024;

export function readAnswersFile(path: string): RawAnswers {
  let text: string;
  try {
    text = readModuleText(path, { maxBytes: MAX_ANSWERS_FILE_BYTES, shown: `answers file ${path}`, what: 'an answers file' });
  } catch (error) {
    if (!(error instanceof ModuleFileError)) throw error;
    // "answers file X does not exist", "answers file X is a FIFO …": said as a sentence.
    throw new UserError(`The ${error.message}`, error.hint ?? 'Check the path given to --answers.');
  }
  let data: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    data = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new UserError(`The answers file ${path} is not valid YAML or JSON:\n${(error as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`The answers file ${path} must hold a mapping of answers, such as "title: My model".`);
  }
  const { raw, problems } = readExternalAnswers(data as Record<string, unknown>, path);
  if (problems.length > 0) throw new InvalidAnswersError(problems);
  return raw;
}

/** The answers file (`--answers FILE`): YAML or JSON, with the same keys as the flags. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InvalidAnswersError, UserError } from '../errors.js';
import { type RawAnswers, readExternalAnswers } from '../answers/parse.js';

export function readAnswersFile(path: string): RawAnswers {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read the answers file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
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

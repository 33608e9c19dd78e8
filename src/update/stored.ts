/**
 * The answers stored in `.yo-rc.json` (read by src/module-files/yo-rc.ts), interpreted and
 * written through the one answers definition (src/answers/parse.ts): the same parsing and
 * rules as flags and answers files.
 */
import { type AnswerProblem, UserError } from '../errors.js';
import { type RawAnswers, readExternalAnswers, toExternalAnswers } from '../answers/parse.js';
import type { Answers } from '../answers/questions.js';
import { type YoRcMeta, yoRcText } from '../render/yo-rc.js';
import { YO_RC_FILE, answersPart, parseYoRc } from '../module-files/yo-rc.js';

/** The stored answers, still raw; throws when a key or value is not one this version knows. */
export function storedRawAnswers(data: Record<string, unknown>): RawAnswers {
  const { raw, problems } = readExternalAnswers(answersPart(data), YO_RC_FILE);
  if (problems.length > 0) throw storedAnswersError(problems);
  return raw;
}

function storedAnswersError(problems: AnswerProblem[]): UserError {
  return new UserError(
    [`${YO_RC_FILE} holds answers this version does not know:`, ...problems.map((p) => `  ${p.key}: ${p.message}`)].join('\n'),
    `Fix ${YO_RC_FILE} (git log -p ${YO_RC_FILE} shows its history), then run again.`,
  );
}

/**
 * `.yo-rc.json` text as rendered, with the pristine commit of this render recorded. Other
 * generators' sections of the module's current file (`current`) are kept, in their place.
 */
export function withPristine(renderedYoRc: string, pristine: string, current?: string): string {
  const { meta, data } = parseYoRc(renderedYoRc, YO_RC_FILE);
  const text = yoRcText({ ...meta, _pristine: pristine }, answersPart(data));
  let others: unknown;
  try {
    others = current === undefined ? undefined : JSON.parse(current);
  } catch {
    return text;
  }
  if (!others || typeof others !== 'object' || Array.isArray(others)) return text;
  return `${JSON.stringify({ ...others, ...(JSON.parse(text) as object) }, null, 2)}\n`;
}

export function storedText(meta: YoRcMeta, answers: Answers): string {
  return yoRcText(meta, toExternalAnswers(answers));
}

/**
 * Writing the answers into `.yo-rc.json` (the reader is src/module-files/yo-rc.ts), through
 * the one answers definition (src/answers/parse.ts).
 */
import { toExternalAnswers } from '../answers/parse.js';
import type { Answers } from '../answers/questions.js';
import { type YoRcMeta, yoRcText } from '../render/yo-rc.js';
import { YO_RC_FILE, answersPart, parseYoRc } from '../module-files/yo-rc.js';

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

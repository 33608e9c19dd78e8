/**
 * Where each answer comes from. Precedence, highest first (as copier has it):
 *   1. command-line flags (and `update --set`)
 *   2. the answers file (`--answers FILE`)
 *   3. the answers stored in `.yo-rc.json` (update)
 *   4. the prompt, when interactive, offering the default
 *   5. the default, when not interactive
 * Every given value is checked before any question is asked, so a bad flag stops the run
 * at once; and nothing is written before all answers are valid.
 */
import { type AnswerProblem, InvalidAnswersError } from '../errors.js';
import { checkAnswer, type RawAnswers } from './parse.js';
import { type Answers, type DefaultsContext, type Question, QUESTIONS, externalKey, flagName } from './questions.js';
import type { ParentModule } from './variants.js';

export interface Asker {
  /** Ask one question, offering `suggested`; the value returned must satisfy the rule. */
  ask(question: Question, suggested: unknown, answers: Partial<Answers>): Promise<unknown>;
  /** Whether the user wants the questions that are not essential. */
  wantsAdvanced(): Promise<boolean>;
}

export interface ResolveOptions {
  /** Raw answers by source, highest precedence first. */
  layers: RawAnswers[];
  context: DefaultsContext;
  /** Present when interactive. */
  asker?: Asker;
  /** A child's parent module, looked up once its image is known; its metadata gives later defaults. */
  parentOf?: (image: string) => Promise<ParentModule | undefined>;
}

export async function resolveAnswers({ layers, context: givenContext, asker, parentOf }: ResolveOptions): Promise<Answers> {
  const answers: Partial<Answers> = {};
  const context: DefaultsContext = { ...givenContext };
  let parentImage: string | undefined;
  const lookUpParent = async () => {
    if (!parentOf || answers.variant !== 'child' || answers.baseImage === undefined || answers.baseImage === parentImage) return;
    parentImage = answers.baseImage;
    context.parent = await parentOf(parentImage);
  };
  const essential = (q: Question) => (typeof q.essential === 'function' ? q.essential(answers) : q.essential);
  const given = new Set<Question>();
  const problems: AnswerProblem[] = [];

  const record = (q: Question, raw: unknown) => {
    const checked = checkAnswer(q, raw, answers);
    if ('problem' in checked) problems.push({ key: externalKey(q.key), message: checked.problem });
    else Object.assign(answers, { [q.key]: checked.value });
  };

  for (const q of QUESTIONS) {
    const layer = layers.find((l) => l[q.key] !== undefined);
    if (layer) {
      given.add(q);
      record(q, layer[q.key]);
    }
  }
  if (problems.length > 0) throw new InvalidAnswersError(problems);
  await lookUpParent();

  // Essential questions are asked in order; the others take their default, and are asked
  // afterwards only if the user wants advanced settings or their default is not valid.
  // Which answers each default read: a default missing only because another answer is
  // missing (no title, so no repository name) is not a cause of its own.
  const read = new Set<string>();
  const watched = new Proxy(answers, {
    get(target, key) {
      read.add(String(key));
      return target[key as keyof Answers];
    },
  });
  const defaultFor = (q: Question) => {
    read.clear();
    return (q.default as ((a: Partial<Answers>, c: DefaultsContext) => unknown) | undefined)?.(watched, context);
  };
  const missing = new Set<string>();
  const open = QUESTIONS.filter((q) => !given.has(q));
  const later: Question[] = [];
  for (const q of open) {
    const suggested = defaultFor(q);
    if (asker && essential(q)) {
      Object.assign(answers, { [q.key]: await asker.ask(q, suggested, answers) });
      await lookUpParent();
    } else if (suggested === undefined) {
      if (asker) later.push(q);
      else if (![...read].some((key) => missing.has(key))) {
        problems.push({ key: externalKey(q.key), message: `is required and has no default; ${q.whenMissing ?? `pass --${flagName(q)}`}` });
      }
      missing.add(q.key);
    } else if (asker) {
      const checked = checkAnswer(q, suggested, answers);
      if ('problem' in checked) later.push(q);
      else Object.assign(answers, { [q.key]: checked.value });
    } else {
      record(q, suggested);
    }
  }
  if (asker) {
    const advanced = open.some((q) => !essential(q) && !later.includes(q)) && (await asker.wantsAdvanced());
    for (const q of open) {
      if (later.includes(q) || (advanced && !essential(q))) {
        Object.assign(answers, { [q.key]: await asker.ask(q, defaultFor(q), answers) });
      }
    }
  }
  if (problems.length > 0) throw new InvalidAnswersError(problems);
  return answers as Answers;
}

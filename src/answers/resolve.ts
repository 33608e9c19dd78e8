/**
 * Where each answer comes from. Precedence, highest first (as copier has it):
 *   1. command-line flags (and `update --set`)
 *   2. the answers file (`--answers FILE`)
 *   3. the answers stored in `.yo-rc.json` (update)
 *   4. the prompt, when interactive, offering the default (never for a derived answer,
 *      whose default follows from the answers before it)
 *   5. the default, when not interactive
 * Every given value is checked before any question is asked, so a bad flag stops the run
 * at once; and nothing is written before all answers are valid.
 */
import { type AnswerProblem, InvalidAnswersError } from '../errors.js';
import { checkAnswer, type RawAnswers } from './parse.js';
import { type Answers, type DefaultsContext, type Question, QUESTIONS, externalKey, flagName } from './questions.js';

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
}

/**
 * A derived answer stored with its default follows a change of what it derives from: with
 * `--set package-name=b`, a stored entry point `a.api` becomes `b.api`; one the module chose
 * itself (adopted, or set) stays.
 */
export function withoutStaleDerivedAnswers(stored: RawAnswers, set: RawAnswers, context: DefaultsContext): RawAnswers {
  const kept = { ...stored };
  const after = { ...stored, ...set } as Partial<Answers>;
  for (const q of QUESTIONS) {
    if (!q.derived || set[q.key] !== undefined || stored[q.key] === undefined) continue;
    const before = q.default?.(stored as Partial<Answers>, context);
    if (stored[q.key] === before && q.default?.(after, context) !== before) delete kept[q.key];
  }
  return kept;
}

export async function resolveAnswers({ layers, context, asker }: ResolveOptions): Promise<Answers> {
  const answers: Partial<Answers> = {};
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
  const open = QUESTIONS.filter((q) => !given.has(q) && !q.derived);
  const later: Question[] = [];
  for (const q of open) {
    const suggested = defaultFor(q);
    if (asker && q.essential) {
      Object.assign(answers, { [q.key]: await asker.ask(q, suggested, answers) });
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
    const advanced = open.some((q) => !q.essential && !later.includes(q)) && (await asker.wantsAdvanced());
    for (const q of open) {
      if (later.includes(q) || (advanced && !q.essential)) {
        Object.assign(answers, { [q.key]: await asker.ask(q, defaultFor(q), answers) });
      }
    }
  }
  // Derived answers follow the others, also those answered last (a package name asked in the advanced round).
  for (const q of QUESTIONS) {
    if (given.has(q) || !q.derived) continue;
    const suggested = defaultFor(q);
    if (suggested !== undefined) record(q, suggested);
    else if (![...read].some((key) => missing.has(key))) {
      problems.push({ key: externalKey(q.key), message: `is required and has no default; pass --${flagName(q)}` });
    }
  }
  if (problems.length > 0) throw new InvalidAnswersError(problems);
  return answers as Answers;
}

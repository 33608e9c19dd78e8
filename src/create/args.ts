/** Command-line flags of `create-ai4os-module` / `ai4os-module new`: one per question, and what they give generate(). */
import type { RawAnswers } from '../answers/parse.js';
import { QUESTIONS, flagName } from '../answers/questions.js';
import type { Flags, FlagSpec } from '../cli/spec.js';

export interface CreateFlags {
  targetDir?: string;
  /** Answers given as flags, still raw (parsed and checked with the others). */
  answers: RawAnswers;
  yes: boolean;
  answersFile?: string;
  git: boolean;
  force: boolean;
  dryRun: boolean;
  help: boolean;
  version: boolean;
}

/** The flag of each question (the `moreFlags` of `new` in the command table). */
export const ANSWER_FLAGS: Flags = Object.fromEntries(
  QUESTIONS.map((q): [string, FlagSpec] => [
    flagName(q),
    q.kind === 'boolean'
      ? { type: 'boolean', help: q.message }
      : {
          type: 'string',
          multiple: q.kind === 'authors' || q.kind === 'list',
          value: q.kind === 'authors' ? '"Name <email>"' : q.kind === 'integer' ? 'N' : 'VALUE',
          help: q.message,
          // Offered, not enforced here: the answer's own rule checks it (case-insensitively), from any source.
          ...(q.choices ? { suggestions: q.choices } : {}),
        },
  ]),
);

/** The answers among the flags given, by question: a repeated list flag adds items (--tags a --tags b,c is a, b, c). */
export function answersFromFlags(given: Record<string, string | string[] | boolean>): RawAnswers {
  const answers: RawAnswers = {};
  for (const q of QUESTIONS) {
    const value = given[flagName(q)];
    if (value === undefined) continue;
    answers[q.key] = Array.isArray(value) && q.kind === 'list' ? value.join(',') : value;
  }
  return answers;
}

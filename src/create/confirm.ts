/** The end of the questions: the answers at a glance, and one confirmation before anything is written. */
import { confirm } from '@inquirer/prompts';
import type { Writable } from 'node:stream';
import { QUESTIONS, type Answers, externalKey } from '../answers/questions.js';
import { UserError } from '../errors.js';

export function answersSummary(answers: Answers): string {
  const width = Math.max(...QUESTIONS.map((q) => externalKey(q.key).length));
  const shown = (value: unknown) =>
    Array.isArray(value)
      ? value.map((v) => (typeof v === 'object' ? `${v.name} <${v.email}>` : String(v))).join(', ') || '(none)'
      : String(value) || '(none)';
  return QUESTIONS.map((q) => `  ${externalKey(q.key).padEnd(width)}  ${shown(answers[q.key]).split('\n')[0]}`).join('\n');
}

/** Shows the summary and asks; "no" stops the run with nothing written. */
export async function confirmCreation(answers: Answers, shownDir: string, output: Writable = process.stdout): Promise<void> {
  output.write(`\nThe module:\n${answersSummary(answers)}\n\n`);
  if (await confirm({ message: `Create it in ${shownDir}?`, default: true })) return;
  throw new UserError('Not created; nothing was written.', 'Run again to answer differently.', 1);
}

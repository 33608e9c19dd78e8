/**
 * Terminal prompts for the questions, with @inquirer/prompts. Each prompt checks the typed
 * value with the question's own rule, so a wrong answer is refused as it is entered.
 */
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { Readable, Writable } from 'node:stream';
import { checkAnswer } from './parse.js';
import type { Asker } from './resolve.js';
import { type Answers, type Author, type Question, externalKey } from './questions.js';

/** Streams to talk through; tests pass their own. */
export interface PromptStreams {
  input?: Readable;
  output?: Writable;
}

function asText(q: Question, value: unknown): string {
  if (value === undefined) return '';
  if (q.kind === 'authors') return (value as Author[]).map((a) => `${a.name} <${a.email}>`).join(', ');
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export function terminalAsker(streams: PromptStreams = {}): Asker {
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false };

  /**
   * A pick from a list, checked with the question's rule (which can depend on earlier
   * answers: a child takes no framework): refused with the rule, and asked again, until it holds.
   */
  async function checkedPick<T>(q: Question, answers: Partial<Answers>, pick: () => Promise<T>): Promise<T> {
    for (;;) {
      const picked = await pick();
      const problem = typeof picked === 'string' ? q.validate(picked as never, answers) : undefined;
      if (problem === undefined) return picked;
      (streams.output ?? process.stdout).write(`> ${externalKey(q.key)} ${problem}\n`);
    }
  }

  async function askText(q: Question, suggested: unknown, answers: Partial<Answers>): Promise<unknown> {
    const typed = await input(
      {
        message: q.message,
        default: asText(q, suggested) || undefined,
        validate: (text) => {
          const checked = checkAnswer(q, text, answers);
          return 'problem' in checked ? checked.problem : true;
        },
      },
      context,
    );
    const checked = checkAnswer(q, typed, answers);
    if ('problem' in checked) throw new Error(`unreachable: prompt accepted an invalid ${q.key}`);
    return checked.value;
  }

  return {
    async wantsAdvanced() {
      return confirm(
        { message: 'Change advanced settings (names, version, git and Docker, base image, resources)?', default: false },
        context,
      );
    },

    async ask(q, suggested, answers) {
      if (q.choices && q.kind === 'list') {
        // Nothing is ticked beforehand: a ticked default can sit off-screen in a long list and
        // be kept unseen (PyTorch picked gave [PyTorch, Other]). Ticking none takes the
        // default, as leaving out the flag does, so prompts and flags give the same answers.
        const fallback = (suggested as string[] | undefined) ?? [];
        const picked = await checkbox(
          {
            message: fallback.length > 0 ? `${q.message} (none ticked: ${fallback.join(', ')})` : q.message,
            choices: q.choices.map((value) => ({ value })),
            validate: (items) => {
              const problem = q.validate((items.length > 0 ? items.map((i) => i.value) : fallback) as never, answers);
              return problem ?? true;
            },
          },
          context,
        );
        return picked.length > 0 ? picked : fallback;
      }
      if (q.kind === 'boolean') return confirm({ message: q.message, default: suggested === true }, context);
      if (q.choices) {
        const choices = q.choices;
        return checkedPick(q, answers, () => select({ message: q.message, choices, default: suggested as string }, context));
      }
      // Only the suggestions the rule allows (none of the framework images is a child's parent).
      const suggestions = q.suggestions?.filter((value) => q.validate(value as never, answers) === undefined) ?? [];
      if (suggestions.length > 0) {
        const other = Symbol('other');
        const picked = await select<string | symbol>(
          {
            message: q.message,
            choices: [...suggestions.map((value) => ({ value })), { value: other, name: 'Another…' }],
            default: suggested as string,
          },
          context,
        );
        if (typeof picked === 'string') return picked;
        return askText(q, undefined, answers);
      }
      return askText(q, suggested, answers);
    },
  };
}

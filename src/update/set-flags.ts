/** Answers on the command line of update and adopt: `--set key=value`, and prompts. */
import { UserError } from '../errors.js';
import { closestChoice } from '../closest.js';
import type { RawAnswers } from '../answers/parse.js';
import type { Asker } from '../answers/resolve.js';
import { QUESTIONS, externalKey, flagName } from '../answers/questions.js';

/** `--set key=value`: answers by their external key (as in `.yo-rc.json`), still raw. */
export function parseSetFlags(values: readonly string[]): RawAnswers {
  const raw: RawAnswers = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const q = QUESTIONS.find((candidate) => externalKey(candidate.key) === name || flagName(candidate) === name);
    if (!q) {
      const close = closestChoice(
        name,
        QUESTIONS.map((c) => externalKey(c.key)),
      );
      throw new UserError(
        `--set ${item}: "${name}" is not an answer.`,
        `${close ? `Did you mean "${close}"? ` : ''}The answers are the keys of .yo-rc.json: ${QUESTIONS.map((c) => externalKey(c.key)).join(', ')}.`,
      );
    }
    if (eq < 0) throw new UserError(`--set ${item}: write it as ${name}=VALUE.`);
    const value = item.slice(eq + 1);
    const before = raw[q.key];
    // Repeated, a list or the authors add up, as repeated flags do at creation.
    if (before !== undefined && q.kind === 'list') raw[q.key] = `${before as string},${value}`;
    else if (before !== undefined && q.kind === 'authors') raw[q.key] = [...(before as string[]), value];
    else raw[q.key] = q.kind === 'authors' ? [value] : value;
  }
  return raw;
}

/** Terminal prompts when stdin is a terminal and --yes was not given (loaded only then). */
export async function askerUnless(yes: boolean): Promise<Asker | undefined> {
  if (yes || process.stdin.isTTY !== true) return undefined;
  return (await import('../answers/prompt.js')).terminalAsker();
}

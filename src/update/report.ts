/** What update and adopt tell the user, in words. */
import type { ChangeKind, NoteKind } from './merge.js';
import type { MergePlan } from './plan.js';
import type { Base } from './pristine.js';
import { type AnswerKey, externalKey } from '../answers/questions.js';
import { ADOPT_LAYOUT, deepaasEntryPoints } from './layout.js';
import { comparePaths } from '../compare-paths.js';

const CHANGE_WORDS: Record<ChangeKind, string> = {
  added: 'added',
  removed: 'removed',
  updated: 'updated',
  merged: 'merged',
  conflict: 'CONFLICT',
};

const NOTE_WORDS: Record<NoteKind, string> = {
  'deleted-by-you': 'you deleted it; the template changed it: it stays deleted',
  'dropped-by-template': 'the template no longer has it; you changed it: it stays',
  'your-file-kept': 'the template now makes a file here too; yours stays as it is',
  'binary-kept': 'binary (or link): both changed it; yours stays, never merged',
};

const BASE_WORDS: Record<Base['source'], string> = {
  recorded: 'the pristine commit recorded in .yo-rc.json',
  history: 'the template output found in the history',
  rendered: 'the recorded template version, rendered again',
  adopted: 'none: adopted module, every difference is yours to settle',
  legacy: 'the official cookiecutter template output the module was made from, rendered from its answers',
};

export function describePlan(
  plan: MergePlan,
  { from, to, dryRun, base }: { from: string; to: string; dryRun: boolean; base: Base['source'] },
): string {
  const step = from === to ? `template ${to} with the changed answers` : `from template ${from} to ${to}`;
  const lines = [`${dryRun ? 'Would update' : 'Updating'} ${step} (base: ${BASE_WORDS[base]}).`];
  const changes = [...plan.changes].sort(([a], [b]) => comparePaths(a, b));
  if (changes.length === 0) lines.push('  No file of yours changes (only .yo-rc.json).');
  for (const [path, kind] of changes) lines.push(`  ${CHANGE_WORDS[kind].padEnd(9)} ${path}`);
  if (plan.merge.notes.length > 0) {
    lines.push('Left as you have them:');
    for (const note of plan.merge.notes) lines.push(`  ${note.path}: ${NOTE_WORDS[note.kind]}`);
  }
  if (plan.held.length > 0) {
    lines.push(
      "Held back (not added, or kept as yours): your module is laid out its own way (`ai4os-module update --adopt-layout` takes the template's layout):",
    );
    for (const { path, why } of plan.held) lines.push(`  ${path}: ${why}`);
  }
  if (plan.migrationsApplied.length > 0) lines.push(`Migrations: ${plan.migrationsApplied.join(', ')}.`);
  if (plan.layoutMove) lines.push(...describeLayoutMove(plan.layoutMove));
  return lines.join('\n');
}

/** What pyproject.toml now declares, next to what the owner's packaging declared; a difference says how to keep the old value. */
function describeLayoutMove({ declared, answers }: NonNullable<MergePlan['layoutMove']>): string[] {
  const from = declared?.file ?? 'setup.cfg';
  const entry = deepaasEntryPoints(declared)[0];
  const set = (key: AnswerKey, value: string) => `--set ${externalKey(key)}=${value}`;
  const rows: Array<[string, string, string | undefined, string]> = [
    ['distribution', answers.distributionName, declared?.name?.value, set('distributionName', declared?.name?.value ?? '')],
    ['version', answers.moduleVersion, declared?.version?.value, set('moduleVersion', declared?.version?.value ?? '')],
    [
      'entry point',
      `${answers.entryPointName} = ${answers.entryPointTarget}`,
      entry && `${entry.name} = ${entry.target}`,
      entry ? `${set('entryPointName', entry.name)} ${set('entryPointTarget', entry.target)}` : '',
    ],
  ];
  const lines = [`Layout (--adopt-layout): ${ADOPT_LAYOUT.summary}. pyproject.toml declares:`];
  for (const [what, now, before, keep] of rows) {
    const differs = before !== undefined && before !== now;
    lines.push(`  ${what.padEnd(13)} ${now}${differs ? `  (${from} said ${before}; to keep that, update again with ${keep})` : ''}`);
  }
  if (from === 'setup.cfg') {
    lines.push(
      "  metadata      authors and licence as pyproject.toml's [project] writes them (Author-email, License-Expression):",
      "                code reading setup.cfg's Author, Author-email or License fields from the installed metadata sees them change",
    );
  }
  return lines;
}

export function describeConflicts(paths: string[], to: string): string {
  return [
    `The update to template ${to} stopped: you and the template changed the same lines in`,
    ...paths.map((p) => `  ${p}`),
    'These files hold both versions between <<<<<<< yours and >>>>>>> template markers;',
    'git status lists them as unmerged.',
    'To finish: edit them (or run git mergetool), then git add <file>... and git commit.',
    'To cancel the update: git merge --abort',
  ].join('\n');
}

/** Command-line flags of `create-ai4os-module` / `ai4os-module new`, derived from the questions. */
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import { closestChoice } from '../closest.js';
import type { RawAnswers } from '../answers/parse.js';
import { QUESTIONS, flagName } from '../answers/questions.js';

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

const CONTROL_FLAGS = {
  yes: { type: 'boolean', short: 'y' },
  answers: { type: 'string' },
  'no-git': { type: 'boolean' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const ANSWER_FLAGS = Object.fromEntries(
  QUESTIONS.map((q) => [flagName(q), { type: 'string', multiple: q.kind === 'authors' || q.kind === 'list' }] as const),
);

export function parseCreateArgs(argv: string[]): CreateFlags {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...CONTROL_FLAGS, ...ANSWER_FLAGS },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw unknownFlagError(error as Error);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UserError(`Expected one target directory, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const answers: RawAnswers = {};
  for (const q of QUESTIONS) {
    const value = (values as Record<string, string | string[] | undefined>)[flagName(q)];
    if (value === undefined) continue;
    // A repeated list flag adds items: --tags a --tags b,c is a, b, c.
    answers[q.key] = Array.isArray(value) && q.kind === 'list' ? value.join(',') : value;
  }
  return {
    targetDir: positionals[0],
    answers,
    yes: values.yes === true,
    answersFile: values.answers as string | undefined,
    git: values['no-git'] !== true,
    force: values.force === true,
    dryRun: values['dry-run'] === true,
    help: values.help === true,
    version: values.version === true,
  };
}

function unknownFlagError(error: Error): UserError {
  const flag = /'(-{1,2}[^'\s]+)/.exec(error.message)?.[1];
  const known = [...Object.keys(CONTROL_FLAGS), ...Object.keys(ANSWER_FLAGS)];
  const close = flag ? closestChoice(flag.replace(/^-+/, ''), known) : undefined;
  return new UserError(error.message, close ? `Did you mean --${close}? See --help.` : 'See --help.');
}

export function createHelp(command: string): string {
  const answerLines = QUESTIONS.map((q) => {
    const flag = `--${flagName(q)} ${q.kind === 'authors' ? '"Name <email>"' : q.kind === 'integer' ? 'N' : 'VALUE'}`;
    const choices = q.choices ? ` (${q.choices.join(', ')})` : '';
    return `  ${flag.padEnd(34)}${q.message}${choices}`;
  });
  return [
    `Usage: ${command} [DIRECTORY] [options]`,
    '',
    'Create an AI4OS module: a DEEPaaS Python package with its Dockerfile, ai4-metadata.yml,',
    'hub CI files and Nomad job, in DIRECTORY (by default named after the title).',
    'Asks questions in a terminal; flags, an answers file or --yes answer them instead.',
    '',
    'Options:',
    '  -y, --yes                         Take the default for every answer not given',
    '  --answers FILE                    Read answers from a YAML or JSON file (same keys as the flags)',
    '  --no-git                          Do not create a git repository',
    '  --force                           Write into a non-empty directory, overwriting files',
    '  --dry-run                         List the files that would be created; write nothing',
    '  -h, --help                        Show this help',
    '  -v, --version                     Show the version',
    '',
    'Answers (lists are comma-separated; --author and list flags can be repeated):',
    ...answerLines,
    '',
  ].join('\n');
}

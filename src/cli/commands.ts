/**
 * Every command of `ai4os-module`, its positionals and flags, in one table: parsing
 * (parse.ts), --help and `help <command>` (help.ts) and shell completion (completion.ts) are
 * made from it, so a command is added here and nowhere else. Handlers are imported only when
 * their command runs, so `validate` and `check` never load Yeoman, prompts or git helpers;
 * this module itself imports only what every command can afford.
 */
import { FORMATS, LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS } from '../validate/options.js';
import { type Command, defineCommand } from './spec.js';

/** The module's directory, by default the working directory. */
const MODULE_DIRECTORY = { name: 'DIRECTORY', key: 'dir', kind: 'directory' } as const;

const SET = {
  type: 'string',
  multiple: true,
  value: 'KEY=VALUE',
} as const;

export const COMMANDS: readonly Command[] = [
  defineCommand({
    name: 'new',
    summary: 'Create a module (the same as `npm create ai4os-module`)',
    description: [
      'Create an AI4OS module: a DEEPaaS Python package with its Dockerfile, ai4-metadata.yml,',
      'hub CI files and Nomad job, in DIRECTORY (by default named after the title).',
      'Asks questions in a terminal; flags, an answers file or --yes answer them instead.',
    ].join('\n'),
    positionals: [{ name: 'DIRECTORY', key: 'dir', kind: 'path' }],
    flags: {
      yes: { type: 'boolean', short: 'y', help: 'Take the default for every answer not given' },
      answers: { type: 'string', value: 'FILE', complete: 'file', help: 'Read answers from a YAML or JSON file (same keys as the flags)' },
      'no-git': { type: 'boolean', help: 'Do not create a git repository' },
      force: { type: 'boolean', help: 'Write into a non-empty directory, overwriting files' },
      'dry-run': { type: 'boolean', help: 'List the files that would be created; write nothing' },
      version: { type: 'boolean', short: 'v', help: 'Show the version' },
      list: { type: 'boolean', help: 'List the variants (--variant) and framework presets (--framework), and exit' },
    },
    // One flag per question, from src/answers/questions.ts (loaded only for `new`, help and completion).
    moreFlags: {
      heading: 'Answers (lists are comma-separated; --author and list flags can be repeated)',
      load: async () => (await import('../create/args.js')).ANSWER_FLAGS,
    },
    load: () => import('../create/create.js'),
  }),
  defineCommand({
    name: 'validate',
    summary: 'Check ai4-metadata.yml (and, given a directory, the whole module) as the AI4OS hub does',
    description: [
      'Check AI4OS module metadata (ai4-metadata.yml) as `ai4-metadata validate` does, with the same',
      'verdicts and exit codes, reporting every error with its line and column. Given a module',
      'directory (`validate .`), also check its Dockerfile, pyproject.toml, LICENSE, Jenkins and',
      'Nomad files. Default: ./ai4-metadata.yml',
    ].join('\n'),
    positionals: [{ name: 'FILE|DIR', key: 'targets', variadic: true, kind: 'path' }],
    flags: {
      'metadata-version': { type: 'string', value: 'V', choices: SCHEMA_VERSIONS, default: LATEST_SCHEMA_VERSION, help: 'Schema version' },
      schema: { type: 'string', value: 'FILE', complete: 'file', help: 'Validate against this JSON Schema file instead' },
      format: { type: 'string', value: 'F', choices: FORMATS, default: 'text', help: 'How to report; github writes workflow annotations' },
      strict: { type: 'boolean', help: 'Warnings fail the check too' },
      quiet: { type: 'boolean', short: 'q', help: 'Print nothing for valid files' },
    },
    footer: 'Exit codes: 0 valid, 1 invalid, 2 missing or unreadable file, 3 invalid schema, 4 other error.',
    // As `ai4-metadata validate`: anything unexpected is exit 4.
    bugExitCode: 4,
    jsonErrors: (flags) => flags.format === 'json',
    load: () => import('../validate/command.js'),
  }),
  defineCommand({
    name: 'migrate',
    summary: 'Convert v1 metadata (metadata.json) to ai4-metadata.yml of the latest version',
    description: [
      `Convert v1 metadata (metadata.json of DEEP modules) to ai4-metadata.yml of version ${LATEST_SCHEMA_VERSION}.`,
      'Libraries, tasks, categories and data types are taken from the keywords, spelled as the schema wants.',
      'The result goes to standard output, or to FILE; it is then validated.',
    ].join('\n'),
    positionals: [{ name: 'V1_FILE', key: 'input', required: true, kind: 'file' }],
    flags: {
      output: { type: 'string', short: 'o', value: 'FILE', complete: 'file', help: 'Write the YAML to FILE (refuses to overwrite without --force)' },
      force: { type: 'boolean', help: 'Overwrite FILE' },
    },
    load: () => import('../migrate/command.js'),
  }),
  defineCommand({
    name: 'update',
    summary: 'Merge the current template into the module, keeping your edits',
    description: [
      'Merge the current template into the module (by default the current directory): the',
      "template's changes since the version the module records are merged into your files with",
      'git, file by file. Your edits stay; where you and the template changed the same lines the',
      'file gets conflict markers and stays unmerged in git. Ends with one commit, "Update module',
      'boilerplate to <version>", or stops with the list of conflicts and how to finish.',
      'Needs a clean working tree.',
    ].join('\n'),
    positionals: [MODULE_DIRECTORY],
    flags: {
      set: { ...SET, help: 'Change an answer (keys as in .yo-rc.json, e.g. --set gpu=1); repeatable' },
      'dry-run': { type: 'boolean', help: 'Show what would change (a diff); write nothing' },
      yes: { type: 'boolean', short: 'y', help: 'Ask nothing: new questions take their default' },
      'base-templates': {
        type: 'string',
        multiple: true,
        value: 'DIR',
        complete: 'directory',
        help: 'Templates of the version the module records, to render the base from when the git history does not hold it (e.g. a shallow clone)',
      },
    },
    footer: 'Exit: 0 updated or up to date, 1 stopped with conflicts, 2 cannot update (see message),\n3 the module is newer than this tool.',
    load: () => import('../update/update-command.js'),
  }),
  defineCommand({
    name: 'adopt',
    summary: 'Record the answers of a module made by the ai4-template cookiecutter or by hand',
    description: [
      'Record the answers of a module made by the ai4-template cookiecutter (2.x) or by hand, so',
      'ai4os-module update works on it. The answers are read from ai4-metadata.yml, pyproject.toml',
      'or setup.cfg, VERSION, JenkinsConstants.groovy, the Dockerfile, LICENSE and the git remote;',
      'what is not found is asked (in a terminal) or takes its default. Shows what the first update',
      'would change, then commits .yo-rc.json. Needs a git repository with a clean working tree.',
      '',
      "The first update then adds the template's new files, leaves your own files alone, and leaves",
      'every file you both have, with different text, in conflict for you to settle.',
    ].join('\n'),
    positionals: [MODULE_DIRECTORY],
    flags: {
      set: { ...SET, help: 'Give an answer (keys as in .yo-rc.json, e.g. --set license=MIT); repeatable' },
      link: {
        type: 'boolean',
        help: "Keep your files as they are and take the current template as their base: later updates bring only the template's changes after it",
      },
      'dry-run': { type: 'boolean', help: 'Show the answers and what the update would change; write nothing' },
      yes: { type: 'boolean', short: 'y', help: 'Ask nothing: what is not found takes its default' },
    },
    load: () => import('../update/adopt-command.js'),
  }),
  defineCommand({
    name: 'check',
    summary: 'Say whether the module is at the current template version (exit 1: update available)',
    description: [
      'Say whether the module (by default the current directory) is at the template version of',
      'this create-ai4os-module. For CI: exit 0 up to date, 1 an update is available, 3 the',
      'module is newer than this tool (use a newer create-ai4os-module), 2 not a module.',
    ].join('\n'),
    positionals: [MODULE_DIRECTORY],
    flags: {
      format: { type: 'string', value: 'F', choices: ['text', 'json'], default: 'text', help: 'Output format' },
    },
    jsonErrors: (flags) => flags.format === 'json',
    load: () => import('../update/check-command.js'),
  }),
  defineCommand({
    name: 'help',
    summary: 'Show the commands, or the help of one (the same as `ai4os-module <command> --help`)',
    description: 'Without COMMAND, list the commands; with it, show what `ai4os-module COMMAND --help` shows.',
    positionals: [{ name: 'COMMAND', key: 'command', kind: 'command' }],
    flags: {},
    load: () => import('./help-command.js'),
  }),
  defineCommand({
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    description: [
      'Print a script that completes the commands, their flags and the values of flags with fixed',
      'choices, for ai4os-module and create-ai4os-module. To use it:',
      '  bash: source <(ai4os-module completion bash)        (e.g. in ~/.bashrc)',
      '  zsh:  source <(ai4os-module completion zsh)         (in ~/.zshrc, after compinit)',
      '  fish: ai4os-module completion fish > ~/.config/fish/completions/ai4os-module.fish',
    ].join('\n'),
    positionals: [{ name: 'SHELL', key: 'shell', required: true, choices: ['bash', 'zsh', 'fish'] }],
    flags: {},
    load: () => import('./completion.js'),
  }),
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/**
 * Every command of `ai4os-module`, in one place. Handlers are imported only when their
 * command runs, so `validate` and `check` never load Yeoman, prompts or git helpers.
 */
import type { CommandMain } from './run.js';

export interface CommandEntry {
  summary: string;
  load: () => Promise<{ main: CommandMain }>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  new: {
    summary: 'Create a module (the same as `npm create ai4os-module`)',
    load: () => import('../create/create.js'),
  },
  validate: {
    summary: 'Check ai4-metadata.yml (and, given a directory, the whole module) as the AI4OS hub does',
    load: () => import('../validate/command.js'),
  },
  migrate: {
    summary: 'Convert v1 metadata (metadata.json) to ai4-metadata.yml of the latest version',
    load: () => import('../migrate/command.js'),
  },
  update: { summary: 'Merge the current template into the module, keeping your edits', load: () => import('../update/update-command.js') },
  adopt: { summary: 'Record the answers of a module made by the ai4-template cookiecutter or by hand', load: () => import('../update/adopt-command.js') },
  publish: {
    summary: 'Tag and push a release, and ask for the marketplace entry (--status: where it stands)',
    load: () => import('../publish/command.js'),
  },
  check: { summary: 'Say whether the module is at the current template version (exit 1: update available)', load: () => import('../update/check-command.js') },
};

/**
 * `check`: is the module at the template version this create-ai4os-module installs? Reads
 * `.yo-rc.json` and `templates/template.json`, nothing else (no Yeoman, prompts or git), so
 * it runs in a CI step in a fraction of a second.
 */
import { GENERATOR_VERSION, TEMPLATES_DIR } from '../paths.js';
import { loadTemplateSet } from '../render/template-set.js';
import { compareVersions, isAdopted } from './version.js';
import { readYoRc } from '../module-files/yo-rc.js';

export type CheckStatus = 'up-to-date' | 'update-available' | 'newer-than-installed';

export interface CheckResult {
  status: CheckStatus;
  /** Template version recorded in the module. */
  module: string;
  /** Template version of the installed create-ai4os-module. */
  installed: string;
  /** Version of the installed create-ai4os-module. */
  generator: string;
  /** Recorded by `adopt`, never updated since. */
  adopted: boolean;
}

/** Exit codes: 0 up to date, 1 an update is available, 3 the module is newer than this tool. */
export const CHECK_EXIT: Record<CheckStatus, number> = {
  'up-to-date': 0,
  'update-available': 1,
  'newer-than-installed': 3,
};

export function installedTemplateVersion(templatesDir = TEMPLATES_DIR): string {
  return loadTemplateSet(templatesDir).version;
}

export function checkModule(dir: string, installed = installedTemplateVersion()): CheckResult {
  const recorded = readYoRc(dir).meta._template;
  const order = compareVersions(recorded, installed);
  const status: CheckStatus = order < 0 ? 'update-available' : order > 0 ? 'newer-than-installed' : 'up-to-date';
  return { status, module: recorded, installed, generator: GENERATOR_VERSION, adopted: isAdopted(recorded) };
}

export function describeCheck(result: CheckResult): string {
  const tool = `create-ai4os-module ${result.generator}`;
  switch (result.status) {
    case 'up-to-date':
      return `Up to date: template ${result.installed} (${tool}).`;
    case 'update-available':
      return [
        result.adopted
          ? `Adopted module, not yet updated: ${tool} has template ${result.installed}.`
          : `Update available: the module is at template ${result.module}; ${tool} has template ${result.installed}.`,
        'Run `ai4os-module update --dry-run` to see the changes, `ai4os-module update` to merge them.',
      ].join('\n');
    case 'newer-than-installed':
      return [
        `The module is at template ${result.module}, newer than template ${result.installed} of the installed ${tool}.`,
        'It cannot be checked or updated with this version (that would be a downgrade).',
        'Use a newer one: npx --package create-ai4os-module@latest ai4os-module check',
      ].join('\n');
  }
}

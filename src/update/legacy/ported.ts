/**
 * The official cookiecutter templates whose output `adopt` can reproduce as a merge base,
 * and the versions ported. Each ported version is data in templates/legacy/<template>/<version>/:
 * the template's project folder with its Jinja written as EJS (scripts/port-legacy-template.mjs),
 * `files/` under the same path rules as our templates (`__pkg__`, `dot-`), and the
 * template's LICENSE next to them (MIT, Karlsruhe Institute of Technology; see NOTICE).
 */
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../paths.js';

export type LegacyTemplate = 'ai4-template' | 'ai4-cookiecutter-adv' | 'ai4-cookiecutter-child' | 'cookiecutter-deep';

export interface LegacyTemplateInfo {
  repository: string;
  /** The template's name in `links.ai4_template` / `ai4_template`, before the `/version`. */
  label?: string;
  /** Versions ported, the latest first. */
  ported: string[];
}

export const LEGACY_TEMPLATES: Record<LegacyTemplate, LegacyTemplateInfo> = {
  'ai4-template': { repository: 'https://github.com/ai4os/ai4-template', label: 'ai4-template', ported: ['2.2.0', '2.1.5'] },
  'ai4-cookiecutter-adv': { repository: 'https://github.com/ai4os/ai4-cookiecutter-adv', label: 'ai4-template-adv', ported: ['2.0.1'] },
  'ai4-cookiecutter-child': {
    repository: 'https://github.com/ai4os/ai4-cookiecutter-child',
    label: 'ai4-template-child',
    ported: ['2.1.1'],
  },
  // setup.cfg + pbr, like ai4-template 2.0.0: not ported (none of the fixtures is untouched output of it).
  'cookiecutter-deep': { repository: 'https://github.com/deephdc/cookiecutter-deep', ported: [] },
};

export function legacyTemplateDir(template: LegacyTemplate, version: string): string {
  return join(TEMPLATES_DIR, 'legacy', template, version);
}

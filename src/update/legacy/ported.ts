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

/** How a module is packaged: pyproject.toml, the adv layout (`api/` mapped into the package), a child (no packaging), setup.cfg with pbr. */
export type Layout = 'pyproject' | 'adv' | 'child' | 'pbr';

export interface LegacyTemplateInfo {
  repository: string;
  /** The template's name in `links.ai4_template` / `ai4_template`, before the `/version`. */
  label?: string;
  /** Versions ported, the latest first, each with the layout it makes. */
  ported: Array<{ version: string; layout: Layout }>;
}

export const LEGACY_TEMPLATES: Record<LegacyTemplate, LegacyTemplateInfo> = {
  'ai4-template': {
    repository: 'https://github.com/ai4os/ai4-template',
    label: 'ai4-template',
    ported: [
      { version: '2.2.0', layout: 'pyproject' },
      { version: '2.1.5', layout: 'pyproject' },
      { version: '2.0.0', layout: 'pbr' },
    ],
  },
  'ai4-cookiecutter-adv': {
    repository: 'https://github.com/ai4os/ai4-cookiecutter-adv',
    label: 'ai4-template-adv',
    ported: [{ version: '2.0.1', layout: 'adv' }],
  },
  'ai4-cookiecutter-child': {
    repository: 'https://github.com/ai4os/ai4-cookiecutter-child',
    label: 'ai4-template-child',
    ported: [{ version: '2.1.1', layout: 'child' }],
  },
  // Two repositories (the code, and DEEP-OC-<name> with the Dockerfile) that the marketplace's
  // modules have since merged into one: its output is no base for them. Not ported.
  'cookiecutter-deep': { repository: 'https://github.com/deephdc/cookiecutter-deep', ported: [] },
};

export function legacyTemplateDir(template: LegacyTemplate, version: string): string {
  return join(TEMPLATES_DIR, 'legacy', template, version);
}

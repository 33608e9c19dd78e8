/**
 * Which official template made a module, from its files. The label a module states
 * (`links.ai4_template` in ai4-metadata.yml, `ai4_template` in metadata.json) gives the
 * version, but labels lie (test/fixtures/real-modules/README.md: posenet-tf says
 * ai4-template-adv/2.1.0 and is pbr), so the layout decides the template and a label of
 * another template is ignored. A module with no label at all is taken for hand-made.
 * Layouts:
 *  - child: no Python packaging at all (or only the parent's pyproject-child.toml) and a
 *    Dockerfile `FROM ai4oshub/<module>`;
 *  - ai4-cookiecutter-adv: pyproject.toml mapping `<pkg>.api` to the folder `api/`;
 *  - ai4-template 2.1+: any other pyproject.toml;
 *  - setup.cfg with setup.py (pbr): ai4-template up to 2.0.0 or deephdc's cookiecutter-deep.
 */
import { LEGACY_TEMPLATES, type Layout, type LegacyTemplate } from './ported.js';

export interface Detection {
  template: LegacyTemplate;
  /** The version the module's label states, when the label names this template. */
  claimed?: string;
  /** The label as written, also when it names another template. */
  label?: string;
  layout: Layout;
  /** The package the adv layout maps `api/` into (`"<pkg>.api" = "api"`). */
  apiPackage?: string;
}

/** Reads a committed file's text; undefined when the module has no such file. */
export type ReadText = (path: string) => string | undefined;

const LABEL = /^\s*"?ai4_template"?\s*:\s*["']?([A-Za-z0-9._-]+)\/v?([0-9][A-Za-z0-9.+-]*)["']?/m;

function statedLabel(read: ReadText): { name: string; version: string; text: string } | undefined {
  for (const file of ['ai4-metadata.yml', 'metadata.json']) {
    // A regular expression, not a parser: metadata.json is sometimes not valid JSON (my-new-project).
    const match = LABEL.exec(read(file) ?? '');
    if (match) return { name: match[1]!, version: match[2]!, text: `${match[1]}/${match[2]}` };
  }
  return undefined;
}

export function detectLegacyTemplate(paths: ReadonlySet<string>, read: ReadText): Detection | undefined {
  const label = statedLabel(read);
  const pyproject = read('pyproject.toml');
  const pbr = paths.has('setup.cfg') && paths.has('setup.py');
  const dockerfile = read('Dockerfile') ?? '';
  let template: LegacyTemplate | undefined;
  let layout: Layout = 'pyproject';
  let apiPackage: string | undefined;
  if (pyproject !== undefined) {
    apiPackage = /^\s*["']?([A-Za-z_][\w.]*)\.api["']?\s*=\s*["']api\/?["']/m.exec(pyproject)?.[1];
    const adv = apiPackage !== undefined && [...paths].some((p) => p.startsWith('api/'));
    [template, layout] = adv ? ['ai4-cookiecutter-adv', 'adv'] : ['ai4-template', 'pyproject'];
  } else if (pbr) {
    layout = 'pbr';
    template = label?.name === 'ai4-template' ? 'ai4-template' : 'cookiecutter-deep';
  } else if (!paths.has('setup.cfg') && /^\s*FROM\s+ai4oshub\/[\w.-]+(:\S+)?\s*$/im.test(dockerfile)) {
    [template, layout] = ['ai4-cookiecutter-child', 'child'];
  }
  // Without any label, a module is taken for hand-made: the templates all wrote one (pbr ones aside, told apart only to say why).
  if (!template || (!label && layout !== 'pbr')) return undefined;
  const claimed = label && label.name === LEGACY_TEMPLATES[template].label ? label.version : undefined;
  return {
    template,
    layout,
    ...(claimed ? { claimed } : {}),
    ...(label ? { label: label.text } : {}),
    ...(apiPackage ? { apiPackage } : {}),
  };
}

/**
 * The kinds of module: each a set of files (the groups of templates/template.json say which,
 * with the conditions of src/render/conditions.ts). A child has no Python package of its
 * own: its image is `FROM` a hub module's image and adds weights or configuration.
 */
export const VARIANTS = ['minimal', 'advanced', 'child'] as const;
export type VariantId = (typeof VARIANTS)[number];

export const VARIANT_LABELS: Record<VariantId, string> = {
  minimal: 'a Python package served by DEEPaaS, with a small demo model that predicts and trains',
  advanced:
    'minimal, plus argument and output schemas, JSON, PNG or PDF replies, checkpoints and metrics, optional MLflow, tests through DEEPaaS',
  child: "reuses a hub module's image (FROM ai4oshub/<name>) and adds weights or configuration; no Python package",
};

/** The image of a parent module on the hub, `ai4oshub/<name>`. */
export const HUB_IMAGE = /^ai4oshub\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * Why `update` cannot move a module from one variant to the other, or undefined when it can.
 * minimal -> advanced adds files and merges api.py and model.py as any update does. Between
 * a child and the others no move is clean: one has a Python package the other lacks, and the
 * 3-way merge would delete the owner's code or leave it beside a Dockerfile that ignores it;
 * advanced -> minimal would delete the advanced files.
 */
export function variantChangeProblem(from: VariantId, to: VariantId): string | undefined {
  if (from === to || (from === 'minimal' && to === 'advanced')) return undefined;
  if (from === 'advanced' && to === 'minimal') {
    return 'variant advanced -> minimal is not a clean move: the update would delete schemas.py, responses.py, tracking.py, tests/test_deepaas.py and tests/test_tracking.py, which your code may use';
  }
  if (to === 'child') {
    return `variant ${from} -> child is not a clean move: a child has no Python package, so the update would delete yours (pyproject.toml, the package, tests/, tox.ini) and build FROM the parent's image instead`;
  }
  return `variant ${from} -> ${to} is not a clean move: a child has no Python package to keep, and the new one would replace its Dockerfile`;
}

/** What a child takes from its parent's metadata (ai4-metadata.yml as the platform's catalog serves it). */
export interface ParentModule {
  /** The catalog name, `<name>` of `ai4oshub/<name>`. */
  name: string;
  title?: string;
  summary?: string;
  libraries?: string[];
  tasks?: string[];
  categories?: string[];
  dataTypes?: string[];
  tags?: string[];
}

/**
 * The conditions a template file can be written under (`"when"` in template.json): each a
 * boolean of the view, computed in src/render/view.ts. Kept apart so `check` and update's
 * reshape read manifests without loading the view.
 */
export const CONDITIONS = [
  /** A licence was chosen (not `none`). */
  'licensed',
  /** A GPU image is built (JenkinsConstants `base_gpu_tag`). */
  'buildsGpuImage',
  /** The Nomad job asks for GPUs. */
  'usesGpu',
  /** The module has a Python package of its own (every variant but child). */
  'hasPackage',
  /** The advanced variant: schemas, response formats, checkpoints and metrics, optional MLflow. */
  'isAdvanced',
  /** A child module: its image is FROM a hub module's image (src/answers/variants.ts). */
  'isChild',
  /** The framework preset has a Python library, which the code imports lazily. */
  'usesFramework',
  /** A Flower client of the platform's federated server (`<pkg>/federated.py`, flwr in the requirements). */
  'isFederated',
  /** The description says more than the summary (with the defaults it is the summary). */
  'describedBeyondSummary',
] as const;

export type Condition = (typeof CONDITIONS)[number];

/**
 * The framework presets: everything a choice of `--framework` decides, as data, in this one
 * place. Each sets the base image with its CPU and GPU tags, the `libraries` of the metadata
 * and the dependency pins of requirements.txt; the versions are written out here, one per
 * line, so a bot (or a person) bumps them without reading code. A new framework is one more
 * entry.
 */
export const FRAMEWORKS = ['none', 'tensorflow', 'pytorch', 'sklearn'] as const;
export type FrameworkId = (typeof FRAMEWORKS)[number];

export interface FrameworkPreset {
  id: FrameworkId;
  label: string;
  image: string;
  cpuTag: string;
  /**
   * The tag of the GPU image, different from `cpuTag`; empty when the preset builds one
   * image only (a CPU-only framework, or an image that already holds CUDA and runs on both:
   * the hub would otherwise build the same image twice).
   */
  gpuTag: string;
  /** `libraries` of ai4-metadata.yml (the schema's vocabulary). */
  libraries: readonly string[];
  /** Lines of requirements.txt the framework adds (pins, PEP 508). */
  requirements: readonly string[];
  /** The module the generated code imports, lazily (so the API starts without it); none for plain Python. */
  pythonModule?: string;
}

export const FRAMEWORK_PRESETS: readonly FrameworkPreset[] = [
  {
    id: 'none',
    label: 'plain Python (slim image, CPU only)',
    image: 'python',
    cpuTag: '3.11-slim',
    gpuTag: '',
    libraries: ['Other'],
    requirements: [],
  },
  {
    id: 'tensorflow',
    label: 'TensorFlow (CPU and GPU images)',
    image: 'tensorflow/tensorflow',
    cpuTag: '2.15.0',
    gpuTag: '2.15.0-gpu',
    libraries: ['TensorFlow', 'Keras'],
    requirements: ['tensorflow>=2.15,<2.16'],
    pythonModule: 'tensorflow',
  },
  {
    id: 'pytorch',
    // pytorch/pytorch publishes CUDA images only; they run on CPU as well, so one image is built.
    label: 'PyTorch (one CUDA image, runs on CPU and GPU)',
    image: 'pytorch/pytorch',
    cpuTag: '2.4.1-cuda12.1-cudnn9-runtime',
    gpuTag: '',
    libraries: ['PyTorch'],
    requirements: ['torch>=2.4,<2.5'],
    pythonModule: 'torch',
  },
  {
    id: 'sklearn',
    label: 'scikit-learn (slim image, CPU only)',
    image: 'python',
    cpuTag: '3.11-slim',
    gpuTag: '',
    libraries: ['Scikit-learn'],
    requirements: ['scikit-learn>=1.5,<1.6', 'joblib>=1.3'],
    pythonModule: 'sklearn',
  },
];

export function frameworkPreset(id: FrameworkId): FrameworkPreset {
  return FRAMEWORK_PRESETS.find((p) => p.id === id)!;
}

/** The preset an existing base image belongs to (a module made before `framework` was asked). */
export function presetOfImage(image: string | undefined): FrameworkPreset | undefined {
  return FRAMEWORK_PRESETS.find((p) => p.image === image && p.image !== 'python');
}

/** The answers a preset decides, when not given. */
export const PRESET_ANSWERS = ['baseImage', 'baseTag', 'baseGpuTag', 'libraries'] as const;

/** What the preset gives for one of PRESET_ANSWERS. */
export function presetAnswer(preset: FrameworkPreset, key: (typeof PRESET_ANSWERS)[number]): string | readonly string[] {
  switch (key) {
    case 'baseImage':
      return preset.image;
    case 'baseTag':
      return preset.cpuTag;
    case 'baseGpuTag':
      return preset.gpuTag;
    case 'libraries':
      return preset.libraries;
  }
}

/**
 * For `update --set framework=...`: the stored answers without those the module's old preset
 * decided (still at the preset's value, not set with --set), so the new preset decides them.
 * An answer the owner changed from the preset's value stays theirs.
 */
export function withoutOldPresetAnswers(
  stored: Partial<Record<string, unknown>>,
  set: Partial<Record<string, unknown>>,
): Partial<Record<string, unknown>> {
  const to = set.framework;
  const from = FRAMEWORKS.find((id) => id === stored.framework) ?? presetOfImage(stored.baseImage as string)?.id ?? 'none';
  if (typeof to !== 'string' || to.toLowerCase() === from) return stored;
  const old = frameworkPreset(from);
  const kept = { ...stored };
  for (const key of PRESET_ANSWERS) {
    if (set[key] === undefined && JSON.stringify(stored[key]) === JSON.stringify(presetAnswer(old, key))) delete kept[key];
  }
  return kept;
}

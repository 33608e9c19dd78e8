/**
 * Base images a module can start from. The first is the default: a slim Python image on
 * which DEEPaaS 2.6 installs from PyPI. The tags are those the AI4OS modules use today.
 */
export interface BaseImagePreset {
  label: string;
  image: string;
  cpuTag: string;
  /** Empty: the preset builds no GPU image. */
  gpuTag: string;
}

export const BASE_IMAGE_PRESETS: readonly BaseImagePreset[] = [
  { label: 'Python (slim, CPU only)', image: 'python', cpuTag: '3.11-slim', gpuTag: '' },
  { label: 'TensorFlow', image: 'tensorflow/tensorflow', cpuTag: '2.15.0', gpuTag: '2.15.0-gpu' },
  {
    label: 'PyTorch',
    image: 'pytorch/pytorch',
    cpuTag: '2.4.1-cuda12.1-cudnn9-runtime',
    gpuTag: '2.4.1-cuda12.1-cudnn9-runtime',
  },
];

/** `create-ai4os-module --list`: the variants and framework presets, from their one definition each. */
import { FRAMEWORK_PRESETS } from '../answers/presets.js';
import { VARIANTS, VARIANT_LABELS } from '../answers/variants.js';

export function variantsAndPresets(): string {
  const width = Math.max(...[...VARIANTS, ...FRAMEWORK_PRESETS.map((p) => p.id)].map((id) => id.length));
  const lines = ['Variants (--variant):'];
  for (const id of VARIANTS) lines.push(`  ${id.padEnd(width)}  ${VARIANT_LABELS[id]}`);
  lines.push('', 'Framework presets (--framework; not for a child):');
  for (const p of FRAMEWORK_PRESETS) {
    const tags = p.gpuTag ? `${p.image}:${p.cpuTag} (CPU), :${p.gpuTag} (GPU)` : `${p.image}:${p.cpuTag}`;
    const pins = p.requirements.length > 0 ? p.requirements.join(', ') : 'no framework pin';
    lines.push(`  ${p.id.padEnd(width)}  ${p.label}`, `  ${''.padEnd(width)}  image ${tags}; libraries ${p.libraries.join(', ')}; ${pins}`);
  }
  return `${lines.join('\n')}\n`;
}

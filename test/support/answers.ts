/** Answer sets the tests render modules from. */
import type { Answers } from '../../src/answers/questions.js';
import { resolveAnswers } from '../../src/answers/resolve.js';
import type { RawAnswers } from '../../src/answers/parse.js';

export const TRICKY_TITLE = `Ñandú's "Détection": #1 <% x %> \${HOME} ✓`;

/** Answers as the CLI would resolve them with --yes and these values. */
export function answersWith(raw: RawAnswers = {}, directoryName = 'demo-model'): Promise<Answers> {
  return resolveAnswers({ layers: [{ authors: 'Jane Doe <jane@uni.eu>', ...raw }], context: { directoryName } });
}

/** The matrix the end-to-end suite runs: each set must give a working module. */
export const MATRIX: Record<string, RawAnswers> = {
  defaults: {},
  // One answer set per framework preset (src/answers/presets.ts); "defaults" is `none`.
  gpu: { title: 'GPU Model', framework: 'tensorflow', gpu: '1', memory: '8000' },
  pytorch: { title: 'Torch Model', framework: 'pytorch' },
  sklearn: { title: 'Forest Model', framework: 'sklearn' },
  advanced: { title: 'Advanced Model', variant: 'advanced' },
  'three authors': {
    title: 'Three Authors',
    authors: ['Doe, Jane <jane@uni.eu>', 'Bob Brown <bob@lab.org>', 'Chloé Martin <chloe@inst.fr>'],
  },
  // The description holds characters YAML 1.1 reads as line breaks (U+2028, U+0085).
  'tricky title': { title: TRICKY_TITLE, description: 'Line one: "quoted"\n\n- a list item with ${x} and <% y %>\u2028next\u0085end' },
  // An adopted module keeps its own distribution and DEEPaaS model name (here hyphenated).
  'own distribution and entry point': {
    title: 'Vessel Classifier',
    distributionName: 'audio-vessel-classifier',
    entryPointName: 'vessels-v1',
  },
  'Apache-2.0': { title: 'Licence Apache', license: 'Apache-2.0' },
  'BSD-3-Clause': { title: 'Licence BSD', license: 'BSD-3-Clause' },
  'AGPL-3.0-only': { title: 'Licence AGPL', license: 'AGPL-3.0-only' },
  'GPL-3.0-only': { title: 'Licence GPL', license: 'GPL-3.0-only' },
  none: { title: 'Licence None', license: 'none' },
};

/** A child module (no Python package): FROM a hub module's image, with a GPU tag as the parent has. */
export const CHILD: RawAnswers = {
  title: 'Birds Retrained',
  variant: 'child',
  baseImage: 'ai4oshub/ai4os-audio-classification-tf',
  baseTag: 'cpu',
  baseGpuTag: 'gpu',
};

/**
 * What the templates see: the answers plus every value and boolean computed from them, so
 * templates hold no logic beyond `if` on a precomputed boolean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers, LicenseId } from '../answers/questions.js';
import { type FrameworkPreset, frameworkPreset } from '../answers/presets.js';
import type { Condition } from './conditions.js';
import { baseModelUrl, dockerImageUrl, gitRemoteUrl, sourceCodeUrl } from './links.js';
import { metadataYaml } from './metadata.js';
import { oscarYaml } from './oscar.js';
import type { RenderInput } from './render.js';

/** Every condition of template.json is a boolean of the view (src/render/conditions.ts). */
export interface ModuleView extends Answers, Record<Condition, boolean> {
  created: string;
  generatorVersion: string;
  year: string;
  authorNames: string;
  /** "Jane Doe <jane@uni.eu>, Bob <bob@lab.org>" */
  authorList: string;
  /** SPDX expression for pyproject.toml; a LicenseRef for "none". */
  spdxLicense: string;
  licenseText: string;
  gitRemote: string;
  sourceCodeUrl: string;
  dockerImageUrl: string;
  /** Environment variable prefix of the module's settings, e.g. MY_MODEL. */
  envPrefix: string;
  metadataYaml: string;
  /** `oscar/<repo>.yaml`, the OSCAR service (src/render/oscar.ts). */
  oscarYaml: string;
  /** The framework preset (src/answers/presets.ts): requirements and the module imported lazily. */
  preset: FrameworkPreset;
  /** A child's parent module: its repository name, and the page `links.base_model` points to. */
  parentName: string;
  baseModelUrl: string;
}

const PROPRIETARY = 'LicenseRef-Proprietary';

function licenseText(license: LicenseId, templatesDir: string, year: string, holders: string): string {
  if (license === 'none') {
    return `Copyright (c) ${year} ${holders}. All rights reserved.\n\nNo licence is granted to use, copy, modify or distribute this software.\n`;
  }
  // The SPDX texts carry the placeholders of their copyright line.
  return readFileSync(join(templatesDir, 'licenses', `${license}.txt`), 'utf8')
    .replace('<year> <copyright holders>', `${year} ${holders}`)
    .replace('<year> <owner>', `${year} ${holders}`);
}

export function moduleView({ answers, created, generatorVersion }: RenderInput, templatesDir: string): ModuleView {
  const year = created.slice(0, 4);
  const authorNames = answers.authors.map((a) => a.name).join(', ');
  return {
    ...answers,
    created,
    generatorVersion,
    year,
    authorNames,
    authorList: answers.authors.map((a) => `${a.name} <${a.email}>`).join(', '),
    spdxLicense: answers.license === 'none' ? PROPRIETARY : answers.license,
    licenseText: licenseText(answers.license, templatesDir, year, authorNames),
    gitRemote: gitRemoteUrl(answers),
    sourceCodeUrl: sourceCodeUrl(answers),
    dockerImageUrl: dockerImageUrl(answers.dockerImage),
    licensed: answers.license !== 'none',
    describedBeyondSummary: answers.description.trim() !== answers.summary.trim(),
    buildsGpuImage: answers.baseGpuTag !== '',
    usesGpu: answers.gpu > 0,
    hasPackage: answers.variant !== 'child',
    isChild: answers.variant === 'child',
    isAdvanced: answers.variant === 'advanced',
    isFederated: answers.federated && answers.variant !== 'child',
    usesFramework: frameworkPreset(answers.framework).pythonModule !== undefined,
    preset: frameworkPreset(answers.framework),
    parentName: answers.baseImage.split('/').at(-1)!,
    baseModelUrl: baseModelUrl(answers.baseImage),
    envPrefix: answers.packageName.toUpperCase(),
    metadataYaml: metadataYaml(answers, created),
    oscarYaml: oscarYaml(answers),
  };
}

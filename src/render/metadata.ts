/** `ai4-metadata.yml`, built as data and written by the `yaml` library. */
import { Document } from 'yaml';
import type { Answers } from '../answers/questions.js';
import { LATEST_SCHEMA_VERSION } from '../schemata.js';
import { yamlDocumentText } from './encode.js';
import { baseModelUrl, sourceCodeUrl } from './links.js';

const METADATA_SCHEMA_URL = `https://docs.ai4os.eu/projects/ai4-metadata/latest/_static/schemata/ai4-apps-v${LATEST_SCHEMA_VERSION}.json`;

export function metadataDocument(answers: Answers, created: string): Record<string, unknown> {
  return {
    metadata_version: LATEST_SCHEMA_VERSION,
    title: answers.title,
    summary: answers.summary,
    description: answers.description,
    dates: { created, updated: created },
    links: {
      source_code: sourceCodeUrl(answers),
      // The image name, as the platform's modules write it and its API reads it.
      docker_image: answers.dockerImage,
      ...(answers.variant === 'child' ? { base_model: baseModelUrl(answers.baseImage) } : {}),
    },
    tags: answers.tags,
    tasks: answers.tasks,
    categories: answers.categories,
    libraries: answers.libraries,
    'data-type': answers.dataTypes,
    resources: {
      inference: { cpu: answers.cpu, gpu: answers.gpu, memory_MB: answers.memory },
    },
  };
}

/**
 * Serialised with YAML 1.1 rules, as PyYAML (the reference validator, the platform) reads
 * it: dates and words such as `yes` or `on` are quoted so they stay strings. The first line
 * lets editors with the YAML language server complete and check the file.
 */
export function metadataYaml(answers: Answers, created: string): string {
  const doc = new Document(metadataDocument(answers, created), { version: '1.1' });
  doc.commentBefore = ` yaml-language-server: $schema=${METADATA_SCHEMA_URL}`;
  return yamlDocumentText(doc);
}

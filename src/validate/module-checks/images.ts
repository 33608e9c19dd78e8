/**
 * One image, named alike everywhere: `links.docker_image` in the metadata (which the hub
 * reads to name what it builds and pushes), the Nomad job that deploys it, and
 * JenkinsConstants when it names one. Warnings: the hub names the image after the
 * repository and the platform API after links.docker_image, so a mismatch here misleads
 * people and `ai4os-module deploy`, not the platform.
 */
import { imageFromDockerUrl } from '../../render/links.js';
import type { Loaded } from '../load.js';
import type { ModuleFindings } from './context.js';
import { JENKINS_CONSTANTS, type JenkinsConstants } from './jenkins.js';
import type { NomadImage } from './nomad.js';

const IMAGE_FIELDS = ['docker_image', 'image', 'image_name', 'docker_repo', 'dockerhub_repo'];

/** The image a `links.docker_image` value names: a Docker Hub or registry URL, or `org/name`. */
export function imageOf(value: string): string {
  return (/^https?:\/\//.test(value) ? (imageFromDockerUrl(value) ?? value) : value).replace(/:[^/:]*$/, '');
}

export function checkImages(
  metadata: Loaded | undefined,
  metadataFile: string,
  nomad: NomadImage[],
  jenkins: JenkinsConstants,
  findings: ModuleFindings,
): void {
  const links = (metadata?.value as { links?: { docker_image?: unknown } } | null)?.links;
  const declared = typeof links?.docker_image === 'string' ? links.docker_image : undefined;
  if (declared === undefined) return;
  const image = imageOf(declared);
  for (const job of nomad) {
    if (job.image !== image) {
      findings.warn('images/nomad', job.file, `The Nomad job runs ${job.image}, but links.docker_image in ${metadataFile} names ${image}`, {
        line: job.line,
      });
    }
  }
  for (const field of IMAGE_FIELDS) {
    const entry = jenkins.fields.get(field);
    if (entry && imageOf(entry.value) !== image && entry.value.split('/').pop() !== image.split('/').pop()) {
      findings.warn(
        'images/jenkins',
        JENKINS_CONSTANTS,
        `${field} is ${entry.value}, but links.docker_image in ${metadataFile} names ${image}`,
        { line: entry.line },
      );
    }
  }
}

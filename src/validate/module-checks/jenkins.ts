/**
 * JenkinsConstants.groovy: the settings the hub's pipeline (ai4os/ai4os-hub-qa Jenkinsfile)
 * loads: `dockerfile` (default `Dockerfile`) and the base image tags. The pipeline passes
 * `--build-arg tag=…` only when both `base_cpu_tag` and `base_gpu_tag` are set; with one
 * of them it prints a warning and builds with the Dockerfile's default tag.
 */
import {
  JENKINS_CONSTANTS,
  type JenkinsFields,
  parseJenkinsConstants,
  readJenkinsConstantsText,
} from '../../module-files/jenkins-constants.js';
import { exists, type ModuleContext, type ModuleFindings, readReported } from './context.js';

export { JENKINS_CONSTANTS } from '../../module-files/jenkins-constants.js';

export interface JenkinsConstants {
  /** `@Field def name = 'value'`, by name. */
  fields: JenkinsFields;
  dockerfile: string;
  /** Both base tags are set: the hub builds with `--build-arg tag=…`. */
  passesTag: boolean;
}

export async function checkJenkinsConstants(context: ModuleContext, findings: ModuleFindings): Promise<JenkinsConstants> {
  const text = readReported(findings, JENKINS_CONSTANTS, readJenkinsConstantsText);
  const fields: JenkinsFields = typeof text === 'string' ? parseJenkinsConstants(text) : new Map();
  const dockerfile = fields.get('dockerfile')?.value || 'Dockerfile';
  const cpu = fields.get('base_cpu_tag');
  const gpu = fields.get('base_gpu_tag');
  if (typeof text === 'string' && Boolean(cpu?.value) !== Boolean(gpu?.value)) {
    const set = (cpu?.value ? cpu : gpu)!;
    findings.warn(
      'jenkins/base-tags',
      JENKINS_CONSTANTS,
      `Only ${cpu?.value ? 'base_cpu_tag' : 'base_gpu_tag'} is set: the hub uses the base tags only as a pair, so it ignores this one and builds with the Dockerfile's default tag`,
      {
        line: set.line,
        hint: 'Set both base_cpu_tag and base_gpu_tag (a CPU and a GPU image are built), or neither.',
      },
    );
  }
  if (typeof text === 'string' && fields.has('dockerfile') && !(await exists(context, dockerfile))) {
    findings.error('jenkins/dockerfile', JENKINS_CONSTANTS, `dockerfile names ${dockerfile}, which does not exist`, {
      line: fields.get('dockerfile')!.line,
    });
  }
  return { fields, dockerfile, passesTag: Boolean(cpu?.value && gpu?.value) };
}

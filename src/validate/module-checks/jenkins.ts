/**
 * JenkinsConstants.groovy: the settings the hub's pipeline (ai4os/ai4os-hub-qa Jenkinsfile)
 * loads: `dockerfile` (default `Dockerfile`) and the base image tags. The pipeline passes
 * `--build-arg tag=…` only when both `base_cpu_tag` and `base_gpu_tag` are set; with one
 * of them it prints a warning and builds with the Dockerfile's default tag.
 */
import { isFile, type ModuleContext, type ModuleFindings, readModuleFile } from './context.js';

export const JENKINS_CONSTANTS = 'JenkinsConstants.groovy';

export interface JenkinsConstants {
  /** `@Field def name = 'value'`, by name. */
  fields: Map<string, { value: string; line: number }>;
  dockerfile: string;
  /** Both base tags are set: the hub builds with `--build-arg tag=…`. */
  passesTag: boolean;
}

export function readJenkinsConstants(text: string): Map<string, { value: string; line: number }> {
  const fields = new Map<string, { value: string; line: number }>();
  // Block comments out, keeping the line count.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  for (const [index, line] of code.split('\n').entries()) {
    const field = /^\s*(?:@Field\s+)?def\s+(\w+)\s*=\s*(['"])(.*?)\2\s*;?\s*(?:\/\/.*)?$/.exec(line);
    if (field) fields.set(field[1]!, { value: field[3]!, line: index + 1 });
  }
  return fields;
}

export async function checkJenkinsConstants(context: ModuleContext, findings: ModuleFindings): Promise<JenkinsConstants> {
  const text = await readModuleFile(context, JENKINS_CONSTANTS);
  const fields = text === undefined ? new Map() : readJenkinsConstants(text);
  const dockerfile = fields.get('dockerfile')?.value || 'Dockerfile';
  const cpu = fields.get('base_cpu_tag');
  const gpu = fields.get('base_gpu_tag');
  if (text !== undefined && Boolean(cpu?.value) !== Boolean(gpu?.value)) {
    const set = (cpu?.value ? cpu : gpu)!;
    findings.warn('jenkins/base-tags', JENKINS_CONSTANTS, `Only ${cpu?.value ? 'base_cpu_tag' : 'base_gpu_tag'} is set: the hub uses the base tags only as a pair, so it ignores this one and builds with the Dockerfile's default tag`, {
      line: set.line,
      hint: 'Set both base_cpu_tag and base_gpu_tag (a CPU and a GPU image are built), or neither.',
    });
  }
  if (text !== undefined && fields.has('dockerfile') && !(await isFile(context, dockerfile))) {
    findings.error('jenkins/dockerfile', JENKINS_CONSTANTS, `dockerfile names ${dockerfile}, which does not exist`, { line: fields.get('dockerfile')!.line });
  }
  return { fields, dockerfile, passesTag: Boolean(cpu?.value && gpu?.value) };
}

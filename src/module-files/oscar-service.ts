/**
 * The reader of `oscar/<repo>.yaml` (written by src/render/oscar.ts): the service
 * definition as OSCAR's API takes it, read as PyYAML reads YAML 1.1, and checked against
 * the rules OSCAR applies (pkg/types/service.go) so a bad file is refused here, naming the
 * field, rather than by the cluster.
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../errors.js';
import { OSCAR_NAME_MAX, OSCAR_NAME_RULE, OSCAR_REQUIRED } from '../render/oscar.js';
import { ModuleFileError, readModuleText } from './read-text.js';

export const MAX_OSCAR_SERVICE_BYTES = 256 * 1024;

export type OscarService = Record<string, unknown> & { name: string; image: string; script: string };

/** What is wrong with a service definition, each naming the field and the rule; empty when none. */
export function oscarServiceProblems(service: unknown): string[] {
  if (service === null || typeof service !== 'object' || Array.isArray(service)) return ['the file must hold a mapping of the service'];
  const s = service as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of OSCAR_REQUIRED) if (typeof s[key] !== 'string' || s[key] === '') problems.push(`${key}: required, a non-empty string`);
  if (typeof s.name === 'string' && s.name !== '') {
    if (s.name.length > OSCAR_NAME_MAX) problems.push(`name: at most ${OSCAR_NAME_MAX} characters (has ${s.name.length})`);
    if (!OSCAR_NAME_RULE.test(s.name))
      problems.push('name: lower-case letters, digits and -, starting with a letter and not ending with - (a Kubernetes name)');
  }
  if (s.cpu !== undefined && (typeof s.cpu !== 'string' || !/^\d+(\.\d+)?$/.test(s.cpu)))
    problems.push('cpu: a number of cores as a string, such as "1" or "0.5"');
  if (s.memory !== undefined && (typeof s.memory !== 'string' || !/^\d+(Ki|Mi|Gi)$/.test(s.memory)))
    problems.push('memory: a Kubernetes quantity such as 4000Mi or 4Gi');
  for (const side of ['input', 'output'] as const) {
    const paths = s[side];
    if (paths === undefined) continue;
    if (!Array.isArray(paths) || paths.some((p) => typeof p?.storage_provider !== 'string' || typeof p?.path !== 'string'))
      problems.push(`${side}: a list of {storage_provider, path}`);
  }
  return problems;
}

export function oscarServicePath(dir: string, repoName: string): string {
  return join(dir, 'oscar', `${repoName}.yaml`);
}

/** The module's service definition, checked; a UserError naming the file and each problem otherwise. */
export function readOscarService(dir: string, repoName: string): OscarService {
  const path = oscarServicePath(dir, repoName);
  const shown = `oscar/${repoName}.yaml`;
  let text: string;
  try {
    text = readModuleText(path, { maxBytes: MAX_OSCAR_SERVICE_BYTES, shown, what: 'an OSCAR service definition' });
  } catch (error) {
    if (error instanceof ModuleFileError && error.reason === 'missing')
      throw new UserError(
        `The module has no ${shown}, the OSCAR service definition.`,
        'Run `ai4os-module update` to add it (template 1.3.0 and later write it).',
      );
    throw error;
  }
  let service: unknown;
  try {
    service = parse(text, { version: '1.1' });
  } catch (error) {
    throw new UserError(`${shown} is not valid YAML: ${(error as Error).message}`, 'Fix it (git diff shows what changed), then run again.');
  }
  const problems = oscarServiceProblems(service);
  if (problems.length > 0)
    throw new UserError(`${shown} is not a service OSCAR accepts:\n${problems.map((p) => `  ${p}`).join('\n')}`, 'Fix those fields.');
  return service as OscarService;
}

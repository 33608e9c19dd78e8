/**
 * Checks of a whole module directory (`validate .`), each finding naming its file and line.
 * The module's kind (kind.ts) decides which apply: LICENSE (the hub requires it) and
 * JenkinsConstants for every kind; the DEEPaaS entry point for a module with a package;
 * the Dockerfile against the hub's contract for all but tools; the Nomad job and the image
 * named alike in the metadata, JenkinsConstants and the Nomad job for all but tools, whose
 * images and jobs the platform configures itself.
 */
import type { Findings } from '../findings.js';
import { type ModuleContext, ModuleFindings, isFile, plainFile, readReported } from './context.js';
import { checkDockerfile, installsEditable, readDockerfile } from './dockerfile.js';
import { checkEntryPoint } from './entry-point.js';
import { checkImages } from './images.js';
import { checkJenkinsConstants } from './jenkins.js';
import { type ModuleKind, moduleKind } from './kind.js';
import { checkNomadJobs } from './nomad.js';

export type { ModuleContext } from './context.js';
export type { ModuleKind } from './kind.js';

const LICENSE_LOOKALIKES = ['LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'COPYING', 'License', 'license'];

/**
 * The metadata's findings as the platform grades a module of this kind: the platform API
 * serves a placeholder in place of a module whose source code is not under its
 * organisations (an error); a tool's image is configured in the platform API itself.
 */
export function gradeMetadataFindings(report: Findings, kind: ModuleKind): void {
  const refused = report.warnings.filter((w) => w.rule === 'platform/source-code');
  report.warnings = report.warnings.filter(
    (w) => w.rule !== 'platform/source-code' && !(kind.kind === 'tool' && w.rule === 'platform/docker-image'),
  );
  for (const warning of refused) report.errors.push({ ...warning, severity: 'error' });
}

export async function checkModule(context: ModuleContext & { metadataFile?: string }): Promise<Findings & { kind: ModuleKind }> {
  const findings = new ModuleFindings(context);
  if (!(await isFile(context, 'LICENSE'))) {
    const lookalike = (await Promise.all(LICENSE_LOOKALIKES.map(async (name) => ((await isFile(context, name)) ? name : undefined)))).find(
      Boolean,
    );
    findings.error('module/license', 'LICENSE', 'There is no LICENSE file: the hub refuses modules without one', {
      hint: lookalike ? `Rename ${lookalike} to LICENSE (the hub looks for that exact name).` : 'Add the licence text as LICENSE.',
    });
  }
  const jenkins = await checkJenkinsConstants(context, findings);
  const kind = await moduleKind(context, jenkins.dockerfile);
  if (kind.kind === 'tool') return { errors: findings.errors, warnings: findings.warnings, kind };
  const dockerfile = readDockerfile(findings, jenkins.dockerfile);
  const { dependencies } =
    kind.kind === 'deepaas' ? await checkEntryPoint(context, findings, installsEditable(dockerfile)) : { dependencies: '' };
  const requirements = `${readReported(findings, 'requirements.txt', plainFile('requirements.txt', 256 * 1024, 'requirements.txt')) ?? ''}\n${dependencies}`;
  checkDockerfile(findings, jenkins, dockerfile, kind, requirements);
  const nomad = await checkNomadJobs(context, findings);
  checkImages(context.metadata, context.metadataFile ?? 'ai4-metadata.yml', nomad, jenkins, findings);
  return { errors: findings.errors, warnings: findings.warnings, kind };
}

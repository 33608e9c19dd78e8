/**
 * Checks of a whole module directory (`validate .`), each finding naming its file and line:
 * the Dockerfile meets the hub's contract, the DEEPaaS entry point exists, LICENSE is
 * there (the hub requires it), the image is named alike in the metadata, JenkinsConstants
 * and the Nomad job, and the Nomad job parses.
 */
import type { Findings } from '../findings.js';
import { type ModuleContext, ModuleFindings, isFile, plainFile, readReported } from './context.js';
import { checkDockerfile } from './dockerfile.js';
import { checkEntryPoint } from './entry-point.js';
import { checkImages } from './images.js';
import { checkJenkinsConstants } from './jenkins.js';
import { isChildModule } from './kind.js';
import { checkNomadJobs } from './nomad.js';

export type { ModuleContext } from './context.js';

const LICENSE_LOOKALIKES = ['LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'COPYING', 'License', 'license'];

export async function checkModule(context: ModuleContext & { metadataFile?: string }): Promise<Findings> {
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
  const { dependencies } = (await isChildModule(context, jenkins.dockerfile))
    ? { dependencies: '' }
    : await checkEntryPoint(context, findings);
  const requirements = `${readReported(findings, 'requirements.txt', plainFile('requirements.txt', 256 * 1024, 'requirements.txt')) ?? ''}\n${dependencies}`;
  checkDockerfile(findings, jenkins, requirements);
  const nomad = await checkNomadJobs(context, findings);
  checkImages(context.metadata, context.metadataFile ?? 'ai4-metadata.yml', nomad, jenkins, findings);
  return { errors: findings.errors, warnings: findings.warnings };
}

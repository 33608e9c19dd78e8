/**
 * The end of an interactive creation: the helpers that come next, each offered once and
 * each defaulting to no, so pressing Enter never starts a server or pushes anything.
 */
import { confirm } from '@inquirer/prompts';
import { runNestedCommand } from '../cli/run.js';

export async function offerHandOff(
  dir: string,
  { hasRepository, hasPackage }: { hasRepository: boolean; hasPackage: boolean },
): Promise<number> {
  // A child has no package of its own to install and serve here.
  if (
    hasPackage &&
    (await confirm({ message: 'Run it here now? (ai4os-module deploy: a venv, pip install, DEEPaaS on 127.0.0.1)', default: false }))
  ) {
    const code = await runNestedCommand('deploy', [dir], dir);
    if (code !== 0) return code;
  }
  if (!hasRepository) return 0;
  if (await confirm({ message: 'Publish it now? (ai4os-module publish: checks, tag, push, marketplace request)', default: false })) {
    return runNestedCommand('publish', [], dir);
  }
  return 0;
}

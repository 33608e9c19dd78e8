/**
 * The end of an interactive creation: the helpers that come next, each offered once and
 * each defaulting to no, so pressing Enter never starts a server or pushes anything.
 * A helper runs as its own `ai4os-module` process on this terminal, as if typed after the
 * creation; the creation program (one bundle of its own, see cli/create-program.ts) holds
 * no other command.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { confirm } from '@inquirer/prompts';
import { CLI_BIN } from '../paths.js';

export async function offerHandOff(
  dir: string,
  { hasRepository, hasPackage }: { hasRepository: boolean; hasPackage: boolean },
): Promise<number> {
  // A child has no package of its own to install and serve here.
  if (
    hasPackage &&
    (await confirm({ message: 'Run it here now? (ai4os-module deploy: a venv, pip install, DEEPaaS on 127.0.0.1)', default: false }))
  ) {
    const code = await runHelper(['deploy', dir], dir);
    if (code !== 0) return code;
  }
  if (!hasRepository) return 0;
  if (await confirm({ message: 'Publish it now? (ai4os-module publish: checks, tag, push, marketplace request)', default: false })) {
    return runHelper(['publish'], dir);
  }
  return 0;
}

/**
 * `ai4os-module <args>` in `cwd`, on this terminal; resolves to its exit code. While it runs,
 * Ctrl-C is the helper's to handle (deploy stops its server): this process waits for it.
 */
function runHelper(args: string[], cwd: string): Promise<number> {
  const wait = () => {};
  process.on('SIGINT', wait);
  return new Promise<number>((resolve, reject) => {
    const helper = spawn(process.execPath, [CLI_BIN, ...args], { cwd, stdio: 'inherit' });
    helper.once('error', reject);
    helper.once('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  }).finally(() => process.off('SIGINT', wait));
}

/**
 * Named steps of an update, where a test can kill the process (SIGKILL, as a crash or a
 * Ctrl+\ would) to prove that an interrupted update leaves the working tree, the index and
 * the branch as they were: everything before the step "apply" only writes git objects.
 */
export type Step = 'answers' | 'base' | 'pristine' | 'merged' | 'result' | 'commit' | 'merge-state';

export const HALT_ENV = 'AI4OS_MODULE_UPDATE_HALT';

export function checkpoint(step: Step): void {
  if (process.env[HALT_ENV] === step) process.kill(process.pid, 'SIGKILL');
}

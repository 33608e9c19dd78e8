/**
 * Named steps of an update. A caller may pass a hook that runs at each step: the tests stop
 * there (to commit concurrently, or to hold the lock) or kill the process (SIGKILL, as a
 * crash would) to prove that an interrupted update leaves the branch, the index and the
 * working tree as they were, or finishes. The CLI passes no hook.
 *
 * Before "commit" an update only writes git objects; "commit" comes after the move is
 * recorded in the lock, "files" after the index and working tree, "branch" after the branch
 * (see apply.ts); "merge-state" after the merge state of a conflicting update.
 */
export type Step = 'answers' | 'base' | 'pristine' | 'merged' | 'result' | 'commit' | 'files' | 'branch' | 'merge-state';

export type StepHook = (step: Step) => void | Promise<void>;

/**
 * Two kinds of failure, as changesets has them: a UserError is something the user can fix
 * (bad input, a dirty tree, a missing file) and carries the next step; anything else is a
 * bug in this tool. Only the entry points turn errors into exit codes.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** What to do about it, shown under the message. */
    readonly hint?: string,
    /** Exit code of the process; 2 means invalid input, as in POSIX tools. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** One rule broken by one answer, e.g. `repo-name: must match ^[a-z0-9][a-z0-9-]*$`. */
export interface AnswerProblem {
  key: string;
  message: string;
}

export class InvalidAnswersError extends UserError {
  constructor(readonly problems: AnswerProblem[]) {
    super(
      ['Invalid answers:', ...problems.map((p) => `  ${p.key}: ${p.message}`)].join('\n'),
      'Fix the answers above (flags, answers file or prompts) and run again. Nothing was written.',
    );
  }
}

export const BUG_REPORT_HINT = 'This is a bug in create-ai4os-module. Please report it with the command you ran.';

import { existsSync, readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Answers } from '../answers/questions.js';

/** The module's directory: the one named on the command line, or one named after the repository. */
export function targetDirectory(cwd: string, named: string | undefined, answers: Pick<Answers, 'repoName'>): string {
  return resolve(cwd, named ?? answers.repoName);
}

export function isNonEmptyDirectory(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

export function nonEmptyTargetError(cwd: string, dir: string): UserError {
  return new UserError(
    `The directory ${relative(cwd, dir) || '.'} is not empty.`,
    'Choose another directory, or pass --force to write into it.',
  );
}

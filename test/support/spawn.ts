import { execFile } from 'node:child_process';

/**
 * Runs a program to its end and gives its stdout; throws with its output if it fails. Without
 * blocking the event loop: vitest's worker must answer its runner within 60 s (a fixed limit
 * of vitest 3, whatever the test timeout), which one long synchronous child process on a busy
 * machine prevents. Use it for the slow programs (pip, pytest, npm install).
 */
export function runAsync(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${stdout}${stderr}${error.message}`));
      else resolve(stdout);
    });
  });
}

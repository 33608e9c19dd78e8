/** deploy's numeric flags: the command table (src/cli/commands.ts) passes them as text. */
import { UserError } from '../errors.js';

/** A flag's value as a whole number within a range, or a UserError naming the flag. */
export function intFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`--${name} ${value}: must be a whole number from ${min} to ${max}.`);
  return n;
}

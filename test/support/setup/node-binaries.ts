/** Global setup of the oracle project: the oldest Node version of each line the package supports (fetched once, then cached). */
import { ensureNodeBinaries } from '../node-versions.js';

export default function setup(): void {
  ensureNodeBinaries((line) => process.stderr.write(`${line}\n`));
}

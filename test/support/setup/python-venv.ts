/** Global setup of the oracle project: the Python venv of the real tools (made once, then cached). */
import { ensurePythonVenv } from '../python.js';

export default function setup(): void {
  ensurePythonVenv((line) => process.stderr.write(`${line}\n`));
}

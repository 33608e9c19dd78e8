/** Checks of a whole module directory (`validate .`). */
import type { Findings } from '../findings.js';
import type { Loaded } from '../load.js';

export interface ModuleContext {
  dir: string;
  /** A path as the user should see it. */
  show: (path: string) => string;
  metadata?: Loaded;
}

export async function checkModule(_context: ModuleContext): Promise<Findings> {
  return { errors: [], warnings: [] };
}

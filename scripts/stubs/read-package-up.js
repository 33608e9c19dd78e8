// Build-time stand-in for `read-package-up`, whose normalisation pulls in
// normalize-package-data, hosted-git-info and the SPDX lists. Yeoman calls only
// readPackageUpSync({ cwd, normalize: false }) to read its generator's name and version,
// which is what this does: the nearest package.json at or above `cwd`, parsed as is.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function readPackageUpSync({ cwd = process.cwd() } = {}) {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    try {
      return { packageJson: JSON.parse(readFileSync(path, 'utf8')), path };
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') throw error;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

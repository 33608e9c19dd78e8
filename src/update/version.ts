/**
 * Template versions: X.Y.Z, optionally with a pre-release (`-rc.1`) and build metadata
 * (`+adopted`), compared as semver does (build metadata does not count). Small on purpose:
 * `check` loads nothing it does not need.
 */
const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** Build metadata that marks a module adopted by `ai4os-module adopt` (src/update/adopt.ts). */
export const ADOPTED = 'adopted';
export const ADOPTED_VERSION = `0.0.0+${ADOPTED}`;

export function isVersion(text: string): boolean {
  return SEMVER.test(text);
}

export function isAdopted(version: string): boolean {
  return SEMVER.exec(version)?.[5] === ADOPTED;
}

function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    const [p, q] = [x[i]!, y[i]!];
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn && Number(p) !== Number(q)) return Number(p) < Number(q) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** Negative when a < b, 0 when equal in precedence, positive when a > b. Both must be versions. */
export function compareVersions(a: string, b: string): number {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (!x || !y) throw new Error(`not a version: ${x ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return comparePrerelease(x[4], y[4]);
}

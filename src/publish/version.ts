/** Module versions as VERSION holds them (`MAJOR.MINOR.PATCH`, optionally `-pre`), their tags and bumps. */
import { UserError } from '../errors.js';

export const BUMPS = ['major', 'minor', 'patch'] as const;
export type Bump = (typeof BUMPS)[number];

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

export function isVersion(text: string): boolean {
  return VERSION.test(text);
}

export function tagOf(version: string): string {
  return `v${version}`;
}

/** 1.4.2 → 2.0.0, 1.5.0 or 1.4.3 (a pre-release part is dropped). */
export function bumpVersion(version: string, bump: Bump): string {
  const match = VERSION.exec(version);
  if (!match)
    throw new UserError(`VERSION is '${version}', which is not a version like 1.2.3.`, 'Write a version such as 0.1.0 into VERSION.');
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

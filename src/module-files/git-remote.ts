/**
 * URLs taken from git (the origin remote) or inferred from a module's files. A URL may carry
 * credentials (`https://user:TOKEN@github.com/org/repo`): they are stripped before the URL
 * becomes an answer, is written or printed. The scp-like form (`git@github.com:org/repo`)
 * names an ssh user, which has no password in it, and is kept.
 */
import type { Repo } from '../git.js';

/** `scheme://user:secret@host/…` -> `scheme://host/…`; anything else unchanged. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/** The URL of the `origin` remote, without credentials; undefined when there is none. */
export async function originUrl(repo: Repo): Promise<string | undefined> {
  const url = await repo.text(['config', '--get', 'remote.origin.url']).catch(() => undefined);
  return url ? withoutCredentials(url.trim()) : undefined;
}

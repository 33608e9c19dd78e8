/**
 * The user's platform storage (Nextcloud, reached over WebDAV): its URL in the form the
 * platform gives rclone (`<server>/remote.php/dav/files/<user>`), the login and the password
 * (a Nextcloud app password). The password comes from AI4OS_STORAGE_PASSWORD or a hidden
 * prompt at a terminal; it is never taken from argv nor written anywhere.
 */
import { UserError } from '../errors.js';
import type { Secret } from '../http.js';

export const DEFAULT_STORAGE_SERVER = 'https://share.cloud.ai4eosc.eu';

export interface StorageCredentials {
  /** The WebDAV root of the user's files: `<server>/remote.php/dav/files/<user>`. */
  url: string;
  user: string;
  password: Secret;
}

export interface CredentialOptions {
  /** --storage-user, else AI4OS_STORAGE_USER, else asked. */
  user?: string;
  /** --storage-server, else AI4OS_STORAGE_SERVER, else the platform's Nextcloud. */
  server?: string;
}

const WHERE_TO_FIND = [
  'Your storage login and an app password are in Nextcloud (https://share.cloud.ai4eosc.eu):',
  'Settings > Security > Devices & sessions > Create new app password. Give them as',
  '  AI4OS_STORAGE_USER=<login> AI4OS_STORAGE_PASSWORD=<app password> ai4os-module ...',
  '(or run in a terminal, which asks for them). The password is never taken from the command line.',
].join('\n');

/** `<server>/remote.php/dav/files/<user>`, the only URL form rclone's nextcloud vendor accepts. */
export function storageUrl(server: string, user: string): string {
  const base = server.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(base))
    throw new UserError(`Storage server ${server}: must start with https:// (or http://).`, 'For example https://share.cloud.ai4eosc.eu.');
  const at = base.indexOf('/remote.php/');
  const userPath = encodeURIComponent(user).replace(/%40/g, '@');
  if (at < 0) return `${base}/remote.php/dav/files/${userPath}`;
  const wanted = `${base.slice(0, at)}/remote.php/dav/files/${userPath}`;
  if (base !== wanted)
    throw new UserError(
      `Storage server ${server}: rclone (vendor nextcloud) needs the URL to end in /remote.php/dav/files/${user}.`,
      `Give the server alone (${base.slice(0, at)}) or ${wanted}.`,
    );
  return base;
}

async function ask(what: 'user' | 'password'): Promise<string> {
  const { input, password } = await import('@inquirer/prompts');
  const context = { output: process.stderr, clearPromptOnDone: false };
  const required = (text: string) => (text.trim() ? true : 'Required');
  return what === 'user'
    ? (await input({ message: 'Storage login (Nextcloud user)', validate: required }, context)).trim()
    : await password({ message: 'Storage app password', mask: '*', validate: required }, context);
}

export async function storageCredentials(options: CredentialOptions, env: NodeJS.ProcessEnv = process.env): Promise<StorageCredentials> {
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const server = options.server ?? (env.AI4OS_STORAGE_SERVER || DEFAULT_STORAGE_SERVER);
  let user = options.user ?? env.AI4OS_STORAGE_USER?.trim();
  if (!user) {
    if (!interactive) throw new UserError('The storage login is missing (AI4OS_STORAGE_USER or --storage-user).', WHERE_TO_FIND);
    user = await ask('user');
  }
  const url = storageUrl(server, user);
  // A password may hold spaces; only the line break a `$(cat file)` leaves is dropped.
  const fromEnv = env.AI4OS_STORAGE_PASSWORD?.replace(/\r?\n$/, '');
  if (fromEnv) return { url, user, password: { value: fromEnv, source: 'AI4OS_STORAGE_PASSWORD' } };
  if (!interactive) throw new UserError('The storage password is missing (AI4OS_STORAGE_PASSWORD).', WHERE_TO_FIND);
  return { url, user, password: { value: await ask('password'), source: 'the password typed' } };
}

/** The user's cache directory for this tool: `$XDG_CACHE_HOME/ai4os-module`, else `~/.cache/ai4os-module`. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ai4os-module');
}

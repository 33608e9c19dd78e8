/**
 * A child's parent module, as the platform's catalog describes it: its metadata read from the
 * platform API when online, else from the local copy kept the last time it was read (in the
 * user's cache directory). Neither is needed: without them the child takes the usual defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParentModule } from '../answers/variants.js';
import { Papi, platformApi } from '../deploy/ai4os/papi.js';
import { userCacheDir, writeCacheFile } from '../user-cache.js';

/** How the parent was found, for the line creation prints. */
export type ParentLookup = { found: ParentModule; from: 'catalog' | 'local copy' } | { found: undefined; why: string };

/** The local catalog data: one metadata file per module, as the platform API served it. */
export function catalogCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), 'catalog');
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function parentFromMetadata(name: string, metadata: Record<string, unknown>): ParentModule {
  return {
    name,
    title: text(metadata.title),
    summary: text(metadata.summary),
    libraries: strings(metadata.libraries),
    tasks: strings(metadata.tasks),
    categories: strings(metadata.categories),
    dataTypes: strings(metadata['data-type']),
    tags: strings(metadata.tags),
  };
}

function readLocal(file: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function keepLocal(file: string, metadata: Record<string, unknown>): void {
  try {
    writeCacheFile(file, `${JSON.stringify(metadata)}\n`);
  } catch {
    // A cache that cannot be written only means the next offline run has no copy.
  }
}

/** The parent of image `ai4oshub/<name>`; never throws: offline, or with no such module, the reason. */
export async function lookUpParent(image: string, env: NodeJS.ProcessEnv = process.env): Promise<ParentLookup> {
  const name = image.split('/').at(-1)!;
  const file = join(catalogCacheDir(env), `${name}.json`);
  let why: string;
  try {
    const papi = new Papi(platformApi(undefined, env), undefined, [], { timeoutMs: 10_000, retries: 0 });
    const metadata = await papi.metadata(name);
    if (metadata) {
      keepLocal(file, metadata);
      return { found: parentFromMetadata(name, metadata), from: 'catalog' };
    }
    return { found: undefined, why: `the platform's catalog has no module "${name}" (ai4os-module catalog list lists them)` };
  } catch (error) {
    why = `the platform's catalog could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  const local = readLocal(file);
  if (local) return { found: parentFromMetadata(name, local), from: 'local copy' };
  return { found: undefined, why: `${why}, and there is no local copy of its metadata` };
}

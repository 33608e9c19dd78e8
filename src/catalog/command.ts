/**
 * `ai4os-module catalog list | search WORDS | show NAME`: the AI4OS marketplace, as the
 * platform API serves it (no token needed).
 */
import { closestChoice } from '../closest.js';
import { UserError } from '../errors.js';
import { type CatalogEntry, Papi, platformApi } from '../deploy/ai4os/papi.js';

const SEARCHED = ['name', 'title', 'summary', 'tags', 'libraries', 'tasks', 'categories'] as const;

function matches(entry: CatalogEntry, words: string[]): boolean {
  const text = SEARCHED.map((key) => {
    const value = entry[key];
    return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  })
    .join(' ')
    .toLowerCase();
  return words.every((word) => text.includes(word.toLowerCase()));
}

function table(entries: CatalogEntry[]): string {
  const width = Math.max(4, ...entries.map((e) => e.name.length)) + 2;
  return entries.map((e) => `${e.name.padEnd(width)}${e.title ?? ''}\n`).join('');
}

function describe(name: string, metadata: Record<string, unknown>): string {
  const links = (metadata.links ?? {}) as Record<string, string>;
  const list = (key: string) => (Array.isArray(metadata[key]) ? (metadata[key] as string[]).join(', ') : '');
  const lines = [
    `${name}: ${String(metadata.title ?? '')}`,
    String(metadata.summary ?? ''),
    '',
    ...[
      ['license', String(metadata.license ?? '')],
      ['source code', links.source_code ?? ''],
      ['docker image', links.docker_image ?? ''],
      ['libraries', list('libraries')],
      ['tasks', list('tasks')],
      ['categories', list('categories')],
      ['tags', list('tags')],
    ]
      .filter(([, value]) => value)
      .map(([key, value]) => `  ${`${key}:`.padEnd(14)}${value}`),
  ];
  if (typeof metadata.description === 'string' && metadata.description.trim()) lines.push('', metadata.description.trim());
  return `${lines.join('\n')}\n\nDeploy it: ai4os-module deploy --target ai4os --try ${name} (try-me), or on the dashboard.\n`;
}

/** The values of catalog's flags and positionals (declared in src/cli/commands.ts; the action is one of its choices). */
export interface CatalogArgs {
  flags: { api: string | undefined; json: boolean };
  positionals: { action: string; words: string[] };
}

export async function main({ flags: values, positionals: { action, words } }: CatalogArgs): Promise<number> {
  const papi = new Papi(platformApi(values.api));
  const out = (data: unknown, text: string) => process.stdout.write(values.json ? `${JSON.stringify(data)}\n` : text);
  if (action === 'search') {
    if (words.length === 0)
      throw new UserError('catalog search: give the words to look for.', 'For example: ai4os-module catalog search image classification');
    const entries = (await papi.catalogDetail()).filter((e) => matches(e, words));
    out(entries, entries.length > 0 ? table(entries) : `No module of the catalog matches ${words.map((w) => `"${w}"`).join(' ')}.\n`);
    return 0;
  }
  if (action === 'show') {
    const name = words[0];
    if (!name || words.length > 1)
      throw new UserError('catalog show: name one module.', 'For example: ai4os-module catalog show ai4os-demo-app');
    const metadata = await papi.metadata(name);
    if (!metadata) {
      const close = closestChoice(name, await papi.catalogNames());
      throw new UserError(
        `The catalog has no module "${name}".`,
        close ? `Did you mean "${close}"? \`ai4os-module catalog list\` lists them.` : '`ai4os-module catalog list` lists them.',
        1,
      );
    }
    out(metadata, describe(name, metadata));
    return 0;
  }
  if (words.length > 0)
    throw new UserError(`catalog list takes no words: ${words.join(' ')}`, 'To look for modules, use catalog search WORDS.');
  const entries = await papi.catalogDetail();
  out(entries, table(entries));
  return 0;
}

/**
 * The marketplace request: what the catalog maintainers need to add a module (an issue, or
 * the body of a pull request), and the prefilled "new issue" URL for users without a token.
 */
import { markdownText } from '../render/encode.js';
import type { ModuleInfo } from './module-info.js';
import type { WantedEntry } from './catalog.js';

/** The catalog of the marketplace, as the platform API reads it. */
export const CATALOG_REPO = 'ai4os-hub/modules-catalog';
export const CATALOG_WEB = 'https://github.com';

export interface RequestFacts {
  info: ModuleInfo;
  entry: WantedEntry;
  tag: string;
  /** Whether `ai4os-hub/<name>` (the source_code repository) exists. */
  repositoryExists: boolean;
  /** Where the code is pushed when it is not the source_code repository yet (a personal copy). */
  pushedTo?: string;
  /** The preflight lines that passed (metadata verdicts among them). */
  verdicts: string[];
  /** The GitHub user asking, when known. */
  login?: string;
}

export function requestTitle(name: string): string {
  return `Add module ${name} to the marketplace`;
}

/** A hidden line that lets a rerun recognise its own request. */
export function requestMarker(url: string): string {
  return `<!-- ai4os-module publish: ${url} -->`;
}

export function requestBody(facts: RequestFacts): string {
  const { info, entry } = facts;
  const repository = /github\.com\/(.+)$/.exec(entry.url)?.[1] ?? entry.url;
  const rows: [string, string][] = [
    ['Repository', facts.repositoryExists ? entry.url : `${entry.url} (does not exist yet)`],
    ['Title', info.title ?? info.name],
    ['Summary', info.summary ?? ''],
    ['Licence', info.license ?? '(see LICENSE)'],
    ['Authors', info.authors.join(', ')],
    ['Docker image', info.dockerImage ?? ''],
    ['Version', `${facts.tag} (commit ${entry.commit.slice(0, 12)})`],
  ];
  if (facts.pushedTo) rows.push(['Code pushed to', facts.pushedTo]);
  const lines = [
    requestMarker(entry.url),
    `Please add the module **${markdownText(info.name)}** to the marketplace.`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([key, value]) => `| ${key} | ${markdownText(value)} |`),
    '',
  ];
  if (!facts.repositoryExists) {
    lines.push(
      `Please create the repository \`${repository}\`${facts.login ? ` and give @${facts.login} write access` : ' and give me write access'}, so I can push the code there.`,
      '',
    );
  }
  lines.push(
    'Checks run before this request (`ai4os-module publish`):',
    '',
    ...facts.verdicts.map((line) => `- ${markdownText(line)}`),
    '',
    'The catalog entry (`.gitmodules`, with the gitlink to the commit above):',
    '',
    '```ini',
    ...entryLines(entry),
    '```',
    '',
  );
  return lines.join('\n');
}

/** The `.gitmodules` section, as `git submodule add -b <branch> <url> <name>` writes it. */
export function entryLines(entry: WantedEntry): string[] {
  return [`[submodule "${entry.name}"]`, `\tpath = ${entry.name}`, `\turl = ${entry.url}`, `\tbranch = ${entry.branch}`];
}

/** `https://github.com/<catalog>/issues/new?title=…&body=…`, every value percent-encoded. */
export function newIssueUrl(catalogRepo: string, title: string, body: string): string {
  return `${CATALOG_WEB}/${catalogRepo}/issues/new?title=${encodeURIComponent(title)}&body=${encodeURIComponent(body)}`;
}

/**
 * The base of the 3-way merge: the template's own output, as last rendered for this module,
 * kept in the module's git history so it is there in any full clone (CI, a colleague's
 * machine) and never needs the network or an old template version.
 *
 *  - Creation: the first commit is the template's output and nothing else; its message
 *    carries the trailer `AI4OS-Template: <version>` (src/template-trailer.ts, src/create/git.ts).
 *  - Each update: a "pristine" commit holds the new template output (parent: the previous
 *    pristine commit), and the update commit merges it: parents HEAD and pristine. So the
 *    pristine commit is reachable from the branch and pushed with it; `.yo-rc.json` records
 *    its id as `_pristine`.
 *  - Neither found (history squashed, shallow clone): the recorded template version is
 *    rendered again from the stored answers, if that template version is at hand (the
 *    installed one, or one given with --base-templates).
 */
import type { Answers } from '../answers/questions.js';
import type { RenderedFiles } from '../render/render.js';
import { GitFailure, type Repo } from '../git.js';
import { type Committer, commitTree, signsCommits } from './commit.js';
import { type Tree, readTree, treeOfFiles, writeTree } from './tree.js';
import { pristineTrailer } from '../template-trailer.js';

export { TEMPLATE_TRAILER, pristineTrailer } from '../template-trailer.js';

export interface Base {
  /** Commit of the pristine output; undefined for an adopted module (empty base). */
  commit?: string;
  tree: Tree;
  /** How it was found, for the report; `legacy`: an adopted module's official cookiecutter template output (src/update/legacy/). */
  source: 'recorded' | 'history' | 'rendered' | 'adopted' | 'legacy';
}

export interface BaseQuery {
  templateVersion: string;
  pristine?: string;
  adopted: boolean;
  /** Renders the recorded template version from the stored answers, when that version is at hand. */
  rerender: () => RenderedFiles | undefined;
  /** The commit the update starts from: the history searched is its. */
  head: string;
  committer: Committer;
}

async function commitExists(repo: Repo, id: string): Promise<boolean> {
  return repo.succeeds(['cat-file', '-e', `${id}^{commit}`]);
}

/** The newest commit reachable from `head` whose message carries the trailer of `version`. */
async function findInHistory(repo: Repo, head: string, version: string): Promise<string | undefined> {
  try {
    // A whole line, so 1.0.0 does not find 1.0.0-rc.1; in a basic regex only the dots need escaping.
    const line = `^${pristineTrailer(version).replace(/\./g, '\\.')}$`;
    const id = await repo.text(['log', '-1', '--format=%H', `--grep=${line}`, head]);
    return id || undefined;
  } catch (error) {
    if (error instanceof GitFailure) return undefined;
    throw error;
  }
}

export async function findBase(repo: Repo, query: BaseQuery): Promise<Base | undefined> {
  if (query.adopted) {
    const legacy = query.pristine && (await commitExists(repo, query.pristine));
    return legacy
      ? { commit: query.pristine, tree: await readTree(repo, query.pristine!), source: 'legacy' }
      : { tree: new Map(), source: 'adopted' };
  }
  if (query.pristine && (await commitExists(repo, query.pristine))) {
    return { commit: query.pristine, tree: await readTree(repo, query.pristine), source: 'recorded' };
  }
  const found = await findInHistory(repo, query.head, query.templateVersion);
  if (found) return { commit: found, tree: await readTree(repo, found), source: 'history' };
  const files = query.rerender();
  if (!files) return undefined;
  const commit = await commitPristine(repo, files, undefined, query.templateVersion, 'rendered again as a base', query.committer);
  return { commit: commit.id, tree: commit.tree, source: 'rendered' };
}

/**
 * Who commits: git's configured identity, else the module's first author (as creation does);
 * signed when the owner signs commits.
 */
export async function commitIdentity(repo: Repo, answers: Pick<Answers, 'authors'>): Promise<Committer> {
  const sign = await signsCommits(repo);
  if (await repo.succeeds(['var', 'GIT_COMMITTER_IDENT'])) {
    if (await repo.succeeds(['var', 'GIT_AUTHOR_IDENT'])) return { env: {}, sign };
  }
  const { name, email } = answers.authors[0]!;
  return { env: { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email }, sign };
}

/** A commit holding exactly `files`, the template's output. */
export async function commitPristine(
  repo: Repo,
  files: RenderedFiles,
  parent: string | undefined,
  templateVersion: string,
  why: string,
  committer: Committer,
): Promise<{ id: string; tree: Tree }> {
  const tree = await treeOfFiles(repo, files);
  const treeId = await writeTree(repo, tree);
  const message = [
    `Template ${templateVersion}, pristine output (${why})`,
    '',
    'The files as the template renders them from the answers in .yo-rc.json, without',
    'edits: `ai4os-module update` merges the next template version against them.',
    '',
    pristineTrailer(templateVersion),
    '',
  ].join('\n');
  const id = await commitTree(repo, treeId, parent ? [parent] : [], message, committer);
  return { id, tree };
}

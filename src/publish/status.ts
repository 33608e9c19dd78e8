/**
 * `publish --status`: where the module stands, read without a token. The remote (pushed?
 * tagged?), the catalog's `.gitmodules` on its default branch (listed? which branch?), the
 * platform API's catalog (listed? served valid or as an "invalid metadata" placeholder?).
 */
import { UserError } from '../errors.js';
import type { Repo } from '../git.js';
import { HttpClient, HttpError } from '../http.js';
import { CatalogWorkspace, findEntry } from './catalog.js';
import { TOKEN_VARIABLES } from './github.js';
import type { ModuleInfo } from './module-info.js';
import { listRemote } from './remote.js';
import { tagOf } from './version.js';

export interface PublishStatus {
  module: { name: string; version: string; tag: string; branch?: string; head?: string };
  remote: { url: string; reachable: boolean; problem?: string; branchPushed?: boolean; headPushed?: boolean; tagPushed?: boolean };
  catalog: { url: string; branch?: string; listed?: boolean; entryBranch?: string; error?: string };
  platform: { api: string; listed?: boolean; valid?: boolean; tags?: string[]; error?: string };
  jenkins: string;
}

export interface StatusInput {
  repo: Repo;
  info: ModuleInfo;
  remote: string;
  catalogUrl: string;
  api: string;
  timeoutMs: number;
}

/** The hub's Jenkins job of a catalog module (its organisation folder is AI4OS-hub). */
export function jenkinsJobUrl(name: string, branch: string): string {
  return `https://jenkins.cloud.ai4eosc.eu/job/AI4OS-hub/job/${encodeURIComponent(name)}/job/${encodeURIComponent(branch)}/`;
}

export async function readStatus(input: StatusInput): Promise<PublishStatus> {
  const { repo, info } = input;
  const branch = await repo.text(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => undefined);
  const head = await repo.text(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => undefined);
  const tag = tagOf(info.version);
  const status: PublishStatus = {
    module: { name: info.name, version: info.version, tag, branch, head },
    remote: { url: input.remote, reachable: false },
    catalog: { url: input.catalogUrl },
    platform: { api: input.api },
    jenkins: jenkinsJobUrl(info.name, branch ?? 'main'),
  };
  const refs = await listRemote(repo, input.remote);
  if (refs.ok) {
    const remoteHead = branch ? refs.refs.get(`refs/heads/${branch}`) : undefined;
    Object.assign(status.remote, {
      reachable: true,
      branchPushed: remoteHead !== undefined,
      headPushed: remoteHead !== undefined && remoteHead === head,
      tagPushed: refs.refs.has(`refs/tags/${tag}`),
    });
  } else {
    status.remote.problem = `${refs.problem}: ${refs.detail}`;
  }
  const workspace = await CatalogWorkspace.open({}, TOKEN_VARIABLES.join(' or '));
  try {
    const snapshot = await workspace.defaultBranch(input.catalogUrl);
    const entry = findEntry(snapshot.entries, info.name, info.sourceCode ?? info.name);
    Object.assign(status.catalog, { branch: snapshot.branch, listed: entry !== undefined, entryBranch: entry?.branch });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    status.catalog.error = error.message;
  } finally {
    await workspace.close();
  }
  const papi = new HttpClient({
    baseUrl: input.api,
    service: 'the platform API',
    headers: { Accept: 'application/json' },
    timeoutMs: input.timeoutMs,
  });
  try {
    const names = (await papi.get<unknown>('/v1/catalog/modules')).data;
    status.platform.listed = Array.isArray(names) && names.includes(info.name);
    if (status.platform.listed) {
      const metadata = await papi.get<{ tags?: unknown }>(`/v1/catalog/modules/${encodeURIComponent(info.name)}/metadata`, {
        accept: [404],
      });
      if (metadata.status === 200) {
        const tags = Array.isArray(metadata.data?.tags) ? metadata.data.tags.filter((t): t is string => typeof t === 'string') : [];
        Object.assign(status.platform, { tags, valid: !tags.includes('invalid metadata') });
      }
    }
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    status.platform.error = error.message;
  }
  return status;
}

export function statusText(status: PublishStatus): string {
  const yes = (value: boolean | undefined, ok: string, no: string, unknown = 'unknown') =>
    value === undefined ? unknown : value ? ok : no;
  const { module, remote, catalog, platform } = status;
  const lines = [`${module.name} ${module.version} (${module.branch ?? 'detached HEAD'} at ${module.head?.slice(0, 12) ?? 'no commit'})`];
  lines.push(
    remote.reachable
      ? `  remote   ${remote.url}: ${yes(remote.branchPushed, remote.headPushed ? `${module.branch} pushed (up to date)` : `${module.branch} pushed, but not this commit`, `${module.branch} not pushed`)}; ${yes(remote.tagPushed, `tag ${module.tag} pushed`, `tag ${module.tag} not pushed`)}`
      : `  remote   ${remote.url}: cannot be read (${remote.problem})`,
  );
  lines.push(
    catalog.error
      ? `  catalog  ${catalog.url}: cannot be read (${catalog.error.split('\n')[0]})`
      : `  catalog  ${catalog.url} (${catalog.branch}): ${catalog.listed ? `listed${catalog.entryBranch ? `, branch ${catalog.entryBranch}` : ', no branch (the platform reads master)'}` : 'not listed (a maintainer adds it after your request)'}`,
  );
  lines.push(
    platform.error
      ? `  platform ${platform.api}: cannot be read (${platform.error})`
      : `  platform ${platform.api}: ${platform.listed ? (platform.valid === false ? 'listed, but served as a placeholder tagged "invalid metadata": fix the metadata (ai4os-module validate .) and push' : platform.valid ? 'listed, metadata valid' : 'listed') : 'not listed (the platform reads the catalog about every 6 hours)'}`,
  );
  lines.push(`  jenkins  ${status.jenkins}`);
  return `${lines.join('\n')}\n`;
}

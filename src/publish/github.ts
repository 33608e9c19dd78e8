/**
 * The few GitHub REST calls publish makes (https://docs.github.com/en/rest, version
 * 2022-11-28): repositories, forks, issues, pull requests, search. Each creating call is
 * sent once; its caller looks up what exists before and after.
 */
import { HttpClient, HttpError, type Secret } from '../http.js';

export const GITHUB_API = 'https://api.github.com';
export const TOKEN_VARIABLES = ['GITHUB_TOKEN', 'GH_TOKEN'] as const;

export interface GitHubRepo {
  full_name: string;
  html_url: string;
  clone_url: string;
  default_branch: string;
  owner: { login: string; type?: string };
  permissions?: { push?: boolean; admin?: boolean };
}

export interface GitHubIssue {
  number: number;
  title: string;
  state: string;
  html_url: string;
  body?: string | null;
  pull_request?: unknown;
}

export interface GitHubPull {
  number: number;
  state: string;
  html_url: string;
  head: { ref: string; label: string };
}

export interface GitHubOptions {
  baseUrl: string;
  token: Secret;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

export class GitHub {
  readonly http: HttpClient;

  constructor(options: GitHubOptions) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      service: 'GitHub',
      headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'create-ai4os-module' },
      auth: { scheme: 'Bearer', secret: options.token },
      timeoutMs: options.timeoutMs,
      sleep: options.sleep,
      log: options.log,
    });
  }

  async user(): Promise<{ login: string }> {
    return (await this.http.get<{ login: string }>('/user')).data;
  }

  /** The repository, or undefined when it does not exist (or is hidden from this token). */
  async repo(fullName: string): Promise<GitHubRepo | undefined> {
    const answer = await this.http.get<GitHubRepo>(`/repos/${fullName}`, { accept: [404] });
    return answer.status === 404 ? undefined : answer.data;
  }

  /** Whether `login` may create repositories in organisation `org` (an owner, or a member where members may). */
  async mayCreateIn(org: string): Promise<boolean> {
    const membership = await this.http.get<{ state?: string; role?: string }>(`/user/memberships/orgs/${org}`, { accept: [403, 404] });
    if (membership.status !== 200 || membership.data.state !== 'active') return false;
    if (membership.data.role === 'admin') return true;
    const info = await this.http.get<{ members_can_create_repositories?: boolean }>(`/orgs/${org}`, { accept: [404] });
    return info.data?.members_can_create_repositories === true;
  }

  /**
   * Creates `owner/name` (for the token's user or an organisation). A 422 means it exists
   * already; an answer lost on the way is reconciled by looking it up.
   */
  async createRepo(owner: string, name: string, userLogin: string, description: string | undefined): Promise<GitHubRepo> {
    const path = owner === userLogin ? '/user/repos' : `/orgs/${owner}/repos`;
    try {
      return (await this.http.post<GitHubRepo>(path, { json: { name, description, private: false, has_issues: true } })).data;
    } catch (error) {
      if (error instanceof HttpError && (error.uncertain || error.status === 422)) {
        const existing = await this.repo(`${owner}/${name}`);
        if (existing) return existing;
      }
      throw error;
    }
  }

  /** Issues of `repo` opened by `creator` (open or closed), newest first, pull requests left out. */
  async issuesBy(repo: string, creator: string): Promise<GitHubIssue[]> {
    const answer = await this.http.get<GitHubIssue[]>(`/repos/${repo}/issues`, { query: { creator, state: 'all', per_page: 100 } });
    return answer.data.filter((issue) => issue.pull_request === undefined);
  }

  /** Issues of `repo` whose title or body contains `text` (the search index lags a little behind). */
  async searchIssues(repo: string, text: string): Promise<GitHubIssue[]> {
    const answer = await this.http.get<{ items: GitHubIssue[] }>('/search/issues', {
      query: { q: `repo:${repo} is:issue in:title,body "${text}"`, per_page: 20 },
    });
    return answer.data.items;
  }

  async createIssue(repo: string, title: string, body: string): Promise<GitHubIssue> {
    return (await this.http.post<GitHubIssue>(`/repos/${repo}/issues`, { json: { title, body } })).data;
  }

  /** The user's fork of `repo`: GitHub returns the existing one when there is one. */
  async fork(repo: string): Promise<GitHubRepo> {
    // Creating a fork is idempotent by GitHub's definition (202 with the existing fork).
    return (await this.http.post<GitHubRepo>(`/repos/${repo}/forks`, { json: { default_branch_only: true }, idempotent: true })).data;
  }

  /** Pull requests into `repo` from `owner:branch`, open or closed. */
  async pullsFrom(repo: string, head: string): Promise<GitHubPull[]> {
    return (await this.http.get<GitHubPull[]>(`/repos/${repo}/pulls`, { query: { head, state: 'all', per_page: 100 } })).data;
  }

  async createPull(repo: string, head: string, base: string, title: string, body: string): Promise<GitHubPull> {
    try {
      return (await this.http.post<GitHubPull>(`/repos/${repo}/pulls`, { json: { title, head, base, body, maintainer_can_modify: true } }))
        .data;
    } catch (error) {
      if (error instanceof HttpError && (error.uncertain || error.status === 422)) {
        const [existing] = await this.pullsFrom(repo, head);
        if (existing) return existing;
      }
      throw error;
    }
  }
}

/**
 * The git side of publishing: the token handed to git without touching disk or argv, what a
 * remote holds (`ls-remote`), and a push that explains its refusals instead of forcing.
 */
import { GitFailure, type Repo } from '../git.js';
import { redact, type Secret } from '../http.js';

/** The environment variable the credential helper reads; its value never leaves the environment. */
const TOKEN_VARIABLE = 'AI4OS_PUBLISH_GIT_TOKEN';

/**
 * Environment that makes git answer GitHub's credential question with the token: a
 * credential helper given as configuration through the environment (GIT_CONFIG_COUNT),
 * scoped to https://github.com, which prints the variable. git config files, URLs and the
 * process list never see the token. Without a token, git's own configuration applies.
 */
export function gitTokenEnv(secret: Secret | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (!secret) return {};
  const start = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  const key = 'credential.https://github.com.helper';
  return {
    [TOKEN_VARIABLE]: secret.value,
    GIT_CONFIG_COUNT: String(start + 2),
    // An empty helper first: other helpers (a keychain with an old password) are not asked.
    [`GIT_CONFIG_KEY_${start}`]: key,
    [`GIT_CONFIG_VALUE_${start}`]: '',
    [`GIT_CONFIG_KEY_${start + 1}`]: key,
    [`GIT_CONFIG_VALUE_${start + 1}`]: `!f() { test "$1" = get && printf 'username=x-access-token\\npassword=%s\\n' "$${TOKEN_VARIABLE}"; }; f`,
  };
}

export type RemoteProblem = 'missing' | 'denied' | 'offline' | 'rejected' | 'protected' | 'other';

export interface RemoteRefs {
  ok: true;
  /** Full ref name (`refs/heads/main`, `refs/tags/v1.0.0`) to the commit it names (tags peeled). */
  refs: Map<string, string>;
}

export interface RemoteFailure {
  ok: false;
  problem: RemoteProblem;
  /** git's own words, redacted. */
  detail: string;
}

/** The branches and tags of `remote`, or why they cannot be read. */
export async function listRemote(repo: Repo, remote: string): Promise<RemoteRefs | RemoteFailure> {
  try {
    const text = await repo.text(['ls-remote', '--heads', '--tags', remote]);
    const refs = new Map<string, string>();
    for (const line of text.split('\n').filter(Boolean)) {
      const [sha, ref] = line.split('\t') as [string, string];
      // An annotated tag appears twice; the peeled line (^{}) names the commit.
      if (ref.endsWith('^{}')) refs.set(ref.slice(0, -3), sha);
      else if (!refs.has(ref)) refs.set(ref, sha);
    }
    return { ok: true, refs };
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    return { ok: false, problem: classifyGitFailure(error.stderr), detail: redact(lastLines(error.stderr)) };
  }
}

/** What went wrong, from git's messages (with LC_ALL=C, as Repo runs git). */
export function classifyGitFailure(stderr: string): RemoteProblem {
  if (/protected branch|GH006|GH013|pre-receive hook declined/i.test(stderr)) return 'protected';
  if (/non-fast-forward|\[rejected\]|fetch first|stale info|Updates were rejected/i.test(stderr)) return 'rejected';
  if (/Repository not found|does not appear to be a git repository|repository '[^']*' not found|No such file or directory/i.test(stderr))
    return 'missing';
  if (
    /Permission to .* denied|Authentication failed|could not read (Username|Password)|403|401|terminal prompts disabled|Permission denied \(publickey\)/i.test(
      stderr,
    )
  )
    return 'denied';
  if (
    /Could not resolve host|Connection refused|Connection timed out|Network is unreachable|unable to access|Operation timed out|Failed to connect/i.test(
      stderr,
    )
  )
    return 'offline';
  return 'other';
}

/** What to do about each problem, for a push or a read of the module's remote. */
export function remoteAdvice(problem: RemoteProblem, remote: string, tokenVariables: string): string {
  switch (problem) {
    case 'rejected':
      return `${remote} has commits your branch does not have. Bring them in (git pull --rebase), check the result, then publish again; publish never forces a push.`;
    case 'protected':
      return `${remote} protects this branch. Ask an owner to allow your push, or push another branch and open a pull request there.`;
    case 'missing':
      return `The repository ${remote} does not exist (or is private to you). Create it, or set ${tokenVariables} so publish can create it; for ai4os-hub the marketplace request asks the maintainers to.`;
    case 'denied':
      return `You may not push to ${remote}. Set ${tokenVariables} to a token with write access (contents: read and write), or ask an owner for write access.`;
    case 'offline':
      return `${remote} cannot be reached. Check the network connection and the remote's address (git remote -v), then publish again.`;
    default:
      return `See git's message above; fix it and publish again.`;
  }
}

function lastLines(text: string): string {
  return text
    .trim()
    .split('\n')
    .filter((line) => !/^(remote: )?(Enumerating|Counting|Compressing|Writing|Total|Delta|Resolving)/.test(line))
    .slice(-6)
    .join('\n');
}

export interface PushResult {
  ok: boolean;
  problem?: RemoteProblem;
  detail?: string;
}

/**
 * Pushes `refspecs` to `remote` atomically (all or none), passing git's messages on as they
 * come (with the progress meter when they go to a terminal). Never forces: a refusal is
 * reported with its kind.
 */
export async function push(
  repo: Repo,
  remote: string,
  refspecs: string[],
  output: { write: (chunk: Buffer) => unknown; isTTY?: boolean },
): Promise<PushResult> {
  try {
    await repo.run(['push', output.isTTY ? '--progress' : '--no-progress', '--atomic', remote, ...refspecs], {
      onStderr: (chunk) => output.write(chunk),
    });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    return { ok: false, problem: classifyGitFailure(error.stderr), detail: redact(lastLines(error.stderr)) };
  }
}

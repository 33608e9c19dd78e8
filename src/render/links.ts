import type { Answers } from '../answers/questions.js';

/** Where `git push` goes: `<git base>/<repo>.git`. */
export function gitRemoteUrl(answers: Pick<Answers, 'gitBaseUrl' | 'repoName'>): string {
  return `${answers.gitBaseUrl}/${answers.repoName}.git`;
}

/**
 * The web page of the source code, for `links.source_code`: `git@github.com:org` becomes
 * `https://github.com/org/<repo>`; a path on disk becomes a file:// URL.
 */
export function sourceCodeUrl(answers: Pick<Answers, 'gitBaseUrl' | 'repoName'>): string {
  const base = answers.gitBaseUrl;
  const scpLike = /^[\w.-]+@([\w.-]+):(.*)$/.exec(base);
  if (scpLike) return `https://${scpLike[1]}/${scpLike[2]}/${answers.repoName}`;
  if (base.startsWith('/')) return `file://${base}/${answers.repoName}`;
  return `${base.replace(/^(ssh|git):\/\/(?:[^@/]+@)?/, 'https://')}/${answers.repoName}`;
}

/** The web page of the image: Docker Hub for an image without a registry host, the registry itself otherwise. */
export function dockerImageUrl(image: string): string {
  const [first, ...rest] = image.split('/');
  const hasRegistry = rest.length > 0 && /[.:]/.test(first!);
  if (hasRegistry) return `https://${image}`;
  return image.includes('/') ? `https://hub.docker.com/r/${image}` : `https://hub.docker.com/_/${image}`;
}

/** The inverse of dockerImageUrl, for checks that compare images across files. */
export function imageFromDockerUrl(url: string): string | undefined {
  const hub = /^https?:\/\/hub\.docker\.com\/(?:r\/|_\/)?([^?#]+?)\/?(?:[?#].*)?$/.exec(url);
  if (hub) return hub[1];
  const registry = /^https?:\/\/([^?#]+?)\/?$/.exec(url);
  return registry?.[1];
}

/**
 * `links.base_model` of a child: the parent's repository on the hub, where an image
 * `ai4oshub/<name>` is built from `github.com/ai4os-hub/<name>`.
 */
export function baseModelUrl(parentImage: string): string {
  return `https://github.com/ai4os-hub/${parentImage.split('/').at(-1)}`;
}

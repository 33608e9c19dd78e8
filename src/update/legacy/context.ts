/**
 * The cookiecutter context a ported template renders from (its `cookiecutter.json` keys, as
 * `c` in the EJS port): the adopted answers, put back the way the template asked for them,
 * and, for what the answers cannot say, the module's own files (the template wrote them
 * from the same context): the day it ran, the description as typed, whether JenkinsConstants
 * has live base tags, the parent image of a child, the adv layout's model package and title.
 */
import type { Answers } from '../../answers/questions.js';
import { parseJenkinsConstants } from '../../module-files/jenkins-constants.js';
import type { Detection, ReadText } from './detect.js';
import { LEGACY_TEMPLATES } from './ported.js';

export type LegacyContext = Record<string, unknown>;

/** Our licence ids as the templates offered them; any other licence has no counterpart. */
const LICENSE_LABELS: Record<string, string> = {
  MIT: 'MIT',
  'Apache-2.0': 'Apache 2.0',
  'BSD-3-Clause': 'BSD-3-Clause',
  'AGPL-3.0-only': 'AGPL-3.0-only',
  none: 'No license file',
};

/**
 * The day the template ran, as it wrote it: `dates.created` of ai4-metadata.yml, else
 * `date_creation` of metadata.json (the only metadata of ai4-template 2.0.0 and the adv template).
 */
function templateDay(read: ReadText): string | undefined {
  const yaml = /^\s+created:\s*['"]?(\d{4}-\d{2}-\d{2})\b/m.exec(read('ai4-metadata.yml') ?? '');
  return (yaml ?? /"date_creation"\s*:\s*"(\d{4}-\d{2}-\d{2})"/.exec(read('metadata.json') ?? ''))?.[1];
}

export function legacyContext(
  detection: Detection,
  version: string,
  answers: Answers,
  created: string,
  read: ReadText,
  paths: ReadonlySet<string>,
): LegacyContext {
  const jenkinsText = read('JenkinsConstants.groovy') ?? '';
  const jenkins = parseJenkinsConstants(jenkinsText);
  const label = detection.label ?? `${LEGACY_TEMPLATES[detection.template].label}/${version}`;
  const day = templateDay(read) ?? created;
  // Written as given there; ai4-metadata.yml's summary (which adopt reads first) lost its apostrophes.
  const description =
    /^description = "(.*)"$/m.exec(read('pyproject.toml') ?? '')?.[1] ?? /^summary = (.*)$/m.exec(read('setup.cfg') ?? '')?.[1];
  const common = {
    project_name: answers.title,
    author_name: answers.authors.map((a) => a.name).join(', '),
    author_email: answers.authors.map((a) => a.email).join(', '),
    authors: answers.authors,
    description: description ?? answers.summary,
    app_version: answers.moduleVersion,
    open_source_license: LICENSE_LABELS[answers.license] ?? 'No license file',
    git_base_url: answers.gitBaseUrl,
    __git_base_url: answers.gitBaseUrl,
    __repo_name: answers.repoName,
    __app_name: answers.packageName,
    __ai4_template: label,
    today: day,
    year: day.slice(0, 4),
  };
  switch (detection.template) {
    case 'ai4-cookiecutter-child': {
      const parent = /^\s*FROM\s+ai4oshub\/([\w.-]+)/im.exec(read('Dockerfile') ?? '')?.[1];
      const liveGpu = jenkins.get('base_gpu_tag')?.value;
      return {
        ...common,
        docker_baseimage: parent ?? answers.baseImage.replace(/^ai4oshub\//, ''),
        __baseimage_tag: 'latest',
        // What the post-generation hook appended after asking Docker Hub for a `gpu` tag; nothing when it could not ask.
        jenkins_tags: liveGpu !== undefined ? 'gpu' : /\/\/\s*def base_gpu_tag/.test(jenkinsText) ? 'cpu' : 'none',
      };
    }
    case 'ai4-cookiecutter-adv': {
      const model = detection.apiPackage ?? answers.packageName;
      const metadataJson = read('metadata.json') ?? '';
      const title = /^\s*"title"\s*:\s*"([^"]*)"/m.exec(metadataJson)?.[1];
      const dockerUser = /"docker_registry_repo"\s*:\s*"([^"/]+)\//.exec(metadataJson)?.[1];
      return {
        ...common,
        model_name: title ?? answers.title,
        __model_source: model,
        package_slug: answers.repoName,
        package_name: answers.repoName.replace(/-/g, '_'),
        add_model_template: paths.has(`${model}/__init__.py`),
        dockerhub_user: dockerUser ?? answers.dockerImage.split('/')[0],
        docker_baseimage: answers.baseImage,
        baseimage_cpu_tag: jenkins.get('base_cpu_tag')?.value ?? answers.baseTag,
        baseimage_gpu_tag: jenkins.get('base_gpu_tag')?.value ?? answers.baseGpuTag,
      };
    }
    default:
      return {
        ...common,
        docker_baseimage: answers.baseImage,
        baseimage_tag: answers.baseTag,
        // The template writes live base tags only when given a GPU tag.
        baseimage_gpu_tag: jenkins.get('base_gpu_tag')?.value ?? '',
      };
  }
}

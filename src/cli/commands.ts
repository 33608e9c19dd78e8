/**
 * Every command of `ai4os-module`, its positionals and flags, in one table: parsing
 * (parse.ts), --help and `help <command>` (help.ts) and shell completion (completion.ts) are
 * made from it, so a command is added here and nowhere else. Handlers are imported only when
 * their command runs, so `validate` and `check` never load Yeoman, prompts or git helpers;
 * this module itself imports only what every command can afford.
 */
import { CLIENT_METRIC, STRATEGIES } from '../deploy/ai4os/federated-options.js';
import { BUMPS } from '../publish/version.js';
import { FORMATS, LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS } from '../validate/options.js';
import { type Command, type Flags, defineCommand } from './spec.js';

/** The module's directory, by default the working directory. */
const MODULE_DIRECTORY = { name: 'DIRECTORY', key: 'dir', kind: 'directory' } as const;

const SET = {
  type: 'string',
  multiple: true,
  value: 'KEY=VALUE',
} as const;

/** deploy's flags, also the type of its handler's values (src/deploy/command.ts). */
export const DEPLOY_FLAGS = {
  target: { type: 'string', value: 'T', choices: ['local', 'nomad', 'ai4os', 'oscar'], default: 'local', help: 'Where to run the module' },
  status: { type: 'boolean', help: 'Say whether the module runs, and where' },
  logs: { type: 'boolean', help: 'Print the log of the running module' },
  follow: { type: 'boolean', short: 'f', help: 'With --logs: keep printing as the log grows' },
  stop: { type: 'boolean', help: 'Stop the running module' },
  list: { type: 'boolean', help: 'List what runs (local: every module deployed on this machine)' },
  restart: { type: 'boolean', help: 'local: restart a module that is already running' },
  venv: {
    type: 'string',
    value: 'DIR',
    complete: 'directory',
    help: 'local: the venv to install into and run from (created when missing; default DIR/.venv)',
  },
  python: { type: 'string', value: 'PATH', complete: 'file', default: 'python3', help: 'local: the Python that creates the venv' },
  'skip-install': { type: 'boolean', help: 'local: run from the venv as it is, without `pip install -e .`' },
  port: { type: 'string', value: 'N', help: 'local: the port on 127.0.0.1 (default: a free one)' },
  docker: { type: 'boolean', help: 'local: build the Dockerfile and run the image with Docker or Podman' },
  update: {
    type: 'boolean',
    help: 'nomad: replace a job of the same name that is already registered; ai4os --oscar: update the service NAME',
  },
  purge: { type: 'boolean', help: "nomad: with --stop, also remove the job from Nomad's history" },
  var: { type: 'string', value: 'KEY=VALUE', multiple: true, help: 'nomad: a variable of the job file (repeatable)' },
  image: { type: 'string', value: 'NAME', help: "nomad, ai4os: the Docker image (default: the module's docker-image answer)" },
  tag: { type: 'string', value: 'TAG', help: 'nomad, ai4os: the image tag (default: latest)' },
  datacenter: { type: 'string', value: 'NAME', help: 'nomad: the datacenter to run in (default: any)' },
  cpu: { type: 'string', value: 'N', help: "nomad, ai4os: CPU cores (default: the module's answer)" },
  memory: { type: 'string', value: 'MB', help: "nomad, ai4os: memory (default: the module's answer)" },
  gpu: { type: 'string', value: 'N', help: "ai4os: GPUs (default: the module's answer)" },
  'gpu-type': { type: 'string', value: 'MODEL', help: 'ai4os: a GPU model the platform lists' },
  disk: { type: 'string', value: 'MB', help: "ai4os: disk (default: the platform's)" },
  service: {
    type: 'string',
    value: 'S',
    choices: ['deepaas', 'jupyter'],
    help: 'ai4os: what the container serves (jupyter: password in AI4OS_JUPYTER_PASSWORD)',
  },
  vo: { type: 'string', value: 'VO', default: 'vo.ai4eosc.eu', help: 'ai4os: the virtual organisation to deploy in' },
  api: { type: 'string', value: 'URL', help: 'ai4os: the platform API (default: AI4OS_API, or https://api.cloud.ai4eosc.eu)' },
  'token-stdin': {
    type: 'boolean',
    help: 'ai4os: read the token from standard input (else AI4OS_TOKEN, else oidc-agent); oscar: an OIDC token (else OSCAR_TOKEN)',
  },
  'oidc-account': { type: 'string', value: 'NAME', help: 'ai4os: the oidc-agent account (default: OIDC_ACCOUNT)' },
  storage: {
    type: 'boolean',
    help: 'ai4os, nomad: your storage (Nextcloud) for the module, at /storage (AI4OS_STORAGE_USER, AI4OS_STORAGE_PASSWORD, else asked)',
  },
  dataset: {
    type: 'string',
    value: 'DOI',
    multiple: true,
    help: 'ai4os: with --storage, a dataset (DOI or URL) downloaded into it (repeatable)',
  },
  wait: { type: 'boolean', help: 'ai4os: wait until the deployment runs, then print its endpoints' },
  try: { type: 'boolean', help: 'ai4os: a 10-minute try-me deployment of the module as the catalog has it' },
  'federated-server': {
    type: 'boolean',
    help: "ai4os: start the platform's federated server (Flower) for the module's clients and print their address; with --status, --stop, --list: those servers",
  },
  rounds: { type: 'string', value: 'N', help: 'ai4os --federated-server: rounds of training (default 5)' },
  strategy: {
    type: 'string',
    value: 'NAME',
    choices: STRATEGIES,
    help: 'ai4os --federated-server: how the server aggregates (default FedAvg)',
  },
  'min-clients': { type: 'string', value: 'N', help: 'ai4os --federated-server: clients each round waits for (default 2)' },
  metric: {
    type: 'string',
    value: 'NAME',
    default: CLIENT_METRIC,
    help: 'ai4os --federated-server: the evaluate metric the server averages (the module reports loss)',
  },
  timeout: { type: 'string', value: 'SECONDS', default: '300', help: 'How long to wait for the API to answer' },
  json: { type: 'boolean', help: 'Machine-readable output on stdout' },
  cluster: { type: 'string', value: 'URL', help: 'oscar: the OSCAR cluster (default: OSCAR_ENDPOINT)' },
  oscar: { type: 'boolean', help: 'ai4os: the module as an OSCAR service of the platform (serverless inference)' },
  invoke: {
    type: 'string',
    value: 'FILE|JSON',
    help: 'oscar, ai4os --oscar: call the service with this request (a JSON object, or a file holding one) and print the result',
  },
} as const satisfies Flags;

/** data's flags, also the type of its handler's values (src/storage/command.ts). */
export const DATA_FLAGS = {
  module: { type: 'string', value: 'DIR', complete: 'directory', default: '.', help: 'The module whose data/ is copied' },
  remote: {
    type: 'string',
    value: 'FOLDER',
    help: 'The folder of your storage that mirrors data/ (default <repo>/data: /storage/<repo>/data in a deployment)',
  },
  'storage-user': { type: 'string', value: 'LOGIN', help: 'Your storage (Nextcloud) login (default: AI4OS_STORAGE_USER, else asked)' },
  'storage-server': {
    type: 'string',
    value: 'URL',
    help: 'The storage server (default: AI4OS_STORAGE_SERVER, or https://share.cloud.ai4eosc.eu)',
  },
  json: { type: 'boolean', help: 'ls: machine-readable output on stdout' },
} as const satisfies Flags;

/** publish's flags, also the type of its handler's values (src/publish/command.ts). */
export const PUBLISH_FLAGS = {
  'dry-run': { type: 'boolean', help: 'Show every step it would take; change nothing, here or remotely' },
  bump: { type: 'string', value: 'LEVEL', choices: BUMPS, help: 'Raise VERSION first, set dates.updated in the metadata, and commit' },
  status: { type: 'boolean', help: 'Say where the module stands: pushed? tagged? in the catalog? served valid by the platform?' },
  json: { type: 'boolean', help: 'With --status: print JSON' },
  pr: { type: 'boolean', help: 'Open a pull request from your fork of the catalog adding the module (instead of an issue)' },
  catalog: {
    type: 'string',
    value: 'URL',
    help: 'Another catalog git repository: push a branch add-<name> with the entry there (default https://github.com/ai4os-hub/modules-catalog)',
  },
  remote: { type: 'string', value: 'NAME|URL', default: 'origin', help: 'Where to push the branch and the tag' },
  'skip-tests': { type: 'boolean', help: "Do not run the module's own tests (pytest)" },
  'github-api': { type: 'string', value: 'URL', help: 'The GitHub REST API (default: AI4OS_GITHUB_API, or https://api.github.com)' },
  api: { type: 'string', value: 'URL', help: 'The platform API, for --status (default: AI4OS_API, or https://api.cloud.ai4eosc.eu)' },
  timeout: { type: 'string', value: 'SECONDS', default: '30', help: 'Give up on an HTTP request after this long (each attempt)' },
} as const satisfies Flags;

export const COMMANDS: readonly Command[] = [
  defineCommand({
    name: 'new',
    summary: 'Create a module (the same as `npm create ai4os-module`)',
    description: [
      'Create an AI4OS module: a DEEPaaS Python package with its Dockerfile, ai4-metadata.yml,',
      'hub CI files and Nomad job, in DIRECTORY (by default named after the title).',
      'Asks questions in a terminal; flags, an answers file or --yes answer them instead.',
    ].join('\n'),
    positionals: [{ name: 'DIRECTORY', key: 'dir', kind: 'path' }],
    flags: {
      yes: { type: 'boolean', short: 'y', help: 'Take the default for every answer not given' },
      answers: { type: 'string', value: 'FILE', complete: 'file', help: 'Read answers from a YAML or JSON file (same keys as the flags)' },
      'no-git': { type: 'boolean', help: 'Do not create a git repository' },
      force: { type: 'boolean', help: 'Write into a non-empty directory, overwriting files' },
      'dry-run': { type: 'boolean', help: 'List the files that would be created; write nothing' },
      version: { type: 'boolean', short: 'v', help: 'Show the version' },
      list: { type: 'boolean', help: 'List the variants (--variant) and framework presets (--framework), and exit' },
    },
    // One flag per question, from src/answers/questions.ts (loaded only for `new`, help and completion).
    moreFlags: {
      heading: 'Answers (lists are comma-separated; --author and list flags can be repeated)',
      load: async () => (await import('../create/args.js')).ANSWER_FLAGS,
    },
    load: () => import('../create/create.js'),
  }),
  defineCommand({
    name: 'validate',
    summary: 'Check ai4-metadata.yml (and, given a directory, the whole module) as the AI4OS hub does',
    description: [
      'Check AI4OS module metadata (ai4-metadata.yml) as `ai4-metadata validate` does, with the same',
      'verdicts and exit codes, reporting every error with its line and column. Given a module',
      'directory (`validate .`), also check its Dockerfile, pyproject.toml, LICENSE, Jenkins and',
      'Nomad files. Default: ./ai4-metadata.yml',
    ].join('\n'),
    positionals: [{ name: 'FILE|DIR', key: 'targets', variadic: true, kind: 'path' }],
    flags: {
      'metadata-version': { type: 'string', value: 'V', choices: SCHEMA_VERSIONS, default: LATEST_SCHEMA_VERSION, help: 'Schema version' },
      schema: { type: 'string', value: 'FILE', complete: 'file', help: 'Validate against this JSON Schema file instead' },
      format: { type: 'string', value: 'F', choices: FORMATS, default: 'text', help: 'How to report; github writes workflow annotations' },
      strict: { type: 'boolean', help: 'Warnings fail the check too' },
      quiet: { type: 'boolean', short: 'q', help: 'Print nothing for valid files' },
    },
    footer: 'Exit codes: 0 valid, 1 invalid, 2 missing or unreadable file, 3 invalid schema, 4 other error.',
    // As `ai4-metadata validate`: anything unexpected is exit 4.
    bugExitCode: 4,
    jsonErrors: (flags) => flags.format === 'json',
    load: () => import('../validate/command.js'),
  }),
  defineCommand({
    name: 'migrate',
    summary: 'Convert v1 metadata (metadata.json) to ai4-metadata.yml of the latest version',
    description: [
      `Convert v1 metadata (metadata.json of DEEP modules) to ai4-metadata.yml of version ${LATEST_SCHEMA_VERSION}.`,
      'Libraries, tasks, categories and data types are taken from the keywords, spelled as the schema wants.',
      'The result goes to standard output, or to FILE; it is then validated.',
    ].join('\n'),
    positionals: [{ name: 'V1_FILE', key: 'input', required: true, kind: 'file' }],
    flags: {
      output: {
        type: 'string',
        short: 'o',
        value: 'FILE',
        complete: 'file',
        help: 'Write the YAML to FILE (refuses to overwrite without --force)',
      },
      force: { type: 'boolean', help: 'Overwrite FILE' },
    },
    load: () => import('../migrate/command.js'),
  }),
  defineCommand({
    name: 'update',
    summary: 'Merge the current template into the module, keeping your edits',
    description: [
      'Merge the current template into the module (by default the current directory): the',
      "template's changes since the version the module records are merged into your files with",
      'git, file by file. Your edits stay; where you and the template changed the same lines the',
      'file gets conflict markers and stays unmerged in git. Ends with one commit, "Update module',
      'boilerplate to <version>", or stops with the list of conflicts and how to finish.',
      'Needs a clean working tree.',
      '',
      'A module laid out its own way keeps serving what it serves: a template file that would add a',
      'second packaging definition (pyproject.toml next to setup.py/setup.cfg), a second API module',
      "(<package>/api.py when the entry point is served from elsewhere) or the template's tests into",
      'a tests/ of your own is not added; the report lists each with why. --adopt-layout moves the',
      "module to the template's layout instead.",
    ].join('\n'),
    positionals: [MODULE_DIRECTORY],
    flags: {
      set: { ...SET, help: 'Change an answer (keys as in .yo-rc.json, e.g. --set gpu=1); repeatable' },
      'dry-run': { type: 'boolean', help: 'Show what would change (a diff); write nothing' },
      yes: { type: 'boolean', short: 'y', help: 'Ask nothing: new questions take their default' },
      'base-templates': {
        type: 'string',
        multiple: true,
        value: 'DIR',
        complete: 'directory',
        help: 'Templates of the version the module records, to render the base from when the git history does not hold it (e.g. a shallow clone)',
      },
      'adopt-layout': {
        type: 'boolean',
        help: "Move to the template's layout: pyproject.toml replaces setup.py and setup.cfg's packaging sections; new template tests join yours in tests/",
      },
    },
    footer:
      'Exit: 0 updated or up to date, 1 stopped with conflicts, 2 cannot update (see message),\n3 the module is newer than this tool.',
    load: () => import('../update/update-command.js'),
  }),
  defineCommand({
    name: 'adopt',
    summary: 'Record the answers of a module made by the ai4-template cookiecutter or by hand',
    description: [
      'Record the answers of a module made by an official template or by hand, so ai4os-module',
      'update works on it. The answers are read from ai4-metadata.yml, metadata.json, pyproject.toml',
      'or setup.cfg, VERSION, LICENSE, JenkinsConstants.groovy, the Dockerfile, the README, the git',
      'remote and history, each shown with where it came from; the answer flags (the same as for',
      '`new`) override them. What is not found is asked (in a terminal) or takes its default. Shows',
      'what the first update would change, then commits .yo-rc.json. Needs a git repository with a',
      'clean working tree.',
      '',
      "The first update then adds the template's new files, leaves your own files alone, and leaves",
      'every file you both have, with different text, in conflict for you to settle.',
    ].join('\n'),
    positionals: [MODULE_DIRECTORY],
    flags: {
      set: { ...SET, help: 'Give an answer (keys as in .yo-rc.json, e.g. --set license=MIT); repeatable' },
      link: {
        type: 'boolean',
        help: "Keep your files as they are and take the current template as their base: later updates bring only the template's changes after it",
      },
      'dry-run': { type: 'boolean', help: 'Show the answers and what the update would change; write nothing' },
      yes: { type: 'boolean', short: 'y', help: 'Ask nothing: what is not found takes its default' },
    },
    // The answer flags of `new`, from src/answers/questions.ts: what the module says can be given instead.
    moreFlags: {
      heading: 'Answers, instead of what is read from the module (lists are comma-separated; --author and list flags can be repeated)',
      load: async () => (await import('../create/args.js')).ANSWER_FLAGS,
    },
    load: () => import('../update/adopt-command.js'),
  }),
  defineCommand({
    name: 'check',
    summary: 'Say whether the module is at the current template version (exit 1: update available)',
    description: [
      'Say whether the module (by default the current directory) is at the template version of',
      'this create-ai4os-module. For CI: exit 0 up to date, 1 an update is available, 3 the',
      'module is newer than this tool (use a newer create-ai4os-module), 2 not a module.',
    ].join('\n'),
    positionals: [MODULE_DIRECTORY],
    flags: {
      format: { type: 'string', value: 'F', choices: ['text', 'json'], default: 'text', help: 'Output format' },
    },
    jsonErrors: (flags) => flags.format === 'json',
    load: () => import('../update/check-command.js'),
  }),
  defineCommand({
    name: 'publish',
    summary: 'Tag and push the module, and ask for its entry in the AI4OS marketplace',
    description: [
      'Check the module, tag v<VERSION>, push the branch and the tag, and ask the catalog',
      'maintainers to add the module to the AI4OS marketplace (an issue in ai4os-hub/modules-catalog).',
      'Every step looks up what exists first: running it again is safe and creates nothing twice.',
      '',
      'A GitHub token (GITHUB_TOKEN or GH_TOKEN, else `gh auth token`) lets publish create a',
      'missing repository where you may, and open the issue or pull request; without one it prints',
      'the URL of a prefilled issue. The token is handed to git through the environment, never',
      'written anywhere.',
    ].join('\n'),
    positionals: [],
    flags: PUBLISH_FLAGS,
    footer: 'Exit codes: 0 done (or nothing left to do), 1 a check or a step failed (what to do is said), 2 bad options.',
    load: () => import('../publish/command.js'),
  }),
  defineCommand({
    name: 'deploy',
    summary: 'Run the module here (a venv or Docker), on a Nomad cluster, or on the AI4OS platform',
    description: [
      'Run the module in DIR (default: the working directory).',
      '  --target local   in a venv of the module (DIR/.venv, git-ignored): pip install -e ., then',
      '                   deepaas-run on a free port of 127.0.0.1; prints the API and Swagger UI URLs.',
      '  --target nomad   on a Nomad cluster, as the nomad CLI does (NOMAD_ADDR, NOMAD_TOKEN,',
      '                   NOMAD_NAMESPACE, NOMAD_REGION, NOMAD_HTTP_AUTH): nomad/<repo>.nomad.hcl parsed',
      '                   and validated by the cluster, registered (never over an existing job without',
      "                   --update), followed until the task runs; prints the allocation's address.",
      '  --target ai4os   on the AI4OS platform, as the dashboard does (token: AI4OS_TOKEN,',
      '                   --token-stdin or oidc-agent); --status ID, --stop ID, --list for its deployments.',
      '                   With --oscar, as an OSCAR service of the platform: --update NAME, --status NAME,',
      '                   --stop NAME, --invoke REQUEST NAME, --list.',
      '  --target oscar   on an OSCAR cluster (--cluster URL or OSCAR_ENDPOINT; OSCAR_TOKEN, an OIDC token, or',
      '                   OSCAR_USER/OSCAR_PASSWORD, else a prompt): oscar/<repo>.yaml created or updated;',
      '                   --invoke REQUEST calls it, --status, --stop.',
    ].join('\n'),
    // A module directory, or with --target ai4os --status/--stop a deployment ID.
    positionals: [{ name: 'DIR|ID', key: 'target', kind: 'path' }],
    flags: DEPLOY_FLAGS,
    footer: 'Exit codes: 0 done, 1 the deployment failed, 2 bad input, 3 (--status, --logs) not deployed, 130 interrupted.',
    load: () => import('../deploy/command.js'),
  }),
  defineCommand({
    name: 'data',
    summary: "Copy between the module's data/ and your storage on the AI4OS platform",
    description: [
      "Copy between the module's data/ and your storage on the AI4OS platform (Nextcloud), with",
      'rclone configured as the platform configures it in a deployment (a webdav remote, vendor',
      'nextcloud, from the environment; no rclone.conf is read or written).',
      '  ls [PATH]     what the storage folder holds (at PATH)',
      '  pull [PATH]   storage folder/PATH into data/PATH (all of it without PATH); a failed pull changes nothing',
      '  push [PATH]   data/PATH into the storage folder/PATH (all of data/ without PATH)',
      'The storage folder is <repo>/data (--remote): a deployment with storage reads it at',
      "/storage/<repo>/data, where the module's config.py looks first.",
      'Login and app password: AI4OS_STORAGE_USER and AI4OS_STORAGE_PASSWORD, else asked at a',
      'terminal; never taken from the command line, never written. rclone: on PATH, or AI4OS_RCLONE.',
    ].join('\n'),
    positionals: [
      { name: 'ACTION', key: 'action', required: true, choices: ['ls', 'pull', 'push'] },
      { name: 'PATH', key: 'path', kind: 'path' },
    ],
    flags: DATA_FLAGS,
    footer: 'Exit codes: 0 done, 1 the storage refused or rclone failed (what to fix is said), 2 bad input.',
    load: () => import('../storage/command.js'),
  }),
  defineCommand({
    name: 'catalog',
    summary: 'List, search and show the modules of the AI4OS marketplace',
    description: [
      'The modules of the AI4OS marketplace, as the platform API serves them (no token needed).',
      '  list           every module: name, title',
      '  search WORDS   the modules whose name, title, summary, tags, libraries, tasks or categories hold every word',
      "  show NAME      one module's metadata",
    ].join('\n'),
    positionals: [
      { name: 'ACTION', key: 'action', required: true, choices: ['list', 'search', 'show'] },
      { name: 'WORDS|NAME', key: 'words', variadic: true },
    ],
    flags: {
      api: { type: 'string', value: 'URL', help: 'The platform API (default: AI4OS_API, or https://api.cloud.ai4eosc.eu)' },
      json: { type: 'boolean', help: 'Machine-readable output on stdout' },
    },
    load: () => import('../catalog/command.js'),
  }),
  defineCommand({
    name: 'help',
    summary: 'Show the commands, or the help of one (the same as `ai4os-module <command> --help`)',
    description: 'Without COMMAND, list the commands; with it, show what `ai4os-module COMMAND --help` shows.',
    positionals: [{ name: 'COMMAND', key: 'command', kind: 'command' }],
    flags: {},
    load: () => import('./help-command.js'),
  }),
  defineCommand({
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    description: [
      'Print a script that completes the commands, their flags and the values of flags with fixed',
      'choices, for ai4os-module and create-ai4os-module. To use it:',
      '  bash: source <(ai4os-module completion bash)        (e.g. in ~/.bashrc)',
      '  zsh:  source <(ai4os-module completion zsh)         (in ~/.zshrc, after compinit)',
      '  fish: ai4os-module completion fish > ~/.config/fish/completions/ai4os-module.fish',
    ].join('\n'),
    positionals: [{ name: 'SHELL', key: 'shell', required: true, choices: ['bash', 'zsh', 'fish'] }],
    flags: {},
    load: () => import('./completion.js'),
  }),
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

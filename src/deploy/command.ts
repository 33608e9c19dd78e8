/**
 * `ai4os-module deploy [DIR]`: run the module here (--target local, the default), on a Nomad
 * cluster (--target nomad) or on the AI4OS platform (--target ai4os); --status, --logs,
 * --stop and --list find what a deploy started.
 */
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { type Flags, helpLines, intFlag, parseFlags } from './flags.js';
import { readModule } from './module.js';

const FLAGS = {
  target: { type: 'string', arg: 'local|nomad|ai4os', default: 'local', help: 'Where to run the module' },
  status: { type: 'boolean', help: 'Say whether the module runs, and where' },
  logs: { type: 'boolean', help: 'Print the log of the running module' },
  follow: { type: 'boolean', short: 'f', help: 'With --logs: keep printing as the log grows' },
  stop: { type: 'boolean', help: 'Stop the running module' },
  list: { type: 'boolean', help: 'List what runs (local: every module deployed on this machine)' },
  restart: { type: 'boolean', help: 'local: restart a module that is already running' },
  venv: { type: 'string', arg: 'DIR', help: 'local: the venv to install into and run from (created when missing; default DIR/.venv)' },
  python: { type: 'string', arg: 'PATH', default: 'python3', help: 'local: the Python that creates the venv' },
  'skip-install': { type: 'boolean', help: 'local: run from the venv as it is, without `pip install -e .`' },
  port: { type: 'string', arg: 'N', help: 'local: the port on 127.0.0.1 (default: a free one)' },
  docker: { type: 'boolean', help: 'local: build the Dockerfile and run the image with Docker or Podman' },
  update: { type: 'boolean', help: 'nomad: replace a job of the same name that is already registered' },
  purge: { type: 'boolean', help: 'nomad: with --stop, also remove the job from Nomad\'s history' },
  var: { type: 'string', arg: 'KEY=VALUE', multiple: true, help: 'nomad: a variable of the job file (repeatable)' },
  image: { type: 'string', arg: 'NAME', help: 'nomad, ai4os: the Docker image (default: the module\'s docker-image answer)' },
  tag: { type: 'string', arg: 'TAG', help: 'nomad, ai4os: the image tag (default: latest)' },
  datacenter: { type: 'string', arg: 'NAME', help: 'nomad: the datacenter to run in (default: any)' },
  cpu: { type: 'string', arg: 'N', help: 'nomad, ai4os: CPU cores (default: the module\'s answer)' },
  memory: { type: 'string', arg: 'MB', help: 'nomad, ai4os: memory (default: the module\'s answer)' },
  gpu: { type: 'string', arg: 'N', help: 'ai4os: GPUs (default: the module\'s answer)' },
  'gpu-type': { type: 'string', arg: 'MODEL', help: 'ai4os: a GPU model the platform lists' },
  disk: { type: 'string', arg: 'MB', help: 'ai4os: disk (default: the platform\'s)' },
  service: { type: 'string', arg: 'deepaas|jupyter', help: 'ai4os: what the container serves (jupyter: password in AI4OS_JUPYTER_PASSWORD)' },
  vo: { type: 'string', arg: 'VO', default: 'vo.ai4eosc.eu', help: 'ai4os: the virtual organisation to deploy in' },
  api: { type: 'string', arg: 'URL', help: 'ai4os: the platform API (default: AI4OS_API, or https://api.cloud.ai4eosc.eu)' },
  'token-stdin': { type: 'boolean', help: 'ai4os: read the token from standard input (else AI4OS_TOKEN, else oidc-agent)' },
  'oidc-account': { type: 'string', arg: 'NAME', help: 'ai4os: the oidc-agent account (default: OIDC_ACCOUNT)' },
  wait: { type: 'boolean', help: 'ai4os: wait until the deployment runs, then print its endpoints' },
  try: { type: 'boolean', help: 'ai4os: a 10-minute try-me deployment of the module as the catalog has it' },
  timeout: { type: 'string', arg: 'SECONDS', default: '300', help: 'How long to wait for the API to answer' },
  json: { type: 'boolean', help: 'Machine-readable output on stdout' },
  help: { type: 'boolean', short: 'h', help: 'Show this help' },
} satisfies Flags;

export const HELP = `Usage: ai4os-module deploy [DIR] [options]

Run the module in DIR (default: the working directory).
  --target local   in a venv of the module (DIR/.venv, git-ignored): pip install -e ., then
                   deepaas-run on a free port of 127.0.0.1; prints the API and Swagger UI URLs.
  --target nomad   on a Nomad cluster, as the nomad CLI does (NOMAD_ADDR, NOMAD_TOKEN,
                   NOMAD_NAMESPACE, NOMAD_REGION, NOMAD_HTTP_AUTH): nomad/<repo>.nomad.hcl parsed
                   and validated by the cluster, registered (never over an existing job without
                   --update), followed until the task runs; prints the allocation's address.
  --target ai4os   on the AI4OS platform, as the dashboard does (token: AI4OS_TOKEN,
                   --token-stdin or oidc-agent); --status ID, --stop ID, --list for its deployments.

Options:
${helpLines(FLAGS).join('\n')}

Exit codes: 0 done, 1 the deployment failed, 2 bad input, 3 (--status, --logs) not deployed, 130 interrupted.
`;

export async function main(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, 'deploy');
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UserError(`Expected one module directory, got ${positionals.length}: ${positionals.join(' ')}`, 'See ai4os-module deploy --help.');
  const actions = (['status', 'logs', 'stop', 'list'] as const).filter((a) => values[a]);
  if (actions.length > 1) throw new UserError(`--${actions[0]} and --${actions[1]} cannot be combined.`, 'Give one of --status, --logs, --stop, --list.');
  const dir = resolve(cwd, positionals[0] ?? '.');
  const timeoutSeconds = intFlag('timeout', values.timeout, 1, 86_400)!;

  if (values.target === 'local') {
    const local = await import('./local/local.js');
    if (values.list) return local.listLocal(values.json === true);
    const module = readModule(dir);
    if (values.status) return local.statusLocal(module, values.json === true);
    if (values.logs) return local.logsLocal(module, values.follow === true);
    if (values.stop) return local.stopLocal(module, values.json === true);
    return local.deployLocal(module, {
      venv: values.venv === undefined ? undefined : resolve(cwd, values.venv),
      python: values.python,
      port: intFlag('port', values.port, 1, 65_535),
      restart: values.restart === true,
      docker: values.docker === true,
      install: values['skip-install'] !== true,
      timeoutSeconds,
      json: values.json === true,
    });
  }
  if (values.target === 'nomad') {
    const nomad = await import('./nomad/nomad.js');
    if (values.list) return nomad.listNomad(values.json === true);
    const module = readModule(dir);
    const variables = jobVariables(module.dockerImage, values);
    if (values.status) return nomad.statusNomad(module, variables, values.json === true);
    if (values.logs) return nomad.logsNomad(module, variables, values.follow === true);
    if (values.stop) return nomad.stopNomad(module, variables, values.purge === true, values.json === true);
    return nomad.deployNomad(module, {
      update: values.update === true,
      variables,
      cpu: intFlag('cpu', values.cpu, 1, 1024),
      memory: intFlag('memory', values.memory, 1, 10_000_000),
      timeoutSeconds,
      json: values.json === true,
    });
  }
  if (values.target === 'ai4os') {
    const [{ Papi, platformApi }, { platformToken }, ai4os] = await Promise.all([import('./ai4os/papi.js'), import('./ai4os/token.js'), import('./ai4os/ai4os.js')]);
    const base = platformApi(values.api);
    const papi = new Papi(base, await platformToken({ tokenStdin: values['token-stdin'] === true, oidcAccount: values['oidc-account'] }));
    const json = values.json === true;
    if (values.list) return ai4os.listAi4os(papi, values.vo, json);
    if (values.status || values.stop) {
      const id = positionals[0];
      if (!id) throw new UserError(`--${values.status ? 'status' : 'stop'} needs the deployment ID (--list shows them).`);
      return values.status ? ai4os.statusAi4os(papi, id, values.vo, json) : ai4os.stopAi4os(papi, id, values.vo, json);
    }
    if (values.logs) throw new UserError('The platform API serves no logs of a deployment.', 'Open the deployment\'s monitor endpoint, or the dashboard.');
    const module = readModule(dir);
    if (values.try) return ai4os.tryAi4os(papi, module.repoName, module.title, json);
    return ai4os.deployAi4os(papi, module, {
      api: base,
      vo: values.vo,
      image: values.image,
      tag: values.tag,
      service: values.service,
      cpu: intFlag('cpu', values.cpu, 0, 1024),
      memory: intFlag('memory', values.memory, 0, 10_000_000),
      gpu: intFlag('gpu', values.gpu, 0, 64),
      gpuType: values['gpu-type'],
      disk: intFlag('disk', values.disk, 0, 10_000_000),
      wait: values.wait === true,
      timeoutSeconds,
      json,
    });
  }
  throw new UserError(`--target ${values.target}: unknown target.`, 'Choose local, nomad or ai4os.');
}

/** The job file's variables: the module's image, then --image/--tag/--datacenter, then each --var. */
function jobVariables(dockerImage: string, values: { var?: string[]; image?: string; tag?: string; datacenter?: string }): Record<string, string> {
  const variables: Record<string, string> = { image: values.image ?? dockerImage };
  if (values.tag !== undefined) variables.image_tag = values.tag;
  if (values.datacenter !== undefined) variables.datacenter = values.datacenter;
  for (const pair of values.var ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)=(.*)$/s.exec(pair);
    if (!match) throw new UserError(`--var ${pair}: expected KEY=VALUE.`, 'For example --var image_tag=1.0.0.');
    variables[match[1]!] = match[2]!;
  }
  return variables;
}

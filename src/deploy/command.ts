/**
 * `ai4os-module deploy [DIR]`: run the module here (--target local, the default), on a Nomad
 * cluster (--target nomad) or on the AI4OS platform (--target ai4os); --status, --logs,
 * --stop and --list find what a deploy started.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { DEPLOY_FLAGS } from '../cli/commands.js';
import type { CommandArgs, FlagValues } from '../cli/spec.js';
import { intFlag } from './flags.js';
import { readModule } from './module.js';

export async function main({
  flags: values,
  positionals: { target },
  cwd,
}: CommandArgs<typeof DEPLOY_FLAGS, readonly [{ name: 'DIR|ID'; key: 'target'; kind: 'path' }]>): Promise<number> {
  const actions = (['status', 'logs', 'stop', 'list'] as const).filter((a) => values[a]);
  if (actions.length > 1)
    throw new UserError(`--${actions[0]} and --${actions[1]} cannot be combined.`, 'Give one of --status, --logs, --stop, --list.');
  const dir = resolve(cwd, target ?? '.');
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
    const [{ Papi, platformApi }, { platformToken }, ai4os] = await Promise.all([
      import('./ai4os/papi.js'),
      import('./ai4os/token.js'),
      import('./ai4os/ai4os.js'),
    ]);
    const base = platformApi(values.api);
    const papi = new Papi(base, await platformToken({ tokenStdin: values['token-stdin'] === true, oidcAccount: values['oidc-account'] }));
    const json = values.json === true;
    if (values['federated-server']) return federatedServer(papi, cwd, target, values, timeoutSeconds);
    if (values.list) return ai4os.listAi4os(papi, values.vo, json);
    if (values.status || values.stop) {
      const id = target;
      if (!id) throw new UserError(`--${values.status ? 'status' : 'stop'} needs the deployment ID (--list shows them).`);
      return values.status ? ai4os.statusAi4os(papi, id, values.vo, json) : ai4os.stopAi4os(papi, id, values.vo, json);
    }
    if (values.logs)
      throw new UserError('The platform API serves no logs of a deployment.', "Open the deployment's monitor endpoint, or the dashboard.");
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

/** `--federated-server`: the platform's Flower server for the module's clients (ai4os/federated-server.ts). */
async function federatedServer(
  papi: import('./ai4os/papi.js').Papi,
  cwd: string,
  target: string | undefined,
  values: FlagValues<typeof DEPLOY_FLAGS>,
  timeoutSeconds: number,
): Promise<number> {
  const fed = await import('./ai4os/federated-server.js');
  const json = values.json === true;
  if (values.list) return fed.listFederatedServers(papi, values.vo, json);
  if (values.stop) {
    if (!target) throw new UserError('--stop needs the ID of the federated server (--federated-server --list shows them).');
    return fed.stopFederatedServer(papi, target, values.vo, json);
  }
  if (values.logs)
    throw new UserError('The platform API serves no logs of a deployment.', "Open the server's monitor endpoint, or the dashboard.");
  if (values.status) {
    if (!target) throw new UserError('--status needs the ID of the federated server (--federated-server --list shows them).');
    // Run in the module's directory, the status also says how its clients start.
    const module = existsSync(join(cwd, '.yo-rc.json')) ? readModule(cwd) : undefined;
    return fed.statusFederatedServer(papi, module?.packageName, target, values.vo, json);
  }
  return fed.deployFederatedServer(papi, readModule(resolve(cwd, target ?? '.')), {
    vo: values.vo,
    tag: values.tag,
    rounds: intFlag('rounds', values.rounds, 1, 100_000),
    strategy: values.strategy,
    minClients: intFlag('min-clients', values['min-clients'], 2, 100_000),
    metric: values.metric,
    cpu: intFlag('cpu', values.cpu, 0, 1024),
    memory: intFlag('memory', values.memory, 0, 10_000_000),
    disk: intFlag('disk', values.disk, 0, 10_000_000),
    wait: values.wait === true,
    timeoutSeconds,
    json,
  });
}

/** The job file's variables: the module's image, then --image/--tag/--datacenter, then each --var. */
function jobVariables(
  dockerImage: string,
  values: { var?: string[]; image?: string; tag?: string; datacenter?: string },
): Record<string, string> {
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

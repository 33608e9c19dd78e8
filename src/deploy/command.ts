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
import type { Secret } from '../http.js';
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
    if (values.dataset.length > 0) throw new UserError('--dataset: only the platform downloads datasets (--target ai4os).');
    const storage = values.storage ? await nomadStorage(values) : {};
    return nomad.deployNomad(module, {
      update: values.update === true,
      // --var still has the last word.
      variables: { ...storage, ...variables },
      secrets: storage.rclone_password ? [storage.rclone_password] : [],
      cpu: intFlag('cpu', values.cpu, 1, 1024),
      memory: intFlag('memory', values.memory, 1, 10_000_000),
      timeoutSeconds,
      json: values.json === true,
    });
  }
  if (values.target === 'oscar') return oscarTarget(values, dir, cwd, timeoutSeconds);
  if (values.target === 'ai4os') {
    const [{ Papi, platformApi }, { platformToken }, ai4os] = await Promise.all([
      import('./ai4os/papi.js'),
      import('./ai4os/token.js'),
      import('./ai4os/ai4os.js'),
    ]);
    const base = platformApi(values.api);
    const token = await platformToken({ tokenStdin: values['token-stdin'] === true, oidcAccount: values['oidc-account'] });
    if (values.oscar) return platformOscarTarget(values, target, dir, cwd, base, token);
    const storage = values.storage ? await deployStorage(values) : undefined;
    const papi = new Papi(base, token, storage ? [storage.password.value] : []);
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
      storage,
      datasets: values.dataset,
      wait: values.wait === true,
      timeoutSeconds,
      json,
    });
  }
  throw new UserError(`--target ${values.target}: unknown target.`, 'Choose local, nomad, ai4os or oscar.');
}

type DeployValues = FlagValues<typeof DEPLOY_FLAGS>;

function serviceFlags(values: DeployValues) {
  return {
    image: values.image,
    tag: values.tag,
    cpu: intFlag('cpu', values.cpu, 1, 1024),
    memory: intFlag('memory', values.memory, 1, 10_000_000),
  };
}

/** `--target oscar`: the module's oscar/<repo>.yaml on an OSCAR cluster. */
async function oscarTarget(values: DeployValues, dir: string, cwd: string, timeoutSeconds: number): Promise<number> {
  if (values.list || values.logs)
    throw new UserError(
      `--target oscar has no --${values.list ? 'list' : 'logs'}.`,
      'Use --status, --stop or --invoke, or the OSCAR dashboard.',
    );
  const [{ OscarApi }, { oscarAuth, oscarCluster, terminalPassword }, oscar, { readOscarService }] = await Promise.all([
    import('./oscar/api.js'),
    import('./oscar/credentials.js'),
    import('./oscar/oscar.js'),
    import('../module-files/oscar-service.js'),
  ]);
  const cluster = oscarCluster(values.cluster);
  const module = readModule(dir);
  const service = oscar.withOverrides(readOscarService(module.dir, module.repoName), serviceFlags(values));
  const request = values.invoke === undefined ? undefined : oscar.invokeRequest(values.invoke, cwd);
  const tokenStdin = values['token-stdin'] === true;
  const auth = await oscarAuth({ tokenStdin, prompt: tokenStdin ? undefined : await terminalPassword() });
  const api = new OscarApi(cluster, auth, timeoutSeconds * 1000);
  const json = values.json === true;
  if (values.status) return oscar.statusOscar(api, service.name, json);
  if (values.stop) return oscar.stopOscar(api, service.name, json);
  if (request) return oscar.invokeOscar(api, service.name, request);
  return oscar.deployOscar(api, service, json);
}

/** `--target ai4os --oscar`: an OSCAR service of the platform, named by the platform (the positional NAME). */
async function platformOscarTarget(
  values: DeployValues,
  target: string | undefined,
  dir: string,
  cwd: string,
  base: string,
  token: Secret,
): Promise<number> {
  const { PlatformOscar, ...ai4os } = await import('./ai4os/oscar.js');
  const papi = new PlatformOscar(base, token);
  const json = values.json === true;
  if (values.list) return ai4os.listPlatformOscar(papi, values.vo, json);
  if (values.logs) throw new UserError('The platform API serves no logs of an OSCAR service.', 'Open the OSCAR dashboard of the cluster.');
  const named = (['status', 'stop', 'invoke', 'update'] as const).find((a) => (a === 'invoke' ? values.invoke !== undefined : values[a]));
  if (named && !target) throw new UserError(`--oscar --${named} needs the service NAME (--oscar --list shows them).`);
  const name = target!;
  if (values.status) return ai4os.statusPlatformOscar(papi, values.vo, name, json);
  if (values.stop) return ai4os.stopPlatformOscar(papi, values.vo, name, json);
  if (values.invoke !== undefined) {
    const { invokeRequest } = await import('./oscar/oscar.js');
    return ai4os.invokePlatformOscar(papi, values.vo, name, invokeRequest(values.invoke, cwd), token);
  }
  const module = readModule(values.update ? cwd : dir);
  return ai4os.deployPlatformOscar(papi, module, { vo: values.vo, ...serviceFlags(values), json }, values.update ? name : undefined);
}

/** --storage: the storage login of a new deployment (from the environment, or asked at a terminal). */
async function deployStorage(values: DeployValues) {
  const other = (['list', 'status', 'stop', 'logs', 'try'] as const).find((a) => values[a]);
  if (other) throw new UserError(`--storage and --${other} cannot be combined.`, '--storage is for a new deployment.');
  const { storageCredentials } = await import('../storage/credentials.js');
  return storageCredentials({});
}

/** --storage on Nomad: the job file's rclone_* variables, the password obscured as rclone's configuration wants it. */
async function nomadStorage(values: DeployValues): Promise<Record<string, string>> {
  const credentials = await deployStorage(values);
  const { findRclone, obscure } = await import('../storage/rclone.js');
  return {
    rclone_url: credentials.url,
    rclone_user: credentials.user,
    rclone_password: await obscure(findRclone(), credentials.password.value),
  };
}

/** `--federated-server`: the platform's Flower server for the module's clients (ai4os/federated-server.ts). */
async function federatedServer(
  papi: import('./ai4os/papi.js').Papi,
  cwd: string,
  target: string | undefined,
  values: DeployValues,
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

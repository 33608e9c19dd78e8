/**
 * `deploy --target ai4os`: the module deployed by the AI4OS platform API, as the dashboard
 * does it: a configuration (general, hardware) from the module's answers and the flags,
 * checked against the platform's ranges and image rule before it is sent; POST never
 * repeated (a repeat would start a second deployment): an unanswered one is reconciled by listing.
 */
import { UserError } from '../../errors.js';
import { HttpError } from '../../http.js';
import type { StorageCredentials } from '../../storage/credentials.js';
import type { ModuleFacts } from '../module.js';
import { pause } from '../local/processes.js';
import type { ConfField, Deployment, DeploymentKind, ModuleConf, Papi } from './papi.js';

export interface Ai4osOptions {
  api: string;
  vo: string;
  image?: string;
  tag?: string;
  service?: string;
  cpu?: number;
  memory?: number;
  gpu?: number;
  gpuType?: string;
  disk?: number;
  /** --storage: the user's storage mounted at /storage, as the dashboard's storage settings do. */
  storage?: StorageCredentials;
  /** --dataset: DOIs or URLs the platform downloads into the storage before the module starts. */
  datasets: string[];
  wait: boolean;
  timeoutSeconds: number;
  json: boolean;
}

/** The platform's defaults and ranges (ai4-papi etc/modules/user.yaml), for a module not in the catalog. */
const DOCUMENTED: ModuleConf = {
  general: {
    docker_tag: { value: 'latest' },
    service: { value: 'deepaas', options: ['deepaas', 'jupyter'] },
  },
  hardware: {
    cpu_num: { value: 4, range: [1, 10] },
    gpu_num: { value: 0, range: [0, 1] },
    gpu_type: { value: '' },
    ram: { value: 8000, range: [2000, 40000] },
    disk: { value: 10000, range: [1000, 50000] },
  },
  storage: {
    rclone_conf: { value: '/srv/.rclone/rclone.conf' },
    rclone_vendor: { value: 'nextcloud', options: ['nextcloud'] },
  },
};

const IMAGE_PREFIXES = ['ai4oshub/', 'deephdc/', 'registry.cloud.ai4eosc.eu/'];

function field(
  conf: ModuleConf,
  group: string,
  key: string,
): { value: unknown; range?: [number | null, number | null]; options?: unknown[] } {
  return conf[group]?.[key] ?? DOCUMENTED[group]?.[key] ?? { value: undefined };
}

export function inRange(flag: string, value: number, f: Pick<ConfField, 'range'>, vo: string): number {
  const [min, max] = f.range ?? [null, null];
  if ((min !== null && value < min) || (max !== null && value > max)) {
    throw new UserError(
      `--${flag} ${value}: the platform allows ${min ?? '…'} to ${max ?? '…'} in ${vo}.`,
      `Choose a value in that range.`,
    );
  }
  return value;
}

/** The configuration the platform receives (only the keys it knows: an unknown key is a 400 there). */
export function deploymentConf(module: ModuleFacts, options: Ai4osOptions, conf: ModuleConf): Record<string, Record<string, unknown>> {
  const image = options.image ?? module.dockerImage;
  if (!IMAGE_PREFIXES.some((prefix) => image.startsWith(prefix))) {
    throw new UserError(
      `Image ${image}: the platform runs only images under ${IMAGE_PREFIXES.join(', ')}.`,
      'Push the image there (the hub builds ai4oshub/<repo> for catalog modules), or give one with --image.',
    );
  }
  const service = options.service ?? String(field(conf, 'general', 'service').value ?? 'deepaas');
  const services = field(conf, 'general', 'service').options ?? ['deepaas', 'jupyter'];
  if (!services.includes(service)) throw new UserError(`--service ${service}: the platform offers ${services.join(', ')}.`);
  const general: Record<string, unknown> = {
    title: module.title.slice(0, 45),
    desc: module.description.slice(0, 1000),
    docker_image: image,
    docker_tag: options.tag ?? String(field(conf, 'general', 'docker_tag').value ?? 'latest'),
    service,
  };
  if (service !== 'deepaas') {
    const password = process.env.AI4OS_JUPYTER_PASSWORD ?? '';
    if (password.length < 9)
      throw new UserError(
        `--service ${service} needs a password of at least 9 characters for the IDE.`,
        'Set it in AI4OS_JUPYTER_PASSWORD (never on the command line).',
      );
    general.jupyter_password = password;
  }
  const gpuType = options.gpuType ?? String(field(conf, 'hardware', 'gpu_type').value ?? '');
  const gpuTypes = field(conf, 'hardware', 'gpu_type').options;
  if (gpuType && gpuTypes && !gpuTypes.includes(gpuType))
    throw new UserError(`--gpu-type ${gpuType}: the platform has ${gpuTypes.filter(Boolean).join(', ') || 'no GPU models listed'}.`);
  const hardware = {
    cpu_num: inRange('cpu', options.cpu ?? module.cpu, field(conf, 'hardware', 'cpu_num'), options.vo),
    gpu_num: inRange('gpu', options.gpu ?? module.gpu, field(conf, 'hardware', 'gpu_num'), options.vo),
    gpu_type: gpuType,
    ram: inRange('memory', options.memory ?? module.memory, field(conf, 'hardware', 'ram'), options.vo),
    disk: inRange(
      'disk',
      options.disk ?? Number(field(conf, 'hardware', 'disk').value ?? 10000),
      field(conf, 'hardware', 'disk'),
      options.vo,
    ),
  };
  if (options.datasets.length > 0 && !options.storage)
    throw new UserError('--dataset needs --storage: the platform downloads datasets into your storage.', 'Add --storage.');
  if (!options.storage) return { general, hardware };
  // The platform mounts the storage only when every rclone field is filled; it obscures the password itself.
  const storage = {
    rclone_conf: String(field(conf, 'storage', 'rclone_conf').value),
    rclone_url: options.storage.url,
    rclone_vendor: String(field(conf, 'storage', 'rclone_vendor').value),
    rclone_user: options.storage.user,
    rclone_password: options.storage.password.value,
    datasets: options.datasets.map((doi) => ({ doi, force_pull: false })),
  };
  return { general, hardware, storage };
}

function endpoints(d: Deployment): string {
  return Object.entries(d.endpoints ?? {})
    .map(([name, url]) => `  ${`${name}:`.padEnd(9)}${url}`)
    .join('\n');
}

/** A POST that got no answer: did it create the deployment? Look for ours among the newest. */
async function reconcile(papi: Papi, vo: string, title: string, since: number): Promise<Deployment | undefined> {
  const listed = await papi.list(vo).catch(() => []);
  return listed.find((d) => d.title === title && (!d.submit_time || Date.parse(`${d.submit_time.replace(' ', 'T')}Z`) >= since - 120_000));
}

export async function deployAi4os(papi: Papi, module: ModuleFacts, options: Ai4osOptions): Promise<number> {
  const catalogConf = (await papi.config(module.repoName, options.vo)) ?? {};
  const conf = deploymentConf(module, options, catalogConf);
  const title = String(conf.general!.title);
  const started = Date.now();
  process.stderr.write(`Creating a deployment of ${conf.general!.docker_image}:${conf.general!.docker_tag} in ${options.vo}…\n`);
  let id: string;
  try {
    id = await papi.create(options.vo, conf);
  } catch (error) {
    if (!(error instanceof HttpError) || !error.uncertain) throw error;
    const found = await reconcile(papi, options.vo, title, started);
    if (!found) throw error;
    process.stderr.write(`The platform did not confirm, but the deployment exists: ${found.job_ID}.\n`);
    id = found.job_ID;
  }
  let deployment: Deployment | undefined = { job_ID: id, status: 'queued' };
  if (options.wait) deployment = await waitRunning(papi, id, options);
  if (options.json) process.stdout.write(`${JSON.stringify({ ...deployment, vo: options.vo })}\n`);
  else {
    process.stdout.write(
      `Deployment ${id} in ${options.vo}: ${deployment.status}\n${endpoints(deployment)}${deployment.endpoints ? '\n' : ''}`,
    );
    if (!options.wait) process.stdout.write(`Follow it with: ai4os-module deploy --target ai4os --vo ${options.vo} --status ${id}\n`);
  }
  return 0;
}

export async function waitRunning(
  papi: Papi,
  id: string,
  options: Pick<Ai4osOptions, 'vo' | 'timeoutSeconds'>,
  kind: DeploymentKind = 'modules',
): Promise<Deployment> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const stop = new AbortController();
  for (;;) {
    const d = await papi.get(id, options.vo, kind);
    if (d?.status === 'running') return d;
    if (d && ['error', 'failed', 'down', 'dead', 'complete'].includes(d.status)) {
      throw new UserError(
        `Deployment ${id} is ${d.status}${d.error_msg ? `: ${d.error_msg}` : ''}.`,
        `Remove it with --stop ${id}, change what the message names and deploy again.`,
        1,
      );
    }
    if (Date.now() > deadline)
      throw new UserError(
        `Deployment ${id} was not running within ${options.timeoutSeconds} s (${d?.status ?? 'not listed'}).`,
        `It may still start: --status ${id}.`,
        1,
      );
    await pause(2000, stop.signal);
  }
}

export async function tryAi4os(papi: Papi, name: string, title: string, json: boolean): Promise<number> {
  const id = await papi.tryMe(name, title);
  process.stdout.write(
    json
      ? `${JSON.stringify({ job_ID: id, status: 'queued' })}\n`
      : `Try-me deployment ${id} of ${name} created (it ends by itself after 10 minutes).\n`,
  );
  return 0;
}

export async function listAi4os(papi: Papi, vo: string, json: boolean): Promise<number> {
  const list = await papi.list(vo);
  if (json) process.stdout.write(`${JSON.stringify(list)}\n`);
  else if (list.length === 0) process.stdout.write(`No deployments in ${vo}.\n`);
  else
    for (const d of list)
      process.stdout.write(`${d.job_ID}  ${d.status.padEnd(9)} ${d.title ?? ''}${d.endpoints?.api ? `  ${d.endpoints.api}` : ''}\n`);
  return 0;
}

export async function statusAi4os(papi: Papi, id: string, vo: string, json: boolean): Promise<number> {
  const d = await papi.get(id, vo);
  if (!d) throw new UserError(`No deployment ${id} in ${vo}.`, `--list shows the deployments of ${vo}.`, 3);
  if (json) process.stdout.write(`${JSON.stringify(d)}\n`);
  else
    process.stdout.write(
      `Deployment ${id} (${d.title ?? ''}) in ${vo}: ${d.status}${d.error_msg ? `: ${d.error_msg}` : ''}\n${endpoints(d)}\n`,
    );
  return 0;
}

export async function stopAi4os(papi: Papi, id: string, vo: string, json: boolean): Promise<number> {
  await papi.remove(id, vo);
  process.stdout.write(json ? `${JSON.stringify({ job_ID: id, status: 'deleted' })}\n` : `Deleted deployment ${id} in ${vo}.\n`);
  return 0;
}

/**
 * `deploy --target ai4os --oscar`: the module as an OSCAR service of the platform, through
 * the platform API's `/v1/inference/oscar/services` routes (ai4-papi routers/v1/inference/oscar.py).
 * Its quirks, as read from its source: the service is named by the platform
 * (`ai4papi-<uuid>`), only `general.docker_image` is used (the tag is ignored: OSCAR pulls
 * `:latest`), and the delete reads the name from the query (`service_name`), not the path.
 */
import { UserError } from '../../errors.js';
import { HttpClient, HttpError, type Secret } from '../../http.js';
import type { ModuleFacts } from '../module.js';
import { TOKEN_REJECTED, platformClient } from './papi.js';
import { printRun } from '../oscar/oscar.js';

/** The platform's ranges for an OSCAR service (ai4-papi etc/oscar/user.yaml): CPU cores, memory in MB. */
const CPU = [1, 8] as const;
const RAM = [1000, 8000] as const;

export interface PlatformService {
  name: string;
  image?: string;
  cpu?: string;
  memory?: string;
  endpoint?: string;
  token?: string;
  environment?: { Variables?: Record<string, string> };
  [key: string]: unknown;
}

export interface PlatformOscarOptions {
  vo: string;
  image?: string;
  tag?: string;
  cpu?: number;
  memory?: number;
  json: boolean;
}

function inRange(flag: string, value: number, range: readonly [number, number]): number {
  if (value < range[0] || value > range[1])
    throw new UserError(
      `--${flag} ${value}: the platform allows ${range[0]} to ${range[1]} for an OSCAR service.`,
      'Choose a value in that range.',
    );
  return value;
}

/** The configuration PAPI takes: its modules' keys (an unknown one is a 400), the image without a tag. */
export function oscarConf(module: ModuleFacts, options: PlatformOscarOptions): Record<string, Record<string, unknown>> {
  const image = options.image ?? module.dockerImage;
  if (/:[^/]*$/.test(image))
    throw new UserError(`--image ${image}: the platform takes the image without a tag (OSCAR runs :latest).`, 'Give the name alone.');
  return {
    general: { title: module.title.slice(0, 45), desc: module.description.slice(0, 1000), docker_image: image },
    hardware: {
      cpu_num: inRange('cpu', options.cpu ?? module.cpu, CPU),
      ram: inRange('memory', options.memory ?? module.memory, RAM),
    },
  };
}

export class PlatformOscar {
  private readonly http: HttpClient;

  constructor(
    readonly base: string,
    token: Secret,
  ) {
    this.http = platformClient(base, token);
  }

  private hints(vo: string): Partial<Record<number, string>> {
    return {
      401: TOKEN_REJECTED,
      403: `The token's account may not use OSCAR in ${vo}: it needs the role access:${vo}:ap-u, or choose another --vo.`,
    };
  }

  async create(vo: string, conf: unknown): Promise<string> {
    const response = await this.http.post<unknown>('/v1/inference/oscar/services', { query: { vo }, json: conf, hints: this.hints(vo) });
    if (typeof response.data !== 'string') throw new UserError('The platform answered without the name of the service.', undefined, 1);
    return response.data;
  }

  async update(vo: string, name: string, conf: unknown): Promise<void> {
    await this.http.request('PUT', `/v1/inference/oscar/services/${encodeURIComponent(name)}`, {
      query: { vo },
      json: conf,
      hints: this.hints(vo),
    });
  }

  async list(vo: string): Promise<PlatformService[]> {
    return (await this.http.get<PlatformService[]>('/v1/inference/oscar/services', { query: { vo }, hints: this.hints(vo) })).data ?? [];
  }

  async get(vo: string, name: string): Promise<PlatformService | undefined> {
    const response = await this.http.get<PlatformService>(`/v1/inference/oscar/services/${encodeURIComponent(name)}`, {
      query: { vo },
      accept: [404],
      hints: this.hints(vo),
    });
    return response.status === 404 ? undefined : response.data;
  }

  async remove(vo: string, name: string): Promise<void> {
    // The route reads the name from the query; the path segment is not used.
    await this.http.request('DELETE', `/v1/inference/oscar/services/${encodeURIComponent(name)}`, {
      query: { vo, service_name: name },
      hints: this.hints(vo),
    });
  }

  /** A synchronous run on the cluster, with the service's token (or the user's, which OSCAR also takes). */
  run(service: PlatformService, request: unknown, userToken: Secret) {
    if (!service.endpoint) throw new UserError(`The platform gave no endpoint for ${service.name}.`, undefined, 1);
    const token = service.token ? { value: service.token, source: 'the service token' } : userToken;
    const http = new HttpClient({
      baseUrl: service.endpoint,
      service: `the OSCAR service ${service.name}`,
      auth: { scheme: 'Bearer', secret: token },
    });
    return http.post(service.endpoint, { json: request });
  }
}

function tagIgnored(options: PlatformOscarOptions): void {
  if (options.tag !== undefined)
    process.stderr.write(`Note: the platform ignores --tag for OSCAR services; OSCAR runs the image's latest tag.\n`);
}

/** A create whose answer was lost: the platform may have made the service; look for ours by title. */
async function reconcile(papi: PlatformOscar, vo: string, title: string): Promise<string | undefined> {
  const listed = await papi.list(vo).catch(() => []);
  return listed.filter((s) => s.environment?.Variables?.PAPI_TITLE === title).at(-1)?.name;
}

export async function deployPlatformOscar(
  papi: PlatformOscar,
  module: ModuleFacts,
  options: PlatformOscarOptions,
  update?: string,
): Promise<number> {
  const conf = oscarConf(module, options);
  tagIgnored(options);
  let name: string;
  if (update) {
    if (!(await papi.get(options.vo, update))) throw new UserError(`No OSCAR service ${update} in ${options.vo}.`, '--list shows them.', 3);
    process.stderr.write(`Updating the OSCAR service ${update} in ${options.vo}…\n`);
    await papi.update(options.vo, update, conf);
    name = update;
  } else {
    process.stderr.write(`Creating an OSCAR service of ${String(conf.general!.docker_image)} in ${options.vo}…\n`);
    try {
      name = await papi.create(options.vo, conf);
    } catch (error) {
      if (!(error instanceof HttpError) || !error.uncertain) throw error;
      const found = await reconcile(papi, options.vo, String(conf.general!.title));
      if (!found) throw error;
      process.stderr.write(`The platform did not confirm, but the service exists: ${found}.\n`);
      name = found;
    }
  }
  const service = await papi.get(options.vo, name);
  const status = update ? 'updated' : 'created';
  if (options.json) process.stdout.write(`${JSON.stringify({ name, status, vo: options.vo, endpoint: service?.endpoint })}\n`);
  else
    process.stdout.write(
      `OSCAR service ${name} ${status} in ${options.vo}\n${service?.endpoint ? `  endpoint: ${service.endpoint}\n` : ''}` +
        `Call it with: ai4os-module deploy --target ai4os --oscar --vo ${options.vo} --invoke '{"help": ""}' ${name}\n`,
    );
  return 0;
}

async function found(papi: PlatformOscar, vo: string, name: string): Promise<PlatformService> {
  const service = await papi.get(vo, name);
  if (!service) throw new UserError(`No OSCAR service ${name} in ${vo}.`, `--oscar --list shows the services of ${vo}.`, 3);
  return service;
}

export async function listPlatformOscar(papi: PlatformOscar, vo: string, json: boolean): Promise<number> {
  const list = await papi.list(vo);
  if (json) process.stdout.write(`${JSON.stringify(list.map(({ token: _t, script: _s, ...s }) => s))}\n`);
  else if (list.length === 0) process.stdout.write(`No OSCAR services in ${vo}.\n`);
  else for (const s of list) process.stdout.write(`${s.name}  ${s.environment?.Variables?.PAPI_TITLE ?? ''}  ${s.endpoint ?? ''}\n`);
  return 0;
}

export async function statusPlatformOscar(papi: PlatformOscar, vo: string, name: string, json: boolean): Promise<number> {
  const { token: _token, script: _script, ...service } = await found(papi, vo, name);
  if (json) process.stdout.write(`${JSON.stringify(service)}\n`);
  else
    process.stdout.write(
      `OSCAR service ${name} in ${vo}: ${service.image ?? ''}, cpu ${service.cpu ?? '?'}, memory ${service.memory ?? '?'}\n` +
        `  endpoint: ${service.endpoint ?? '(none)'}\n`,
    );
  return 0;
}

export async function stopPlatformOscar(papi: PlatformOscar, vo: string, name: string, json: boolean): Promise<number> {
  await found(papi, vo, name);
  await papi.remove(vo, name);
  process.stdout.write(json ? `${JSON.stringify({ name, status: 'deleted' })}\n` : `Deleted the OSCAR service ${name} in ${vo}.\n`);
  return 0;
}

export async function invokePlatformOscar(
  papi: PlatformOscar,
  vo: string,
  name: string,
  request: Record<string, unknown>,
  userToken: Secret,
): Promise<number> {
  return printRun(await papi.run(await found(papi, vo, name), request, userToken));
}

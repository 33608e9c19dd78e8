/** The AI4OS platform API (ai4os/ai4-papi), the routes deploy and catalog use. */
import { UserError } from '../../errors.js';
import { HttpClient, type HttpClientOptions, type Secret } from '../../http.js';

export const DEFAULT_API = 'https://api.cloud.ai4eosc.eu';

export function platformApi(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const api = (flag ?? env.AI4OS_API ?? DEFAULT_API).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(api)) throw new UserError(`${flag ? '--api' : 'AI4OS_API'} ${api}: must start with https:// (or http://).`);
  return api;
}

/** The HTTP client of every call to the platform API at `base`, signed with `token` when there is one. */
export function platformClient(base: string, token?: Secret, options: Pick<HttpClientOptions, 'secrets' | 'timeoutMs' | 'retries'> = {}) {
  return new HttpClient({
    baseUrl: base,
    service: `the AI4OS platform (${base})`,
    headers: { Accept: 'application/json' },
    auth: token && { scheme: 'Bearer', secret: token },
    ...options,
  });
}

/** What the platform's 401 means, for any route. */
export const TOKEN_REJECTED =
  "The token was rejected (expired or not from the platform's Keycloak): get a new one (oidc-token) and try again.";

/** A field of the platform's configuration, as `/catalog/modules/<name>/config` describes it. */
export interface ConfField {
  name?: string;
  value: unknown;
  range?: [number | null, number | null];
  options?: unknown[];
  description?: string;
}
export type ModuleConf = Record<string, Record<string, ConfField>>;

export interface Deployment {
  job_ID: string;
  name?: string;
  status: string;
  title?: string;
  docker_image?: string;
  submit_time?: string;
  endpoints?: Record<string, string>;
  main_endpoint?: string;
  error_msg?: string;
  /** Tools only: which tool (`ai4os-federated-server`). */
  tool_name?: string;
}

/** What the platform deploys: a module of the catalog, or one of its tools (such as the federated server). */
export type DeploymentKind = 'modules' | 'tools';

export interface CatalogEntry {
  name: string;
  title?: string;
  summary?: string;
  tags?: string[];
  libraries?: string[];
  tasks?: string[];
  categories?: string[];
  [key: string]: unknown;
}

/** `{"status": "fail", "error_msg": ...}` with HTTP 200 is how the platform reports a refused job. */
function ensureSuccess(data: unknown, what: string): Record<string, unknown> {
  const record = (data ?? {}) as Record<string, unknown>;
  if (record.status === 'fail' || record.status === 'error') {
    throw new UserError(
      `The platform refused ${what}: ${String(record.error_msg ?? record.detail ?? 'no reason given')}`,
      'Change what it names (resources, image, quota) and try again; `--list` shows what runs.',
      1,
    );
  }
  return record;
}

export class Papi {
  private readonly http: HttpClient;

  constructor(
    readonly base: string,
    token?: Secret,
    /** Other values sent (the storage password) to keep out of messages. */
    secrets: string[] = [],
    /** For a look-up that may fail quietly (a child's parent while creating): how long and how often to try. */
    attempts?: Pick<HttpClientOptions, 'timeoutMs' | 'retries'>,
  ) {
    this.http = platformClient(base, token, { secrets, ...attempts });
  }

  async catalogNames(): Promise<string[]> {
    return (await this.http.get<string[]>('/v1/catalog/modules')).data ?? [];
  }

  async catalogDetail(): Promise<CatalogEntry[]> {
    return (await this.http.get<CatalogEntry[]>('/v1/catalog/modules/detail')).data ?? [];
  }

  async metadata(name: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.http.get<Record<string, unknown>>(`/v1/catalog/modules/${encodeURIComponent(name)}/metadata`, {
      accept: [404],
    });
    return response.status === 404 ? undefined : response.data;
  }

  async config(name: string, vo: string): Promise<ModuleConf | undefined> {
    const response = await this.http.get<ModuleConf>(`/v1/catalog/modules/${encodeURIComponent(name)}/config`, {
      query: { vo },
      accept: [404],
    });
    return response.status === 404 ? undefined : response.data;
  }

  /** A tool's configuration for a VO (`/catalog/tools/<name>/config`), or undefined when the catalog has no such tool. */
  async toolConfig(name: string, vo: string): Promise<ModuleConf | undefined> {
    const response = await this.http.get<ModuleConf>(`/v1/catalog/tools/${encodeURIComponent(name)}/config`, {
      query: { vo },
      accept: [404],
    });
    return response.status === 404 ? undefined : response.data;
  }

  /** Deploy a module, or with `tool` the tool of that name. */
  async create(vo: string, conf: unknown, tool?: string): Promise<string> {
    const response = await this.http.post(tool ? '/v1/deployments/tools' : '/v1/deployments/modules', {
      query: tool ? { vo, tool_name: tool } : { vo },
      json: conf,
      hints: this.hints(vo),
    });
    const record = ensureSuccess(response.data, 'the deployment');
    if (typeof record.job_ID !== 'string') throw new UserError('The platform answered without a deployment ID.', undefined, 1);
    return record.job_ID;
  }

  async tryMe(name: string, title: string): Promise<string> {
    const response = await this.http.post(`/v1/try_me/nomad`, { query: { module_name: name, title }, hints: this.hints() });
    const record = ensureSuccess(response.data, 'the try-me deployment');
    return String(record.job_ID);
  }

  async list(vo: string, kind: DeploymentKind = 'modules'): Promise<Deployment[]> {
    return (await this.http.get<Deployment[]>(`/v1/deployments/${kind}`, { query: { vos: vo }, hints: this.hints(vo) })).data ?? [];
  }

  async get(id: string, vo: string, kind: DeploymentKind = 'modules'): Promise<Deployment | undefined> {
    const response = await this.http.get<Deployment>(`/v1/deployments/${kind}/${encodeURIComponent(id)}`, {
      query: { vo },
      accept: [404],
      hints: this.hints(vo),
    });
    return response.status === 404 ? undefined : response.data;
  }

  async remove(id: string, vo: string, kind: DeploymentKind = 'modules'): Promise<void> {
    const response = await this.http.request('DELETE', `/v1/deployments/${kind}/${encodeURIComponent(id)}`, {
      query: { vo },
      hints: this.hints(vo),
    });
    ensureSuccess(response.data, 'the deletion');
  }

  private hints(vo?: string): Partial<Record<number, string>> {
    return {
      401: TOKEN_REJECTED,
      403: vo
        ? `The token's account may not deploy in ${vo}: it needs the role access:${vo}:ap-u (ask the VO's managers), or choose another --vo.`
        : "The token's account may not do this.",
    };
  }
}

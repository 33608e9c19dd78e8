/**
 * The routes of Nomad's HTTP API that deploy uses, with the request shapes of Nomad's own Go
 * client (`api/jobs.go`, `api/evaluations.go`, `api/allocations.go`, `api/fs.go`): the token
 * as X-Nomad-Token, namespace and region as query parameters, blocking queries with
 * `index` and `wait` answered by X-Nomad-Index.
 */
import { UserError } from '../../errors.js';
import { HttpClient, type HttpRequestOptions } from '../../http.js';
import type { NomadSettings } from './settings.js';

export interface NomadTask {
  Name: string;
  Resources?: { CPU?: number; Cores?: number; MemoryMB?: number; MemoryMaxMB?: number };
  [key: string]: unknown;
}
export interface NomadJob {
  ID: string;
  Name?: string;
  Namespace?: string;
  Status?: string;
  Version?: number;
  JobModifyIndex?: number;
  SubmitTime?: number;
  TaskGroups?: { Name: string; Tasks?: NomadTask[] }[];
  [key: string]: unknown;
}
export interface Evaluation {
  ID: string;
  Status: string;
  StatusDescription?: string;
  BlockedEval?: string;
  FailedTGAllocs?: Record<string, AllocMetric> | null;
}
export interface AllocMetric {
  NodesEvaluated?: number;
  NodesFiltered?: number;
  NodesExhausted?: number;
  ConstraintFiltered?: Record<string, number> | null;
  DimensionExhausted?: Record<string, number> | null;
  ClassExhausted?: Record<string, number> | null;
}
export interface TaskEvent {
  Type: string;
  DisplayMessage?: string;
  Message?: string;
  DriverError?: string;
}
export interface AllocationStub {
  ID: string;
  EvalID?: string;
  JobVersion?: number;
  ClientStatus: string;
  DesiredStatus?: string;
  TaskStates?: Record<string, { State: string; Failed?: boolean; Events?: TaskEvent[] | null }> | null;
  CreateIndex?: number;
}
export interface Allocation extends AllocationStub {
  AllocatedResources?: {
    Shared?: {
      Ports?: { Label: string; Value: number; To?: number; HostIP?: string }[] | null;
      Networks?:
        | {
            IP?: string;
            DynamicPorts?: { Label: string; Value: number }[] | null;
            ReservedPorts?: { Label: string; Value: number }[] | null;
          }[]
        | null;
    };
  };
}
export interface ValidationResponse {
  DriverConfigValidated?: boolean;
  ValidationErrors?: string[] | null;
  Error?: string;
  Warnings?: string;
}
export interface RegisterResponse {
  EvalID: string;
  EvalCreateIndex?: number;
  JobModifyIndex?: number;
  Warnings?: string;
}

/** A blocking query's answer: the value and the index to wait on next. */
export interface Blocking<T> {
  value: T;
  index: number;
}

/**
 * The client for these settings. With TLS settings, every request of this process (fetch's
 * global dispatcher) presents the client certificate and trusts the given CAs; undici, the
 * library Node's fetch is built on, is loaded only then.
 */
export async function connectNomad(settings: NomadSettings): Promise<NomadApi> {
  if (settings.tls) {
    // undici is CommonJS: bundled, its exports are the default export of the namespace.
    const undici = await import('undici');
    const { Agent, setGlobalDispatcher } = undici.default ?? undici;
    const { ca, cert, key, servername, skipVerify } = settings.tls;
    setGlobalDispatcher(new Agent({ connect: { ca, cert, key, servername, rejectUnauthorized: !skipVerify } }));
  }
  return new NomadApi(settings);
}

export class NomadApi {
  private readonly http: HttpClient;
  /** For blocking queries: a wait of up to a minute plus Nomad's jitter (wait/16). */
  private readonly blocking: HttpClient;
  readonly address: string;

  constructor(readonly settings: NomadSettings) {
    this.address = settings.address;
    const headers: Record<string, string> = {};
    const secrets: string[] = [...(settings.secrets ?? [])];
    if (settings.token) {
      headers['X-Nomad-Token'] = settings.token;
      secrets.push(settings.token);
    }
    if (settings.httpAuth) {
      headers.Authorization = `Basic ${Buffer.from(settings.httpAuth.includes(':') ? settings.httpAuth : `${settings.httpAuth}:`).toString('base64')}`;
      secrets.push(settings.httpAuth, headers.Authorization.slice(6));
    }
    const common = { baseUrl: settings.address, service: `Nomad (${settings.address})`, headers, secrets };
    this.http = new HttpClient(common);
    this.blocking = new HttpClient({ ...common, timeoutMs: 120_000 });
  }

  private query(extra: Record<string, string | number | boolean | undefined> = {}) {
    return { namespace: this.settings.namespace, region: this.settings.region, ...extra };
  }

  private hints(): HttpRequestOptions['hints'] {
    return {
      403: this.settings.token
        ? 'The token in NOMAD_TOKEN may not do this in this namespace (ACL): ask for a policy with submit-job, read-job and read-logs, or check NOMAD_NAMESPACE.'
        : 'The cluster has ACLs enabled: set NOMAD_TOKEN to a token (its Secret ID) that may submit jobs.',
      401: 'Set NOMAD_TOKEN (and NOMAD_HTTP_AUTH if a proxy asks for a password).',
    };
  }

  /** HCL to the job's JSON, by the cluster's own parser; variables as `-var` gives them. */
  async parse(hcl: string, variables: Record<string, string>): Promise<NomadJob> {
    const response = await this.http.post<NomadJob>('/v1/jobs/parse', {
      query: this.query(),
      json: { JobHCL: hcl, Canonicalize: true, VariableFlags: variables },
      idempotent: true,
      hints: { ...this.hints(), 400: 'Fix the job file (the position is in the message), or the -var values.' },
    });
    return response.data;
  }

  async validate(job: NomadJob): Promise<ValidationResponse> {
    const response = await this.http.post<ValidationResponse>('/v1/validate/job', {
      query: this.query(),
      json: { Job: job, Region: this.settings.region, Namespace: this.settings.namespace },
      idempotent: true,
      hints: this.hints(),
    });
    return response.data ?? {};
  }

  async job(id: string): Promise<NomadJob | undefined> {
    const response = await this.http.get<NomadJob>(`/v1/job/${encodeURIComponent(id)}`, {
      query: this.query(),
      accept: [404],
      hints: this.hints(),
    });
    return response.status === 404 ? undefined : response.data;
  }

  async jobs(prefix?: string): Promise<NomadJob[]> {
    const response = await this.http.get<NomadJob[]>('/v1/jobs', { query: this.query({ prefix }), hints: this.hints() });
    return response.data ?? [];
  }

  /** Register; with EnforceIndex, only if the job's modify index is still `modifyIndex` (0: only if new). */
  async register(
    job: NomadJob,
    modifyIndex: number,
    source: { hcl: string; variables: Record<string, string> },
  ): Promise<RegisterResponse> {
    const response = await this.http.post<RegisterResponse>('/v1/jobs', {
      query: this.query(),
      json: {
        Job: job,
        EnforceIndex: true,
        JobModifyIndex: modifyIndex,
        Submission: { Source: source.hcl, Format: 'hcl2', VariableFlags: source.variables },
        Region: this.settings.region,
        Namespace: this.settings.namespace,
      },
      hints: this.hints(),
    });
    return response.data;
  }

  async evaluation(id: string, index: number, waitSeconds: number): Promise<Blocking<Evaluation>> {
    return this.block<Evaluation>(`/v1/evaluation/${encodeURIComponent(id)}`, index, waitSeconds);
  }

  async allocations(jobId: string, index: number, waitSeconds: number): Promise<Blocking<AllocationStub[]>> {
    const result = await this.block<AllocationStub[] | null>(`/v1/job/${encodeURIComponent(jobId)}/allocations`, index, waitSeconds);
    return { value: result.value ?? [], index: result.index };
  }

  async evaluations(jobId: string): Promise<(Evaluation & { CreateIndex?: number })[]> {
    return (
      (
        await this.http.get<(Evaluation & { CreateIndex?: number })[]>(`/v1/job/${encodeURIComponent(jobId)}/evaluations`, {
          query: this.query(),
          hints: this.hints(),
        })
      ).data ?? []
    );
  }

  async allocation(id: string): Promise<Allocation> {
    return (await this.http.get<Allocation>(`/v1/allocation/${encodeURIComponent(id)}`, { query: this.query(), hints: this.hints() })).data;
  }

  async deregister(id: string, purge: boolean): Promise<{ EvalID?: string }> {
    const response = await this.http.request<{ EvalID?: string }>('DELETE', `/v1/job/${encodeURIComponent(id)}`, {
      query: this.query({ purge }),
      hints: this.hints(),
    });
    return response.data ?? {};
  }

  /** A task's whole log so far, as text. */
  async logs(allocId: string, task: string, type: 'stdout' | 'stderr'): Promise<string> {
    const response = await this.http.get(`/v1/client/fs/logs/${encodeURIComponent(allocId)}`, {
      query: this.query({ task, type, origin: 'start', offset: 0, plain: true }),
      hints: this.hints(),
    });
    return response.text;
  }

  /** Follows a task's log; resolves when the stream ends or `signal` aborts. */
  async followLogs(
    allocId: string,
    task: string,
    type: 'stdout' | 'stderr',
    write: (chunk: Uint8Array) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const url = new URL(`${this.address}/v1/client/fs/logs/${encodeURIComponent(allocId)}`);
    for (const [key, value] of Object.entries(this.query({ task, type, origin: 'start', offset: 0, plain: true, follow: true }))) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    // A stream that never ends: the retrying client reads whole bodies, so this one is read here.
    const response = await fetch(url, { headers: this.http.options.headers, signal }).catch((error: Error) => {
      if (signal.aborted) return undefined;
      throw error;
    });
    if (!response) return;
    if (!response.ok || !response.body)
      throw new UserError(
        `Nomad (${this.address}) refused the log stream: ${response.status} ${(await response.text()).trim()}`,
        undefined,
        1,
      );
    const reader = response.body.getReader();
    try {
      for (let part = await reader.read(); !part.done; part = await reader.read()) write(part.value);
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  }

  private async block<T>(path: string, index: number, waitSeconds: number): Promise<Blocking<T>> {
    const response = await this.blocking.get<T>(path, {
      query: this.query(index > 0 ? { index, wait: `${Math.max(1, Math.ceil(waitSeconds))}s` } : {}),
      hints: this.hints(),
    });
    const next = Number(response.headers.get('x-nomad-index'));
    return { value: response.data, index: Number.isFinite(next) && next > 0 ? next : index };
  }
}

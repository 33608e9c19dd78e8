/**
 * A Nomad agent on 127.0.0.1 for the tests, following the documented HTTP API
 * (website/content/api-docs: jobs, validate, evaluations, allocations, client fs, index.mdx
 * for ACL tokens and blocking queries): HCL parsed by HashiCorp's own parser (hcl2json),
 * variables as `-var` sets them, check-and-set registration, a scheduler that moves the
 * evaluation and the allocation through their states, blocking queries on `index`/`wait`
 * answered with X-Nomad-Index. Every request is recorded for the tests to assert.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parse as parseHcl } from '@cdktf/hcl2json';

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the scheduler does with a registered job. */
export type Outcome = 'runs' | 'task-fails' | 'unplaceable' | 'stays-pending';

type Json = Record<string, any>;

export class FakeNomad {
  readonly requests: Recorded[] = [];
  /** Required in X-Nomad-Token (or Authorization: Bearer) when set, as with ACLs enabled. */
  token: string | undefined;
  outcome: Outcome = 'runs';
  /** Errors to answer instead, per "METHOD /path", consumed one by one. */
  readonly failures = new Map<string, { status: number; body: string }[]>();
  validationErrors: string[] = [];
  /** The next registration takes effect but its answer is lost (the connection drops). */
  dropNextRegisterAnswer = false;
  validationWarnings = '';
  readonly jobs = new Map<string, Json>();
  readonly evals = new Map<string, Json>();
  readonly allocs = new Map<string, Json>();
  readonly logs = { stdout: 'deep-start: starting DEEPaaS\n', stderr: '======== Running on http://0.0.0.0:5000 ========\n' };
  private index = 10;
  private waiters: (() => void)[] = [];
  /**
   * The scheduler's next state changes. Each happens while a client waits in a blocking
   * query, so a client that does not block (or blocks wrongly) never sees the job run.
   */
  private readonly steps: (() => void)[] = [];
  private readonly server;
  url = '';

  /** With `tls`, HTTPS that asks for a client certificate signed by `ca`, as Nomad's mTLS does. */
  constructor(private readonly tls?: { key: string; cert: string; ca: string }) {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = tls ? createTlsServer({ ...tls, requestCert: true, rejectUnauthorized: true }, handler) : createServer(handler);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  fail(route: string, status: number, body: string): void {
    this.failures.set(route, [...(this.failures.get(route) ?? []), { status, body }]);
  }

  /** The recorded requests to one route, as "METHOD /path". */
  calls(route: string): Recorded[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route);
  }

  private bump(): number {
    this.index += 1;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return this.index;
  }

  /** A blocking query: returns once the state index passes `index`, or after `wait`. */
  private async block(query: Record<string, string>): Promise<void> {
    const index = Number(query.index ?? 0);
    if (!(index > 0) || index < this.index) return;
    const wait = parseWait(query.wait ?? '5m');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      const step = this.steps.shift();
      if (step) setImmediate(step);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // kept as text
    }
    const query = Object.fromEntries(url.searchParams);
    const record: Recorded = { method: req.method ?? '', path: url.pathname, query, headers: req.headers, body };
    this.requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const isText = typeof payload === 'string';
      res.writeHead(status, {
        'Content-Type': isText ? 'text/plain' : 'application/json',
        'X-Nomad-Index': String(this.index),
        'X-Nomad-KnownLeader': 'true',
        ...headers,
      });
      res.end(isText ? payload : JSON.stringify(payload));
    };
    const failure = this.failures.get(`${record.method} ${record.path}`)?.shift();
    if (failure) return send(failure.status, failure.body);
    if (this.token !== undefined) {
      const given = req.headers['x-nomad-token'] ?? req.headers.authorization?.replace(/^Bearer /, '');
      if (given !== this.token) return send(403, 'Permission denied');
    }
    const namespace = query.namespace ?? 'default';
    try {
      await this.route(record, namespace, send, res);
    } catch (error) {
      send(500, String((error as Error).message));
    }
  }

  private async route(
    r: Recorded,
    namespace: string,
    send: (status: number, payload: unknown, headers?: Record<string, string>) => void,
    res: ServerResponse,
  ): Promise<void> {
    const body = (r.body ?? {}) as Json;
    let m: RegExpExecArray | null;
    if ((r.method === 'PUT' || r.method === 'POST') && r.path === '/v1/jobs/parse') {
      if (typeof body.JobHCL !== 'string') return send(400, 'Job HCL must be provided');
      const parsed = await jobFromHcl(body.JobHCL, body.VariableFlags ?? {}, namespace);
      return typeof parsed === 'string' ? send(400, parsed) : send(200, parsed);
    }
    if ((r.method === 'PUT' || r.method === 'POST') && r.path === '/v1/validate/job') {
      if (!body.Job) return send(400, 'Job must be provided');
      const errors = [...this.validationErrors];
      return send(200, {
        DriverConfigValidated: true,
        ValidationErrors: errors,
        Error: errors.length ? `${errors.length} error(s) occurred:\n\n${errors.map((e) => `* ${e}`).join('\n')}` : '',
        Warnings: this.validationWarnings,
      });
    }
    if ((r.method === 'PUT' || r.method === 'POST') && r.path === '/v1/jobs') {
      this.register(body, namespace, this.dropNextRegisterAnswer ? () => void res.socket?.destroy() : send);
      this.dropNextRegisterAnswer = false;
      return;
    }
    if (r.method === 'GET' && r.path === '/v1/jobs') {
      const prefix = r.query.prefix ?? '';
      return send(
        200,
        [...this.jobs.values()]
          .filter((j) => j.ID.startsWith(prefix) && (namespace === '*' || j.Namespace === namespace))
          .map((j) => ({ ID: j.ID, Name: j.Name, Namespace: j.Namespace, Status: j.Status, Type: j.Type })),
      );
    }
    if ((m = /^\/v1\/job\/([^/]+)$/.exec(r.path))) {
      const job = this.jobs.get(decodeURIComponent(m[1]!));
      if (!job || job.Namespace !== namespace) return send(404, 'job not found');
      if (r.method === 'GET') {
        await this.block(r.query);
        return send(200, job);
      }
      if (r.method === 'DELETE') {
        const evalId = randomUUID();
        if (parseBool(r.query.purge)) this.jobs.delete(job.ID);
        else Object.assign(job, { Stop: true, Status: 'dead' });
        for (const alloc of this.allocs.values())
          if (alloc.JobID === job.ID) Object.assign(alloc, { DesiredStatus: 'stop', ClientStatus: 'complete' });
        const index = this.bump();
        return send(200, { EvalID: evalId, EvalCreateIndex: index, JobModifyIndex: index });
      }
    }
    if (r.method === 'GET' && (m = /^\/v1\/job\/([^/]+)\/allocations$/.exec(r.path))) {
      await this.block(r.query);
      const id = decodeURIComponent(m[1]!);
      return send(
        200,
        [...this.allocs.values()]
          .filter((a) => a.JobID === id && a.Namespace === namespace)
          .map(({ AllocatedResources: _, ...stub }) => stub),
      );
    }
    if (r.method === 'GET' && (m = /^\/v1\/job\/([^/]+)\/evaluations$/.exec(r.path))) {
      const id = decodeURIComponent(m[1]!);
      return send(
        200,
        [...this.evals.values()].filter((e) => e.JobID === id && e.Namespace === namespace),
      );
    }
    if (r.method === 'GET' && (m = /^\/v1\/evaluation\/([^/]+)$/.exec(r.path))) {
      await this.block(r.query);
      const evaluation = this.evals.get(m[1]!);
      return evaluation ? send(200, evaluation) : send(404, 'eval not found');
    }
    if (r.method === 'GET' && (m = /^\/v1\/allocation\/([^/]+)$/.exec(r.path))) {
      const alloc = this.allocs.get(m[1]!);
      return alloc ? send(200, alloc) : send(404, 'alloc not found');
    }
    if (r.method === 'GET' && (m = /^\/v1\/client\/fs\/logs\/([^/]+)$/.exec(r.path))) {
      if (!this.allocs.has(m[1]!)) return send(404, 'Unknown allocation');
      const type = r.query.type;
      if (type !== 'stdout' && type !== 'stderr') return send(400, 'must provide a valid log type (stdout, stderr)');
      if (!r.query.task) return send(400, 'must provide task name');
      const text = this.logs[type];
      if (parseBool(r.query.plain)) return send(200, text);
      // Framed: a stream of JSON objects with base64 Data, as StreamFrame.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(
        JSON.stringify({ Data: Buffer.from(text).toString('base64'), File: `alloc/logs/${r.query.task}.${type}.0`, Offset: text.length }),
      );
    }
    send(404, `Invalid URL ${r.path}`);
  }

  private register(body: Json, namespace: string, send: (status: number, payload: unknown) => void): void {
    const job = body.Job as Json | undefined;
    if (!job?.ID) return send(400, 'Job ID does not exist');
    const existing = this.jobs.get(job.ID);
    if (body.EnforceIndex) {
      const wanted = Number(body.JobModifyIndex ?? 0);
      if (wanted === 0 && existing) return send(500, 'Enforcing job modify index 0: job already exists');
      if (wanted !== 0 && existing?.JobModifyIndex !== wanted)
        return send(
          500,
          `Enforcing job modify index ${wanted}: job exists with conflicting job modify index: ${existing?.JobModifyIndex ?? 0}`,
        );
    }
    const index = this.bump();
    const stored = {
      ...job,
      Namespace: namespace,
      Status: 'pending',
      Stop: false,
      Version: existing ? (existing.Version as number) + 1 : 0,
      CreateIndex: existing?.CreateIndex ?? index,
      ModifyIndex: index,
      JobModifyIndex: index,
      SubmitTime: Date.now() * 1e6,
    };
    this.jobs.set(job.ID, stored);
    const evaluation: Json = {
      ID: randomUUID(),
      JobID: job.ID,
      Namespace: namespace,
      Status: 'pending',
      Type: job.Type,
      TriggeredBy: 'job-register',
      CreateIndex: index,
      ModifyIndex: index,
    };
    this.evals.set(evaluation.ID, evaluation);
    this.steps.push(() => this.schedule(stored, evaluation));
    send(200, {
      EvalID: evaluation.ID,
      EvalCreateIndex: index,
      JobModifyIndex: index,
      Warnings: '',
      Index: index,
      LastContact: 0,
      KnownLeader: true,
    });
  }

  /** The scheduler and the client: evaluation complete, then the allocation's states. */
  private schedule(job: Json, evaluation: Json): void {
    if (this.outcome === 'unplaceable') {
      const blocked = { ID: randomUUID(), JobID: job.ID, Namespace: job.Namespace, Status: 'blocked', TriggeredBy: 'queued-allocs' };
      this.evals.set(blocked.ID, blocked);
      Object.assign(evaluation, {
        Status: 'complete',
        BlockedEval: blocked.ID,
        FailedTGAllocs: {
          usergroup: {
            NodesEvaluated: 2,
            NodesFiltered: 0,
            NodesExhausted: 2,
            ClassFiltered: null,
            ConstraintFiltered: null,
            DimensionExhausted: { memory: 2 },
            ClassExhausted: null,
            CoalescedFailures: 0,
          },
        },
        ModifyIndex: this.bump(),
      });
      return;
    }
    const alloc: Json = {
      ID: randomUUID(),
      EvalID: evaluation.ID,
      Name: `${job.ID}.usergroup[0]`,
      Namespace: job.Namespace,
      JobID: job.ID,
      JobVersion: job.Version,
      TaskGroup: 'usergroup',
      DesiredStatus: 'run',
      ClientStatus: 'pending',
      TaskStates: { main: { State: 'pending', Failed: false, Events: [{ Type: 'Received', DisplayMessage: 'Task received by client' }] } },
      AllocatedResources: {
        Shared: {
          Networks: [{ IP: '10.0.0.7', DynamicPorts: [{ Label: 'api', Value: 25123, To: 5000 }] }],
          Ports: [{ Label: 'api', Value: 25123, To: 5000, HostIP: '10.0.0.7' }],
        },
      },
    };
    this.allocs.set(alloc.ID, alloc);
    Object.assign(evaluation, { Status: 'complete', ModifyIndex: this.bump() });
    alloc.CreateIndex = this.index;
    if (this.outcome === 'stays-pending') return;
    this.steps.push(() => {
      const main = alloc.TaskStates.main;
      if (this.outcome === 'task-fails') {
        main.Events.push({
          Type: 'Driver Failure',
          DisplayMessage: 'Failed to pull `ai4oshub/x:latest`: manifest unknown',
          DriverError: 'manifest unknown',
        });
        main.Events.push({ Type: 'Not Restarting', DisplayMessage: 'Error was unrecoverable' });
        Object.assign(main, { State: 'dead', Failed: true });
        alloc.ClientStatus = 'failed';
        job.Status = 'dead';
      } else {
        main.Events.push({ Type: 'Started', DisplayMessage: 'Task started by client' });
        main.State = 'running';
        alloc.ClientStatus = 'running';
        job.Status = 'running';
      }
      alloc.ModifyIndex = this.bump();
    });
  }
}

/** Query booleans as Nomad reads them (Go's strconv.ParseBool): python-nomad sends "True". */
function parseBool(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

function parseWait(wait: string): number {
  const m = /^(\d+)(ms|s|m)$/.exec(wait);
  if (!m) return 300_000;
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
}

/** The job of an HCL2 job file as Nomad's parse endpoint returns it, or Nomad's error text. */
async function jobFromHcl(hcl: string, flags: Record<string, string>, namespace: string): Promise<Json | string> {
  let doc: Json;
  try {
    doc = (await parseHcl('input.hcl', hcl)) as Json;
  } catch (error) {
    return `error parsing: ${String((error as Error).message ?? error)}`;
  }
  const declared: Record<string, string> = Object.fromEntries(
    Object.entries(doc.variable ?? {}).map(([name, [v]]: [string, any]) => [name, v.default]),
  );
  for (const name of Object.keys(flags)) {
    if (!(name in declared))
      return `input.hcl: Undefined variable; A variable named "${name}" was assigned on the command line, but the root module does not declare a variable of that name.`;
  }
  const values = { ...declared, ...flags };
  const sub = (value: unknown): any => {
    if (typeof value === 'string') return value.replace(/\$\{var\.([A-Za-z0-9_-]+)\}/g, (_, name: string) => values[name] ?? '');
    if (Array.isArray(value)) return value.map(sub);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sub(v)]));
    return value;
  };
  const [[id, [job]]] = Object.entries(doc.job ?? {}) as [string, any[]][] as any;
  if (!id) return 'error parsing: no job found';
  const j = sub(job);
  return {
    ID: id,
    Name: id,
    Namespace: namespace,
    Region: 'global',
    Type: j.type ?? 'service',
    Priority: 50,
    Datacenters: j.datacenters ?? ['*'],
    Meta: j.meta?.[0] ?? null,
    TaskGroups: Object.entries(j.group ?? {}).map(([name, [g]]: [string, any]) => ({
      Name: name,
      Count: g.count ?? 1,
      Networks: (g.network ?? []).map((n: any) => ({
        Mode: 'host',
        DynamicPorts: Object.entries(n.port ?? {}).map(([label, [p]]: [string, any]) => ({ Label: label, Value: 0, To: p.to ?? 0 })),
      })),
      Services: (g.service ?? []).map((s: any) => ({ Name: s.name, PortLabel: s.port, Provider: 'consul' })),
      Tasks: Object.entries(g.task ?? {}).map(([taskName, [t]]: [string, any]) => ({
        Name: taskName,
        Driver: t.driver,
        Config: t.config?.[0] ?? {},
        Env: t.env?.[0] ?? null,
        Resources: {
          CPU: t.resources?.[0]?.cores ? 0 : (t.resources?.[0]?.cpu ?? 100),
          Cores: t.resources?.[0]?.cores ?? 0,
          MemoryMB: t.resources?.[0]?.memory ?? 300,
          MemoryMaxMB: t.resources?.[0]?.memory_max ?? 0,
        },
      })),
    })),
  };
}

/**
 * The AI4OS platform API (ai4os/ai4-papi) on 127.0.0.1 for the tests, with its routes,
 * bodies and quirks as read from its source (shared/platform-api.md section 1): catalog
 * routes without a token, deployments with `Authorization: Bearer`, `vos` required on the
 * list (500 without it), a create refused by Nomad as HTTP 200 `{"status": "fail"}`,
 * 400 `{"detail": ...}` for an unknown configuration key. Every request is recorded.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type Recorded, RecordingFake } from '../../support/recording-server.js';
import type { FakeOscar } from './fake-oscar.js';

export type { Recorded } from '../../support/recording-server.js';

type Json = Record<string, any>;

export const VOS = ['vo.ai4eosc.eu', 'vo.imagine-ai.eu', 'vo.ai4life.eu', 'kmd4eosc', 'tutorials'];

const USER_CONF: Json = {
  general: { title: '', desc: '', docker_image: 'ai4oshub/ai4os-demo-app', docker_tag: 'latest', service: 'deepaas', jupyter_password: '' },
  hardware: { cpu_num: 4, gpu_num: 0, gpu_type: '', ram: 8000, disk: 10000 },
  storage: {
    rclone_conf: '/srv/.rclone/rclone.conf',
    rclone_url: '',
    rclone_vendor: 'nextcloud',
    rclone_user: '',
    rclone_password: '',
    datasets: [],
  },
};

/** The federated server tool's configuration keys (ai4-papi etc/tools/ai4os-federated-server/user.yaml). */
const FEDSERVER_CONF: Json = {
  general: {
    title: '',
    desc: '',
    co2: false,
    docker_image: 'ai4oshub/ai4os-federated-server',
    docker_tag: 'latest',
    service: 'fedserver',
    jupyter_password: '',
  },
  hardware: { cpu_num: 1, ram: 2000, disk: 1000 },
  flower: {
    rounds: 5,
    metric: 'accuracy',
    min_fit_clients: 2,
    min_available_clients: 2,
    strategy: 'Federated Averaging (FedAvg)',
    mu: 1,
    fl: 1,
    momentum: 0,
    dp: false,
    mp: false,
    noise_mult: 1,
    sampled_clients: 2,
    clip_norm: 0.1,
  },
};

/** The tools of the catalog and their reference configurations. */
const TOOLS: Record<string, Json> = { 'ai4os-federated-server': FEDSERVER_CONF };

/** 400 for a key the reference configuration lacks, as `update_values_conf` refuses it; else undefined. */
function unknownKey(body: Json | undefined, reference: Json): string | undefined {
  for (const [group, values] of Object.entries(body ?? {})) {
    if (!(group in reference)) return group;
    for (const key of Object.keys(values as Json)) if (!(key in reference[group])) return key;
  }
  return undefined;
}

export class FakePapi extends RecordingFake {
  token = 'papi-token-abcdefghijklmnop';
  /** Modules of the catalog: name -> metadata. */
  readonly catalog = new Map<string, Json>();
  /** Catalog configs (`/config?vo=`) per module; absent: 404 as for a module not in the catalog. */
  readonly configs = new Map<string, Json>();
  /** Catalog configs of tools (`/catalog/tools/<name>/config?vo=`); absent: 404. */
  readonly toolConfigs = new Map<string, Json>();
  readonly deployments = new Map<string, Json>();
  /** The next create is refused by "Nomad": HTTP 200 with status fail. */
  refuseNextCreate: string | undefined;
  /** Statuses a deployment goes through on successive GETs. */
  statuses = ['queued', 'starting', 'running'];
  readonly failures = new Map<string, number[]>();
  /** The next create takes effect but its answer is lost (the connection drops). */
  dropNextCreateAnswer = false;
  /** The OSCAR cluster behind `/v1/inference/oscar/*` (fake-oscar.ts); absent: 404. */
  oscar?: FakeOscar;
  protected handle(r: Recorded, res: ServerResponse): void {
    const body = r.body as any;
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const failure = this.failures.get(`${r.method} ${r.path}`)?.shift();
    if (failure) return send(failure, { detail: 'Service Unavailable' });
    let m: RegExpExecArray | null;
    if (r.method === 'GET' && r.path === '/v1/catalog/modules') return send(200, [...this.catalog.keys()]);
    if (r.method === 'GET' && r.path === '/v1/catalog/modules/detail') {
      return send(
        200,
        [...this.catalog.entries()].map(([name, { description: _d, links: _l, ...summary }]) => ({ ...summary, name })),
      );
    }
    if (r.method === 'GET' && (m = /^\/v1\/catalog\/modules\/([^/]+)\/metadata$/.exec(r.path))) {
      const metadata = this.catalog.get(m[1]!);
      return metadata ? send(200, metadata) : send(404, { detail: `Item ${m[1]} not in catalog` });
    }
    if (r.method === 'GET' && (m = /^\/v1\/catalog\/modules\/([^/]+)\/config$/.exec(r.path))) {
      if (!r.query.get('vo')) return send(422, { detail: [{ loc: ['query', 'vo'], msg: 'field required', type: 'value_error.missing' }] });
      const config = this.configs.get(m[1]!);
      return config ? send(200, config) : send(404, { detail: `Item ${m[1]} not in catalog` });
    }
    if (r.method === 'GET' && (m = /^\/v1\/catalog\/tools\/([^/]+)\/config$/.exec(r.path))) {
      if (!r.query.get('vo')) return send(422, { detail: [{ loc: ['query', 'vo'], msg: 'field required', type: 'value_error.missing' }] });
      const config = this.toolConfigs.get(m[1]!);
      return config ? send(200, config) : send(404, { detail: `Item ${m[1]} not in catalog` });
    }
    if (r.path.startsWith('/v1/deployments/') || r.path.startsWith('/v1/try_me/') || r.path.startsWith('/v1/inference/')) {
      const auth = r.headers.authorization;
      if (!auth?.startsWith('Bearer ')) return send(403, { detail: 'Not authenticated' });
      if (auth.slice(7) !== this.token) return send(401, { detail: 'Invalid token' });
    }
    if (this.oscar?.papi(r, res, VOS)) return;
    if (r.path === '/v1/deployments/modules' && r.method === 'GET') {
      const vos = r.query.getAll('vos');
      if (vos.length === 0) return send(500, 'Internal Server Error');
      const known = vos.filter((vo) => VOS.includes(vo));
      if (known.length === 0) return send(401, { detail: 'Your VOs do not match available VOs' });
      return send(
        200,
        [...this.deployments.values()]
          .filter((d) => known.includes(d.vo) && d.kind === 'modules')
          .map(({ vo: _vo, polls: _p, kind: _k, ...d }) => d),
      );
    }
    if (r.path === '/v1/deployments/tools' && r.method === 'GET') {
      const vos = r.query.getAll('vos');
      if (vos.length === 0) return send(500, 'Internal Server Error');
      return send(
        200,
        [...this.deployments.values()]
          .filter((d) => vos.includes(d.vo) && d.kind === 'tools')
          .map(({ vo: _vo, polls: _p, kind: _k, ...d }) => d),
      );
    }
    if (r.path === '/v1/deployments/tools' && r.method === 'POST') {
      const vo = r.query.get('vo');
      if (!vo || !VOS.includes(vo))
        return send(401, { detail: `The provided Virtual Organization does not match with any of your available VOs: ${VOS.join(', ')}` });
      const tool = r.query.get('tool_name') ?? '';
      const reference = TOOLS[tool];
      if (!reference) return send(400, { detail: 'This ID does not correspond to an available tool.' });
      const unknown = unknownKey(body, reference);
      if (unknown) return send(400, { detail: `The key \`${unknown}\` in not a valid parameter.` });
      const id = randomUUID();
      const general = { ...reference.general, ...body?.general };
      this.deployments.set(id, {
        job_ID: id,
        name: `tool-fl-${id}`,
        status: 'queued',
        owner: 'user-sub',
        title: general.title,
        description: general.desc,
        docker_image: `${general.docker_image}:${general.docker_tag}`,
        docker_command: '',
        submit_time: new Date().toISOString().slice(0, 19).replace('T', ' '),
        endpoints: {},
        main_endpoint: 'fedserver',
        tool_name: tool,
        vo,
        kind: 'tools',
        polls: 0,
      });
      return send(200, { status: 'success', job_ID: id });
    }
    if (r.path === '/v1/deployments/modules' && r.method === 'POST') {
      const vo = r.query.get('vo');
      if (!vo || !VOS.includes(vo))
        return send(401, { detail: `The provided Virtual Organization does not match with any of your available VOs: ${VOS.join(', ')}` });
      const unknown = unknownKey(body, USER_CONF);
      if (unknown) return send(400, { detail: `The key \`${unknown}\` in not a valid parameter.` });
      if (this.refuseNextCreate) {
        const error = this.refuseNextCreate;
        this.refuseNextCreate = undefined;
        return send(200, { status: 'fail', error_msg: error });
      }
      const id = randomUUID();
      const conf = { general: { ...USER_CONF.general, ...body.general }, hardware: { ...USER_CONF.hardware, ...body.hardware } };
      this.deployments.set(id, {
        job_ID: id,
        name: `module-${id}`,
        status: 'queued',
        owner: 'user-sub',
        title: conf.general.title,
        description: conf.general.desc,
        docker_image: `${conf.general.docker_image}:${conf.general.docker_tag}`,
        docker_command: `deep-start --${conf.general.service}`,
        submit_time: new Date().toISOString().slice(0, 19).replace('T', ' '),
        resources: {
          cpu_num: conf.hardware.cpu_num,
          gpu_num: conf.hardware.gpu_num,
          memory_MB: conf.hardware.ram,
          disk_MB: conf.hardware.disk,
        },
        endpoints: {},
        main_endpoint: 'api',
        vo,
        kind: 'modules',
        polls: 0,
      });
      if (this.dropNextCreateAnswer) {
        this.dropNextCreateAnswer = false;
        return void res.socket?.destroy();
      }
      return send(200, { status: 'success', job_ID: id });
    }
    if ((m = /^\/v1\/deployments\/(modules|tools)\/([^/]+)$/.exec(r.path))) {
      const vo = r.query.get('vo');
      const d = this.deployments.get(m[2]!);
      if (!vo) return send(422, { detail: [{ loc: ['query', 'vo'], msg: 'field required' }] });
      if (!d || d.vo !== vo || d.kind !== m[1]) return send(404, { detail: 'No deployment exists with this uuid.' });
      if (r.method === 'DELETE') {
        this.deployments.delete(d.job_ID);
        return send(200, { status: 'success' });
      }
      d.status = this.statuses[Math.min(d.polls, this.statuses.length - 1)];
      d.polls += 1;
      if (d.status === 'running') {
        const host = `${d.job_ID}.ifca-deployments.cloud.ai4eosc.eu`;
        d.endpoints =
          d.kind === 'tools'
            ? { fedserver: `https://fedserver-${host}`, monitor: `https://monitor-${host}`, ide: `https://ide-${host}` }
            : { api: `https://api-${host}/ui`, monitor: `https://monitor-${host}`, ui: `https://ui-${host}` };
      }
      if (d.status === 'error') d.error_msg = 'Could not place: insufficient memory';
      const { vo: _vo, polls: _p, kind: _k, ...shown } = d;
      return send(200, shown);
    }
    if (r.path === '/v1/try_me/nomad' && r.method === 'POST') {
      const name = r.query.get('module_name');
      if (!name || !this.catalog.has(name)) return send(400, { detail: `${name} is not an available module.` });
      return send(200, { status: 'success', job_ID: randomUUID() });
    }
    send(404, { detail: 'Not Found' });
  }
}

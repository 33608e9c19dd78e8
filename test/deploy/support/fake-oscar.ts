/**
 * An OSCAR cluster on 127.0.0.1 for the tests, following its REST API as read from
 * grycap/oscar v4.1.2 (shared/platform-api.md section 6): `/system/services` with basic auth
 * (`oscar` and a password) or an OIDC bearer token, POST to create (409 when the name is
 * taken), PUT to update (404 when it is not), GET one with its `token`, DELETE; a service
 * name of 1 to 39 characters, `image` and `script` required. `POST /run/<svc>` takes the
 * service's token or the OIDC token, a body of JSON or base64, and answers what the
 * service's script printed: `runner` runs it (the oracle tests run the real script), by
 * default it echoes the request. Every request is recorded.
 *
 * `papi` answers the platform API's `/v1/inference/oscar/*` routes on the same services, as
 * ai4-papi does it (section 1.8), for the fake platform API to delegate to.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type Recorded, RecordingFake } from '../../support/recording-server.js';

type Json = Record<string, any>;

export type Runner = (service: Json, request: Buffer) => Promise<string>;

const CLUSTER_ID = 'oscar-ai4eosc-cluster';
/** ai4-papi's modules user.yaml keys: the reference for its OSCAR configuration too (a quirk). */
const PAPI_KEYS: Record<string, string[]> = {
  general: ['title', 'desc', 'docker_image', 'docker_tag', 'service', 'jupyter_password'],
  hardware: ['cpu_num', 'gpu_num', 'gpu_type', 'ram', 'disk'],
  storage: ['rclone_conf', 'rclone_url', 'rclone_vendor', 'rclone_user', 'rclone_password', 'datasets'],
};

/** OSCAR's supervisor decodes a base64 body; anything else is the request as it came. */
function decodedBody(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return Buffer.from(compact, 'base64');
  return Buffer.from(text, 'utf8');
}

export class FakeOscar extends RecordingFake {
  user = 'oscar';
  password = 'oscar-password-0123456789';
  /** An OIDC access token the cluster accepts, and the user (`sub`) it stands for. */
  oidcToken = 'oidc-token-abcdefghijklmnopqrstu';
  sub = 'user-sub-1234';
  readonly services = new Map<string, Json>();
  runner: Runner = async (service, request) => JSON.stringify({ service: service.name, request: JSON.parse(request.toString('utf8')) });
  private userAuth(header: string | undefined): boolean {
    const basic = `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
    return header === basic || header === `Bearer ${this.oidcToken}`;
  }

  /** OSCAR's checks of a definition (pkg/types/service.go and the create handler). */
  private invalid(service: Json): string | undefined {
    if (typeof service?.name !== 'string' || service.name.length < 1 || service.name.length > 39)
      return "Key: 'Service.Name' Error:Field validation for 'Name' failed on the 'max' tag";
    if (!service.image) return "Key: 'Service.Image' Error:Field validation for 'Image' failed on the 'required' tag";
    if (!service.script) return "Key: 'Service.Script' Error:Field validation for 'Script' failed on the 'required' tag";
    return undefined;
  }

  protected async handle(r: Recorded, res: ServerResponse): Promise<void> {
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'Content-Type': typeof payload === 'string' ? 'text/plain' : 'application/json' });
      res.end(payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    let m: RegExpExecArray | null;
    if (r.path.startsWith('/system/')) {
      if (!this.userAuth(r.headers.authorization)) return send(401, 'Unauthorized');
      if (r.path === '/system/services' && r.method === 'GET') return send(200, [...this.services.values()]);
      if (r.path === '/system/services' && (r.method === 'POST' || r.method === 'PUT')) {
        const service = r.body as Json;
        const problem = this.invalid(service);
        if (problem) return send(400, problem);
        const exists = this.services.has(service.name);
        if (r.method === 'POST' && exists) return send(409, 'A service with the provided name already exists');
        if (r.method === 'PUT' && !exists) return send(404, 'The service does not exist');
        const token = exists ? this.services.get(service.name)!.token : randomBytes(32).toString('hex');
        this.services.set(service.name, { ...service, cluster_id: CLUSTER_ID, token });
        return send(r.method === 'POST' ? 201 : 204);
      }
      if ((m = /^\/system\/services\/([^/]+)$/.exec(r.path))) {
        const service = this.services.get(decodeURIComponent(m[1]!));
        if (!service) return send(404, 'Not Found');
        if (r.method === 'GET') return send(200, service);
        if (r.method === 'DELETE') {
          this.services.delete(service.name);
          return send(204);
        }
      }
      return send(404, 'Not Found');
    }
    if ((m = /^\/run\/([^/]+)$/.exec(r.path)) && r.method === 'POST') {
      const service = this.services.get(decodeURIComponent(m[1]!));
      if (!service) return send(404, 'Not Found');
      const auth = r.headers.authorization;
      if (auth !== `Bearer ${service.token}` && auth !== `Bearer ${this.oidcToken}`) return send(401, 'Unauthorized');
      return send(200, await this.runner(service, decodedBody(r.text)));
    }
    send(404, 'Not Found');
  }

  /**
   * The platform API's OSCAR routes (ai4-papi routers/v1/inference/oscar.py) on this cluster;
   * the caller has checked the platform token. True when the route was one of them.
   */
  papi(r: Recorded, res: ServerResponse, vos: string[]): boolean {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (!r.path.startsWith('/v1/inference/oscar/')) return false;
    const vo = r.query.get('vo');
    if (!vo || !vos.includes(vo)) {
      send(401, { detail: `The provided Virtual Organization does not match with any of your available VOs: ${vos.join(', ')}` });
      return true;
    }
    const shown = (s: Json) => ({
      ...s,
      endpoint: `${this.url}/run/${s.name}`,
      storage_providers: { minio: { [CLUSTER_ID]: { endpoint: 'https://minio.example', verify: true } } },
    });
    const definition = (conf: Json, name: string, created: string): Json | string => {
      for (const [group, values] of Object.entries(conf ?? {})) {
        if (!(group in PAPI_KEYS)) return `The key \`${group}\` in not a valid parameter.`;
        for (const key of Object.keys(values as Json))
          if (!PAPI_KEYS[group]!.includes(key)) return `The key \`${key}\` in not a valid parameter.`;
      }
      const general = { title: '', desc: '', docker_image: 'ai4oshub/ai4os-demo-app', docker_tag: 'latest', ...conf?.general };
      const hardware = { cpu_num: 2, ram: 3000, ...conf?.hardware };
      return {
        log_level: 'CRITICAL',
        alpine: false,
        cluster_id: CLUSTER_ID,
        name,
        // The quirk: the image without its tag, whatever docker_tag says.
        image: general.docker_image,
        cpu: String(hardware.cpu_num),
        memory: `${hardware.ram}Mi`,
        vo,
        allowed_users: [this.sub],
        environment: { Variables: { PAPI_TITLE: general.title, PAPI_DESCRIPTION: general.desc, PAPI_CREATED: created } },
        input: [{ storage_provider: 'minio.default', path: `${name}/inputs` }],
        output: [{ storage_provider: 'minio.default', path: `${name}/outputs` }],
        script: "#!/bin/bash\n# the platform's DEEPaaS script (ai4-papi etc/oscar/script.sh)\n",
        token: randomBytes(32).toString('hex'),
      };
    };
    const ours = (s: Json) => s.name.startsWith('ai4papi-') && s.vo === vo;
    let m: RegExpExecArray | null;
    if (r.path === '/v1/inference/oscar/services' && r.method === 'GET') {
      const list = [...this.services.values()].filter(ours);
      list.sort((a, b) => String(a.environment.Variables.PAPI_CREATED).localeCompare(b.environment.Variables.PAPI_CREATED));
      send(200, list.map(shown));
      return true;
    }
    if (r.path === '/v1/inference/oscar/services' && r.method === 'POST') {
      const name = `ai4papi-${randomUUID()}`.slice(0, 39);
      const service = definition(r.body as Json, name, new Date().toISOString().slice(0, 19).replace('T', ' '));
      if (typeof service === 'string') send(400, { detail: service });
      else {
        this.services.set(name, service);
        send(200, name);
      }
      return true;
    }
    if ((m = /^\/v1\/inference\/oscar\/services\/([^/]+)$/.exec(r.path))) {
      if (r.method === 'DELETE') {
        // The quirk: the path segment is not read; the name comes from the query.
        const name = r.query.get('service_name');
        if (!name) send(422, { detail: [{ loc: ['query', 'service_name'], msg: 'field required' }] });
        else if (!this.services.has(name)) send(404, { detail: 'Service not found' });
        else {
          this.services.delete(name);
          send(200, { status: 'success' });
        }
        return true;
      }
      const service = this.services.get(decodeURIComponent(m[1]!));
      if (!service || !ours(service)) {
        send(404, { detail: 'Service not found' });
        return true;
      }
      if (r.method === 'GET') send(200, shown(service));
      else if (r.method === 'PUT') {
        const updated = definition(r.body as Json, service.name, service.environment.Variables.PAPI_CREATED);
        if (typeof updated === 'string') send(400, { detail: updated });
        else {
          this.services.set(service.name, { ...updated, token: service.token });
          send(200, service.name);
        }
      } else send(405, { detail: 'Method Not Allowed' });
      return true;
    }
    send(404, { detail: 'Not Found' });
    return true;
  }
}

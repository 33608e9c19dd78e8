/**
 * OSCAR's REST API (grycap/oscar main.go, v4.1.2), the routes deploy uses: services under
 * `/system/services` (basic auth or an OIDC bearer token), synchronous runs at
 * `POST /run/<service>` (the service's own token, or the user's OIDC token).
 */
import { HttpClient, type HttpResponse, type Secret } from '../../http.js';
import type { OscarService } from '../../module-files/oscar-service.js';
import type { OscarAuth } from './credentials.js';

/** A service as OSCAR returns it: the definition sent, plus what the cluster adds. */
export type DeployedService = OscarService & { token?: string };

export class OscarApi {
  private readonly http: HttpClient;

  constructor(
    readonly cluster: string,
    private readonly auth: OscarAuth,
    private readonly timeoutMs?: number,
  ) {
    this.http = this.client({ scheme: auth.scheme, secret: auth.secret });
  }

  private client(auth: { scheme: 'Bearer' | 'Basic'; secret: Secret }): HttpClient {
    return new HttpClient({
      baseUrl: this.cluster,
      service: `the OSCAR cluster (${this.cluster})`,
      headers: { Accept: 'application/json' },
      auth,
      secrets: this.auth.secrets,
      timeoutMs: this.timeoutMs,
    });
  }

  private hints(): Partial<Record<number, string>> {
    return {
      401: this.auth.basic
        ? `The cluster refused the user and password (${this.auth.secret.source}): check OSCAR_USER and OSCAR_PASSWORD.`
        : `The cluster refused the token (${this.auth.secret.source}): it may have expired, or OIDC sign-in is not enabled there.`,
      403: 'The account may not do this on the cluster (for a token: its user must be allowed on the service or in its VO).',
    };
  }

  async get(name: string): Promise<DeployedService | undefined> {
    const response = await this.http.get<DeployedService>(`/system/services/${encodeURIComponent(name)}`, {
      accept: [404],
      hints: this.hints(),
    });
    return response.status === 404 ? undefined : response.data;
  }

  async create(service: OscarService): Promise<void> {
    await this.http.post('/system/services', { json: service, hints: this.hints() });
  }

  async update(service: OscarService): Promise<void> {
    await this.http.request('PUT', '/system/services', { json: service, hints: this.hints() });
  }

  /** False when there was no such service. */
  async remove(name: string): Promise<boolean> {
    const response = await this.http.request('DELETE', `/system/services/${encodeURIComponent(name)}`, {
      accept: [404],
      hints: this.hints(),
    });
    return response.status !== 404;
  }

  /** A synchronous run: the script's output is the answer. */
  async run(name: string, request: unknown, serviceToken?: string): Promise<HttpResponse> {
    const http =
      this.auth.basic && serviceToken
        ? this.client({ scheme: 'Bearer', secret: { value: serviceToken, source: 'the service token' } })
        : this.http;
    return http.post(`/run/${encodeURIComponent(name)}`, { json: request, hints: this.hints() });
  }
}

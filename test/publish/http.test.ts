/** The HTTP client against a loopback server that answers as each case needs and records every request. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, HttpError, redact, retryAfterMs, secretFromEnv } from '../../src/http.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Seen, response: ServerResponse, index: number) => void;

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handler: Handler): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      handler(request, res, seen.length - 1);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const waits: number[] = [];
const noWait = async (ms: number) => {
  waits.push(ms);
};
afterEach(() => {
  waits.length = 0;
});

function client(base: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient {
  return new HttpClient({
    baseUrl: base,
    service: 'GitHub',
    auth: { scheme: 'Bearer', secret: { value: TOKEN, source: 'GITHUB_TOKEN' } },
    sleep: noWait,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('HttpClient', () => {
  it('sends the headers, the JSON body and the query, and parses the answer', async () => {
    const { base, seen } = await serve((_req, res) => json(res, 201, { number: 7 }));
    const answer = await client(base, { headers: { Accept: 'application/vnd.github+json' } }).post<{ number: number }>(
      '/repos/o/r/issues',
      {
        json: { title: 'T' },
        query: { per_page: 5 },
      },
    );
    expect(answer.status).toBe(201);
    expect(answer.data.number).toBe(7);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/repos/o/r/issues?per_page=5', body: '{"title":"T"}' });
    expect(seen[0]!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
    });
  });

  it('retries a GET after a 500 with growing backoff, and succeeds', async () => {
    const { base, seen } = await serve((_req, res, i) => (i < 2 ? json(res, 500, { message: 'oops' }) : json(res, 200, { ok: true })));
    const log: string[] = [];
    const answer = await client(base, { backoffMs: 100, log: (line) => log.push(line) }).get(`/x?access_token=${TOKEN}`);
    expect(answer.data).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    expect(log).toContain(`GitHub: GET ${base}/x?access_token=*** answered 500; retrying in 100 ms`);
    expect(log.at(-1)).toBe(`GitHub: GET ${base}/x?access_token=*** (attempt 3)`);
  });

  it('waits as Retry-After says on a 429', async () => {
    const { base, seen } = await serve((_req, res, i) =>
      i === 0 ? json(res, 429, { message: 'slow down' }, { 'Retry-After': '7' }) : json(res, 200, {}),
    );
    await client(base).get('/x');
    expect(seen).toHaveLength(2);
    expect(waits).toEqual([7000]);
  });

  it('does not wait for a Retry-After beyond the limit: it says when to try again', async () => {
    const { base, seen } = await serve((_req, res) => json(res, 429, { message: 'slow down' }, { 'Retry-After': '3600' }));
    const error = await failure(client(base).get('/x'));
    expect(seen).toHaveLength(1);
    expect(error.hint).toMatch(/try again in 3600 s/);
  });

  it('never repeats a POST after a 500, and marks the outcome uncertain', async () => {
    const { base, seen } = await serve((_req, res) => json(res, 500, { message: 'boom' }));
    const error = await failure(client(base).post('/repos/o/r/issues', { json: {} }));
    expect(seen).toHaveLength(1);
    expect(error.status).toBe(500);
    expect(error.uncertain).toBe(true);
    expect(error.hint).toMatch(/may or may not have taken effect/);
  });

  it('times out each attempt; a GET is retried, a POST is not', async () => {
    // The server never answers: the short timeout ends each attempt.
    const { base, seen } = await serve(() => {});
    // What reached the server depends on the machine's speed; what the client did does not.
    const get = await failure(client(base, { timeoutMs: 50, retries: 2 }).get('/slow'));
    expect(waits).toEqual([500, 1000]);
    expect(get.status).toBeUndefined();
    expect(get.message).toMatch(/did not answer GET .*\/slow: no answer within 50 ms/);
    expect(get.hint).toContain('(tried 3 times)');
    waits.length = 0;
    const post = await failure(client(base, { timeoutMs: 50 }).post('/slow'));
    expect(waits).toEqual([]);
    expect(post.uncertain).toBe(true);
    expect(post.hint).toMatch(/may or may not have reached GitHub/);
    expect(seen.filter((r) => r.method === 'POST').length).toBeLessThanOrEqual(1);
  });

  it('reports a refused connection after the retries', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    const error = await failure(client(`http://127.0.0.1:${port}`, { retries: 1 }).get('/x'));
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(waits).toHaveLength(1);
  });

  it('a 4xx shows the server message and the hint for the status; 401 names the variable, never the token', async () => {
    const { base } = await serve((_req, res, i) =>
      i === 0
        ? json(res, 401, { message: `Bad credentials for ${TOKEN}`, documentation_url: 'https://docs.github.com/rest' })
        : json(res, 422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }],
          }),
    );
    const unauthorised = await failure(client(base).get('/user'));
    expect(unauthorised.message).toContain('401');
    expect(unauthorised.message).toContain('Bad credentials');
    expect(unauthorised.hint).toContain('GITHUB_TOKEN');
    expect(`${unauthorised.message} ${unauthorised.hint}`).not.toContain(TOKEN);
    const invalid = await failure(client(base).post('/user/repos', { json: {}, hints: { 422: 'Pick another name.' } }));
    expect(invalid.message).toContain('Validation Failed (name already exists on this account)');
    expect(invalid.hint).toBe('Pick another name.');
  });

  it('returns accepted statuses instead of throwing', async () => {
    const { base } = await serve((_req, res) => json(res, 404, { message: 'Not Found' }));
    expect((await client(base).get('/repos/o/r', { accept: [404] })).status).toBe(404);
  });
});

describe('secrets', () => {
  it('a token from the environment is trimmed, and the variable is remembered', () => {
    expect(secretFromEnv(['GITHUB_TOKEN', 'GH_TOKEN'], { GH_TOKEN: `${TOKEN}\n` })).toEqual({ value: TOKEN, source: 'GH_TOKEN' });
    expect(secretFromEnv(['GITHUB_TOKEN'], { GITHUB_TOKEN: ' \n' })).toBeUndefined();
    expect(() => secretFromEnv(['GITHUB_TOKEN'], { GITHUB_TOKEN: 'two words' })).toThrow(/GITHUB_TOKEN contains spaces/);
  });

  it('redact removes given secrets, credentials in URLs and token-shaped words', () => {
    expect(redact('push https://x-access-token:s3cr3t@github.com/o/r failed', [])).toBe('push https://***@github.com/o/r failed');
    expect(redact(`token ${TOKEN} and github_pat_11ABCDEFGHIJKLMNOPQRSTUV_x`)).toBe('token *** and ***');
    expect(redact('value hunter22 here', ['hunter22'])).toBe('value *** here');
  });

  it('Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '3' }))).toBe(3000);
    expect(retryAfterMs(new Headers({ 'Retry-After': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

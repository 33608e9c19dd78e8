/**
 * A loopback HTTP server for the fakes of remote services (GitHub, the platform API): it
 * listens on 127.0.0.1 on a free port, reads each request's JSON body and records every
 * request, so tests assert what the tool sent.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The body parsed as JSON; the text itself when it is not JSON (OSCAR takes base64). */
  body: unknown;
  text: string;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface RecordingServer {
  url: string;
  /** Every request, in the order they came. */
  requests: Recorded[];
  close: () => Promise<void>;
}

export async function listen(handle: (request: Recorded, res: ServerResponse) => void): Promise<RecordingServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const text = Buffer.concat(chunks).toString('utf8');
      const request = {
        method: req.method!,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: text ? parsed(text) : undefined,
        text,
      };
      requests.push(request);
      handle(request, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** What every fake service shares: started on a free loopback port, stopped, its requests by route. */
export abstract class RecordingFake {
  url = '';
  private server?: RecordingServer;

  get requests(): Recorded[] {
    return this.server?.requests ?? [];
  }

  async start(): Promise<this> {
    this.server = await listen((request, res) => void this.handle(request, res));
    this.url = this.server.url;
    return this;
  }

  stop(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  /** The recorded requests to one route, as "METHOD /path". */
  calls(route: string): Recorded[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route);
  }

  protected abstract handle(request: Recorded, res: ServerResponse): void | Promise<void>;
}

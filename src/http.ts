/**
 * The one HTTP client of the commands that talk to services (GitHub, the platform API):
 * Node's global fetch, a timeout on every attempt, retries with backoff only where a repeat
 * is harmless, and failures as UserErrors that quote the server and never a secret.
 *
 * Retry policy: GET, HEAD, PUT, DELETE and OPTIONS are idempotent and are retried on 5xx,
 * 429 (waiting as `Retry-After` says), a timeout and a connection error. POST and PATCH are
 * sent once: when one fails without an answer (`HttpError.uncertain`), the caller reconciles
 * by looking up what exists, as a repeat could create a second issue or pull request.
 */
import { UserError } from './errors.js';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'OPTIONS' | 'POST' | 'PATCH';

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** A secret value and the environment variable (or other place) it came from, for messages. */
export interface Secret {
  value: string;
  /** Named in messages instead of the value, e.g. `GITHUB_TOKEN`. */
  source: string;
}

export interface HttpClientOptions {
  /** `https://api.github.com`; request paths are joined to it. */
  baseUrl: string;
  /** Named in messages: `GitHub`, `the platform API`. */
  service: string;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** Sent as `Authorization: <scheme> <value>`; its value is redacted from every message. */
  auth?: { scheme: 'Bearer' | 'token' | 'Basic'; secret: Secret };
  /** Per attempt, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Further attempts of an idempotent request (default 3). */
  retries?: number;
  /** First backoff, doubled each retry (default 500 ms). */
  backoffMs?: number;
  /** The longest `Retry-After` honoured; a longer one fails at once, saying when to try again (default 60 s). */
  maxRetryAfterMs?: number;
  /** Other values to keep out of messages. */
  secrets?: string[];
  /** Each attempt and retry, already redacted (for a verbose mode). */
  log?: (line: string) => void;
  /** How to wait between attempts (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpRequestOptions {
  /** Serialised with JSON.stringify, with `Content-Type: application/json`. */
  json?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for "does it exist?"). */
  accept?: number[];
  /** Treat this POST/PATCH as safe to repeat (the caller knows the server deduplicates). */
  idempotent?: boolean;
  /** What to change, shown under a 4xx message; replaces the default for that status. */
  hints?: Partial<Record<number, string>>;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  data: T;
  text: string;
}

/** A request that failed: the server refused it (status) or did not answer (no status). */
export class HttpError extends UserError {
  constructor(
    message: string,
    hint: string | undefined,
    readonly method: HttpMethod,
    readonly url: string,
    /** Undefined when no answer came (timeout, connection refused, DNS). */
    readonly status: number | undefined,
    /** What the server said (its `message`/`detail`), redacted. */
    readonly serverMessage: string | undefined,
  ) {
    super(message, hint, 1);
  }

  /** No answer or a 5xx to a POST/PATCH: it may or may not have taken effect. */
  get uncertain(): boolean {
    return this.status === undefined || this.status >= 500;
  }
}

export class HttpClient {
  private readonly secrets: string[];

  constructor(readonly options: HttpClientOptions) {
    this.secrets = [...(options.secrets ?? []), ...(options.auth ? [options.auth.secret.value] : [])];
  }

  get<T = unknown>(path: string, request?: HttpRequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, request);
  }

  post<T = unknown>(path: string, request?: HttpRequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, request);
  }

  /** Any message text with this client's secrets (and any credentials in URLs) replaced. */
  redact(text: string): string {
    return redact(text, this.secrets);
  }

  async request<T = unknown>(method: HttpMethod, path: string, request: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    const url = this.url(path, request.query);
    const shown = `${method} ${this.redact(url)}`;
    const headers: Record<string, string> = { ...this.options.headers, ...request.headers };
    if (this.options.auth) headers.Authorization = `${this.options.auth.scheme} ${this.options.auth.secret.value}`;
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['Content-Type'] = 'application/json';
    }
    const repeatable = IDEMPOTENT.has(method) || request.idempotent === true;
    const retries = repeatable ? (this.options.retries ?? 3) : 0;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    for (let attempt = 0; ; attempt++) {
      const backoff = (this.options.backoffMs ?? 500) * 2 ** attempt;
      this.options.log?.(`${this.options.service}: ${shown}${attempt > 0 ? ` (attempt ${attempt + 1})` : ''}`);
      let response: Response;
      try {
        response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (error) {
        const reason = failureReason(error, timeoutMs);
        if (attempt < retries) {
          this.options.log?.(`${this.options.service}: ${shown}: ${reason}; retrying in ${seconds(backoff)}`);
          await sleep(backoff);
          continue;
        }
        throw this.error(
          method,
          url,
          undefined,
          undefined,
          `${this.options.service} did not answer ${shown}: ${reason}.`,
          noAnswerHint(this.options.service, repeatable, attempt),
        );
      }
      const text = await response.text().catch(() => '');
      const data = parseJson(text) as T;
      if (response.ok || request.accept?.includes(response.status))
        return { status: response.status, headers: response.headers, data, text };
      const rateLimited =
        response.status === 429 ||
        (response.status === 403 && (response.headers.has('retry-after') || response.headers.get('x-ratelimit-remaining') === '0'));
      const serverMessage = this.redact(serverMessageOf(data, text));
      if ((rateLimited || response.status >= 500) && attempt < retries) {
        const wait = rateLimited ? (retryAfterMs(response.headers) ?? backoff) : backoff;
        if (wait <= (this.options.maxRetryAfterMs ?? 60_000)) {
          this.options.log?.(`${this.options.service}: ${shown} answered ${response.status}; retrying in ${seconds(wait)}`);
          await sleep(wait);
          continue;
        }
      }
      const statusText = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      const message = `${this.options.service} refused ${shown}: ${statusText}${serverMessage ? `: ${serverMessage}` : ''}`;
      const hint = request.hints?.[response.status] ?? this.defaultHint(response, rateLimited, repeatable);
      throw this.error(method, url, response.status, serverMessage || undefined, message, hint);
    }
  }

  private url(path: string, query: HttpRequestOptions['query']): string {
    const url = new URL(/^https?:\/\//.test(path) ? path : `${this.options.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  private defaultHint(response: Response, rateLimited: boolean, repeatable: boolean): string | undefined {
    const variable = this.options.auth?.secret.source;
    if (rateLimited) {
      const wait = retryAfterMs(response.headers) ?? resetInMs(response.headers);
      return `${this.options.service} limits how often it may be called; try again${wait !== undefined ? ` in ${seconds(wait)}` : ' later'}.`;
    }
    if (response.status === 401) {
      return variable
        ? `The token in ${variable} was rejected (expired, revoked or mistyped). Make a new one and set ${variable} again.`
        : `${this.options.service} wants a token for this.`;
    }
    if (response.status === 403) {
      return variable
        ? `The token in ${variable} is valid but may not do this: give it the needed scope or permission, or ask an owner.`
        : undefined;
    }
    if (response.status >= 500) {
      return repeatable
        ? `${this.options.service} has a problem of its own; try again later.`
        : `${this.options.service} has a problem of its own, and the request may or may not have taken effect; run the command again: it looks up what exists first.`;
    }
    return undefined;
  }

  private error(
    method: HttpMethod,
    url: string,
    status: number | undefined,
    serverMessage: string | undefined,
    message: string,
    hint: string | undefined,
  ): HttpError {
    return new HttpError(
      this.redact(message),
      hint === undefined ? undefined : this.redact(hint),
      method,
      this.redact(url),
      status,
      serverMessage,
    );
  }
}

/**
 * The first of `names` set in `env`, trimmed (a token pasted or read from a file often ends
 * with a newline, which would break the header), or undefined when none is set.
 */
export function secretFromEnv(names: readonly string[], env: NodeJS.ProcessEnv = process.env): Secret | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) {
      if (/[\s\0]/.test(value)) {
        throw new UserError(
          `${name} contains spaces or line breaks inside the value; a token is one word.`,
          `Set ${name} to the token alone.`,
        );
      }
      return { value, source: name };
    }
  }
  return undefined;
}

/** The token piped on standard input (--token-stdin): one word, else an error that says `how` to give one. */
export async function secretFromStdin(how: string): Promise<Secret> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks).toString('utf8').trim();
  if (!value || /\s/.test(value)) throw new UserError('--token-stdin: standard input held no token (or more than one word).', how);
  return { value, source: 'standard input' };
}

const TOKEN_SHAPES = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/g,
];

/** `text` with every secret, credentials in URLs and anything shaped like a GitHub token or a JWT replaced by `***`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  out = out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]*(?::[^/@\s]*)?@/gi, '$1***@');
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, '***');
  return out;
}

/** The server's own words: GitHub's `message` and `errors`, FastAPI's `detail`, or the text. */
export function serverMessageOf(data: unknown, text: string): string {
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const parts: string[] = [];
    if (typeof record.message === 'string') parts.push(record.message);
    if (typeof record.detail === 'string') parts.push(record.detail);
    if (Array.isArray(record.detail)) {
      for (const item of record.detail) {
        const entry = item as { msg?: unknown; loc?: unknown };
        if (typeof entry?.msg === 'string') parts.push(Array.isArray(entry.loc) ? `${entry.loc.join('.')}: ${entry.msg}` : entry.msg);
      }
    }
    if (Array.isArray(record.errors)) {
      const details = record.errors
        .map((item) => {
          if (typeof item === 'string') return item;
          const entry = item as { message?: unknown; field?: unknown; code?: unknown };
          if (typeof entry?.message === 'string') return entry.message;
          return [entry?.field, entry?.code].filter((x) => typeof x === 'string').join(' ');
        })
        .filter(Boolean);
      if (details.length > 0) parts.push(`(${details.join('; ')})`);
    }
    if (parts.length > 0) return parts.join(' ');
  }
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 300 ? `${plain.slice(0, 300)}…` : plain;
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function resetInMs(headers: Headers, now = Date.now()): number | undefined {
  const reset = Number(headers.get('x-ratelimit-reset'));
  return reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failureReason(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${seconds(timeoutMs)}`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return (error as Error)?.message ?? String(error);
}

function noAnswerHint(service: string, repeatable: boolean, attempt: number): string {
  const tried = attempt > 0 ? ` (tried ${attempt + 1} times)` : '';
  return repeatable
    ? `Check the network connection and the address of ${service}${tried}, then run again.`
    : `Check the network connection${tried}. The request may or may not have reached ${service}; run the command again: it looks up what exists first.`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

import { CliError } from './errors.ts';

/** RFC 9457 problem details as the hub sends them. */
export interface Problem {
  type?: string;
  status?: number;
  detail?: string;
  [extension: string]: unknown;
}

export interface ApiResponse {
  ok: boolean;
  status: number;
  body: unknown;
}

/** A small JSON client for the hub's REST API; all messages it raises are German. */
export class ApiClient {
  token: string | null = null;
  readonly server: string;

  constructor(server: string) {
    try {
      this.server = new URL(server).toString().replace(/\/$/, '');
    } catch {
      throw new CliError(`Ungültige Server-Adresse „${server}“. Beispiel: http://127.0.0.1:8080`, 2);
    }
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { 'accept-language': 'de', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  /** Sends a request and parses the JSON response. A connection failure becomes a CliError. */
  async send(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; duplex?: 'half' } = {}): Promise<ApiResponse> {
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, { method, ...init, headers: this.headers(init.headers) } as RequestInit);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(`Der Server ${this.server} ist nicht erreichbar (${cause}). Läuft der Hub, und stimmt --server?`);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // A non-JSON answer (a proxy error page, for example) is kept as text for the message.
    }
    return { ok: response.ok, status: response.status, body };
  }

  request(method: string, path: string, json?: unknown): Promise<ApiResponse> {
    if (json === undefined) return this.send(method, path);
    return this.send(method, path, { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
  }

  /** Turns a failed response into a CliError carrying the German problem detail. */
  failure(response: ApiResponse): CliError {
    const problem = response.body as Problem | string | null;
    const detail = problem && typeof problem === 'object' && typeof problem.detail === 'string'
      ? problem.detail
      : `Der Server antwortete mit Status ${response.status}.`;
    return new CliError(detail, 1);
  }
}

/**
 * Small client for the hub's REST API. It sends the session cookie, adds the CSRF token to
 * every non-GET request and the UI language as Accept-Language, and turns RFC 9457 problem
 * responses into ApiProblem errors whose message is the server's localised `detail`.
 */

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
let language: 'de' | 'en' = 'de';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(next: 'de' | 'en'): void {
  language = next;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly problem: Record<string, unknown>;

  constructor(status: number, problem: Record<string, unknown>) {
    super(typeof problem.detail === 'string' ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.type = typeof problem.type === 'string' ? problem.type : 'about:blank';
    this.problem = problem;
  }
}

function requestHeaders(method: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': language, Accept: 'application/json', ...extra };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

async function problemFrom(response: Response): Promise<ApiProblem> {
  const text = await response.text();
  try {
    return new ApiProblem(response.status, JSON.parse(text) as Record<string, unknown>);
  } catch {
    const detail =
      language === 'de'
        ? `Der Server antwortete mit Status ${response.status}. Bitte versuchen Sie es später erneut.`
        : `The server responded with status ${response.status}. Please try again later.`;
    return new ApiProblem(response.status, { detail });
  }
}

/** Sends a JSON request to a path below /api/v1 and returns the parsed body (undefined for 204). */
export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const extra: Record<string, string> = options.body === undefined ? {} : { 'Content-Type': 'application/json' };
  const response = await fetch(API_BASE + path, {
    method,
    credentials: 'same-origin',
    headers: requestHeaders(method, extra),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/**
 * Uploads a multipart form with XMLHttpRequest, because fetch reports no upload progress.
 * onProgress receives the fraction sent, from 0 to 1.
 */
export function uploadForm<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', API_BASE + path);
    for (const [name, value] of Object.entries(requestHeaders('POST'))) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(request.responseText) as Record<string, unknown>;
      } catch {
        body = {};
      }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(new ApiProblem(request.status, body.detail ? body : { detail: `HTTP ${request.status}` }));
    };
    request.onerror = () =>
      reject(
        new ApiProblem(0, {
          detail:
            language === 'de'
              ? 'Die Verbindung zum Server ist fehlgeschlagen. Bitte prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.'
              : 'The connection to the server failed. Please check the network and try again.',
        }),
      );
    request.send(form);
  });
}

/** Returns the message to show for any error caught in the UI. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Builds a query string from defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function datasetPath(space: string, dataset: string): string {
  return `/dataspaces/${encodeURIComponent(space)}/datasets/${encodeURIComponent(dataset)}`;
}

/** Reads a list from a response that is either a bare array or an object with the list under `key`. */
export function listFrom<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const value = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? (value as T[]) : [];
}

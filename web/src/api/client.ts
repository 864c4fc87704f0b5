// The one fetch wrapper of the portal: JSON in and out, the CSRF header on every mutating
// request, and RFC 9457 problem+json errors turned into ApiError.

export type FieldErrors = Record<string, string>;

// A rejected row of an import: its line in the file, the column and why.
export type RejectedRow = { line: number; field: string; message: string };

type ProblemBody = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldErrors | Array<{ field: string; message: string }>;
  rows?: RejectedRow[];
};

// An error answered by the server (or the network), with the messages to show next to fields.
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: FieldErrors;
  readonly rows: RejectedRow[];
  // Seconds to wait before asking again, from the Retry-After header of a 429 or 503.
  readonly retryAfter: number | null;

  constructor(status: number, problem: ProblemBody, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title ?? 'Request failed';
    this.detail = problem.detail ?? '';
    this.fieldErrors = normaliseFieldErrors(problem.errors);
    this.rows = Array.isArray(problem.rows) ? problem.rows : [];
    this.retryAfter = retryAfter;
  }
}

function normaliseFieldErrors(errors: ProblemBody['errors']): FieldErrors {
  if (!errors) return {};
  if (Array.isArray(errors)) {
    const out: FieldErrors = {};
    for (const { field, message } of errors) {
      if (!(field in out)) out[field] = message;
    }
    return out;
  }
  return { ...errors };
}

let csrfToken: string | null = null;

// Set from the sign-in response; sent as X-CSRF-Token on every mutating request.
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function apiFetch<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A file goes as itself, with its own media type; anything else as JSON.
  const isFile = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = isFile ? body.type || 'application/octet-stream' : 'application/json';
  if (MUTATING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isFile ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      title: 'Cannot reach the server',
      detail: 'Check your connection and try again.',
    });
  }

  const type = response.headers.get('Content-Type') ?? '';
  const isJson = type.includes('json');
  if (!response.ok) {
    const problem: ProblemBody = isJson
      ? await response.json().catch(() => ({}))
      : { title: response.statusText || 'Request failed' };
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    throw new ApiError(response.status, { status: response.status, ...problem },
      Number.isFinite(retryAfter) ? retryAfter : null);
  }
  if (response.status === 204 || !isJson) return undefined as T;
  return (await response.json()) as T;
}

// A POST answered with text rather than JSON (a CSV download), with the same headers and errors.
export async function apiPostForText(path: string, body: unknown, accept: string): Promise<string> {
  const headers: Record<string, string> = { Accept: accept, 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { title: 'Cannot reach the server', detail: 'Check your connection and try again.' });
  }
  if (!response.ok) {
    const problem: ProblemBody = (response.headers.get('Content-Type') ?? '').includes('json')
      ? await response.json().catch(() => ({}))
      : { title: response.statusText || 'Request failed' };
    throw new ApiError(response.status, { status: response.status, ...problem });
  }
  return response.text();
}

export const api = {
  get: <T>(path: string) => apiFetch<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiFetch<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => apiFetch<T>('PUT', path, body ?? {}),
  putFile: <T>(path: string, file: Blob) => apiFetch<T>('PUT', path, file),
  postFile: <T>(path: string, file: Blob) => apiFetch<T>('POST', path, file),
  patch: <T>(path: string, body?: unknown) => apiFetch<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => apiFetch<T>('DELETE', path),
};

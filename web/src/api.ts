/**
 * The dashboard's HTTP client: JSON in and out, the session cookie sent by the browser, the
 * CSRF token added to every state change, and failures as `ApiFailure` (status, sentence, field).
 */
import type { ApiErrorBody } from '../../src/api/types.js';

export const API = '/api/v1';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

let csrfToken: string | null = null;
let onSignedOut: () => void = () => {};

export function setCsrf(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (expired, or logged out elsewhere). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function get<T>(path: string, query?: Query): Promise<T> {
  return request<T>('GET', `${path}${queryString(query)}`);
}

export function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiFailure(0, 'the server cannot be reached');
  }
  const data = (await res.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
  if (res.ok) return data as T;
  const failure = new ApiFailure(res.status, data?.error ?? `the server answered ${res.status}`, data?.field ?? null);
  if (res.status === 401 && !path.startsWith('/auth/login')) onSignedOut();
  throw failure;
}

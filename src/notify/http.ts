import type { SendOutcome } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
const ERROR_BODY_CHARS = 200;

/**
 * POST a JSON body with global fetch and a timeout. Never throws: a failure says whether a retry may
 * help (network errors, timeouts, 408, 429 and 5xx) or not (other 4xx). Errors name the host only,
 * never the full URL, which often carries a secret (Slack webhook paths do).
 */
export async function postJson(url: string, body: string, opts: { headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<SendOutcome> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const host = hostOf(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'logtrack-notify', ...opts.headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    return { kind: 'failed', error: describeFetchError(err, host, timeoutMs), retryable: true };
  }
  if (response.ok) {
    await response.body?.cancel();
    return { kind: 'sent' };
  }
  const text = await response.text().catch(() => '');
  const detail = text.trim() ? `: ${text.trim().slice(0, ERROR_BODY_CHARS)}` : '';
  return { kind: 'failed', error: `${host} answered HTTP ${response.status}${detail}`, retryable: isRetryableStatus(response.status) };
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function describeFetchError(err: unknown, host: string, timeoutMs: number): string {
  if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `${host} did not answer within ${timeoutMs} ms`;
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
  return `cannot reach ${host}: ${reason}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
}

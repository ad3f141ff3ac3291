/** Option fields shared by channel types, each with one clear message. */
import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS } from '../http.js';

export function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

export function httpUrl() {
  return z.string({ error: 'must be an http(s) URL' }).refine(isHttpUrl, { error: 'must be an http(s) URL' });
}

export function timeoutMs() {
  const error = 'must be a positive number of milliseconds';
  return z.number({ error }).int({ error }).positive({ error }).max(300_000, { error: 'must be at most 300000 (5 minutes)' }).default(DEFAULT_TIMEOUT_MS);
}

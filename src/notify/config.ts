/**
 * The notification config (YAML or JSON): channels, routes, and delivery settings. Validated with zod;
 * every error is one sentence naming the field, e.g. `notify config: channel "ops": url must be an http(s) URL`.
 *
 * ```yaml
 * link: https://logtrack.example.com/incidents/{id}
 * repeat_interval_minutes: 60
 * channels:
 *   - { name: ops, type: webhook, url: https://hooks.example.com/logtrack, secret: change-me-to-something-long }
 *   - { name: chat, type: slack, url: https://hooks.slack.com/services/T000/B000/XXX }
 *   - { name: console, type: command }
 * routes:
 *   - { channels: [console] }
 *   - { channels: [chat, ops], min_severity: HIGH }
 *   - { channels: [ops], rules: [ssh-bruteforce], services: [auth] }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { firstError } from '../api/messages.js';
import { SEVERITIES } from '../domain/index.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { isHttpUrl } from './channels/options.js';
import { channelRegistry } from './builtins.js';
import type { ChannelEnv, ChannelRegistry } from './registry.js';
import type { Route } from './routing.js';
import type { Channel } from './types.js';

export interface NotifyConfig {
  channels: Channel[];
  routes: Route[];
  repeatIntervalMinutes: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  /** Dashboard URL of an incident, `{id}` standing for its id. */
  linkTemplate: string | null;
}

export type ConfigOutcome = { kind: 'ok'; config: NotifyConfig } | { kind: 'error'; message: string };

const names = z.array(z.string().trim().min(1, { error: 'must not contain empty names' }), { error: 'must be a list of names' });

const route = z.strictObject({
  channels: names.refine((list) => list.length > 0, { error: 'must name at least one channel' }),
  rules: names.optional(),
  min_severity: z.enum(SEVERITIES).optional(),
  services: names.optional(),
});

const schema = z.strictObject({
  link: z
    .string()
    .refine((link) => link.includes('{id}') && isHttpUrl(link.replaceAll('{id}', '1')), { error: 'must be an http(s) URL containing {id}' })
    .optional(),
  repeat_interval_minutes: z.number().nonnegative().finite().default(60),
  max_attempts: z.number().int().positive().max(100).default(5),
  backoff: z
    .strictObject({
      base_ms: z.number().int().positive().default(DEFAULT_BACKOFF.baseMs),
      factor: z.number().min(1).max(10).default(DEFAULT_BACKOFF.factor),
      max_ms: z.number().int().positive().default(DEFAULT_BACKOFF.maxMs),
    })
    .default({ base_ms: DEFAULT_BACKOFF.baseMs, factor: DEFAULT_BACKOFF.factor, max_ms: DEFAULT_BACKOFF.maxMs }),
  channels: z.array(z.looseObject({ name: z.string().trim().min(1), type: z.string().trim().min(1) })).default([]),
  routes: z.array(route).default([]),
});

export interface ConfigOptions {
  /** Default: the process-wide registry (built-ins and registered plugins). */
  registry?: ChannelRegistry;
  env?: Partial<ChannelEnv>;
}

const fail = (message: string): ConfigOutcome => ({ kind: 'error', message: `notify config: ${message}` });

/** Validate a config object (already parsed from YAML/JSON) and build its channels. */
export function parseNotifyConfig(input: unknown, opts: ConfigOptions = {}): ConfigOutcome {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) return fail(firstError(parsed.error, input).message);
  const raw = parsed.data;
  const registry = opts.registry ?? channelRegistry;

  const channels: Channel[] = [];
  for (const entry of raw.channels) {
    if (channels.some((c) => c.name === entry.name)) return fail(`channel name "${entry.name}" is used twice`);
    const built = registry.build(entry, opts.env);
    if (built.kind === 'error') return fail(built.message);
    channels.push(built.channel);
  }
  const known = new Set(channels.map((c) => c.name));
  for (const [i, r] of raw.routes.entries()) {
    const unknown = r.channels.find((name) => !known.has(name));
    if (unknown) return fail(`routes[${i}] sends to unknown channel "${unknown}" (defined: ${[...known].join(', ') || 'none'})`);
  }
  return {
    kind: 'ok',
    config: {
      channels,
      routes: raw.routes.map((r) => ({ channels: r.channels, rules: r.rules, minSeverity: r.min_severity, services: r.services })),
      repeatIntervalMinutes: raw.repeat_interval_minutes,
      maxAttempts: raw.max_attempts,
      backoff: { baseMs: raw.backoff.base_ms, factor: raw.backoff.factor, maxMs: raw.backoff.max_ms },
      linkTemplate: raw.link ?? null,
    },
  };
}

/** Parse YAML (or JSON, a subset of YAML) text. */
export function parseNotifyConfigText(text: string, opts: ConfigOptions = {}): ConfigOutcome {
  let input: unknown;
  try {
    input = parseYaml(text);
  } catch (err) {
    return fail(`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return parseNotifyConfig(input, opts);
}

export async function loadNotifyConfig(path: string, opts: ConfigOptions = {}): Promise<ConfigOutcome> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return fail(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseNotifyConfigText(text, opts);
}

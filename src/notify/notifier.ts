/**
 * Delivers incidents to channels. The decisions (silences, routing, repeat interval, backoff) are pure
 * functions in their own files; this is the I/O around them: every send is a Delivery row going
 * pending → sent | failed, with attempts, lastError and nextAttemptAt, so retries survive restarts.
 */
import type { Alert, Incident } from '../domain/index.js';
import type { Delivery, Silence, Store } from '../store/store.js';
import { afterFailure, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { buildPayload } from './payload.js';
import { shouldNotify } from './repeat.js';
import { routeFor, type Route } from './routing.js';
import { applySilences } from './silence.js';
import type { Channel, NotifyPayload, SendOutcome } from './types.js';

export type NotifierStore = Pick<
  Store,
  'createDelivery' | 'updateDelivery' | 'listDeliveries' | 'lastDelivery' | 'listSilences' | 'getIncident' | 'listAlerts' | 'withLock'
>;

export interface NotifierOptions {
  store: NotifierStore;
  channels: readonly Channel[];
  routes: readonly Route[];
  repeatIntervalMinutes?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  linkTemplate?: string | null;
  now?: () => number;
}

export const DEFAULT_NOTIFIER = {
  repeatIntervalMinutes: 60,
  maxAttempts: 5,
  backoff: DEFAULT_BACKOFF,
  linkTemplate: null,
  now: Date.now,
} as const satisfies Partial<NotifierOptions>;

/** What happened on one channel. */
export type ChannelResult =
  | { kind: 'sent'; channel: string; deliveryId: number }
  | { kind: 'retrying'; channel: string; deliveryId: number; error: string; nextAttemptAt: number }
  | { kind: 'failed'; channel: string; deliveryId: number; error: string }
  /** Notified on this channel within the repeat interval. */
  | { kind: 'repeat'; channel: string; nextAt: number }
  /** A delivery of this incident is already waiting for a retry on this channel. */
  | { kind: 'in_flight'; channel: string; deliveryId: number }
  | { kind: 'unknown_channel'; channel: string };

export type NotifyResult =
  | { kind: 'silenced'; by: Silence[] }
  | { kind: 'unrouted' }
  | { kind: 'routed'; results: ChannelResult[] };

export interface Notifier {
  notify(incident: Incident, alerts: readonly Alert[]): Promise<NotifyResult>;
  /** Re-attempt pending deliveries whose nextAttemptAt has passed. */
  retryDue(): Promise<ChannelResult[]>;
}

/** Every notifier on a database takes this lock, so two processes never send the same thing twice. */
const LOCK = 'notify';
/** Pending deliveries examined per retryDue call. */
const RETRY_BATCH = 500;

export function createNotifier(options: NotifierOptions): Notifier {
  const opts = { ...DEFAULT_NOTIFIER, ...options };
  const { store, now } = opts;
  const byName = new Map(opts.channels.map((c) => [c.name, c]));
  const repeatMs = opts.repeatIntervalMinutes * 60_000;

  async function attempt(channel: Channel, delivery: Delivery, payload: NotifyPayload): Promise<ChannelResult> {
    const attempts = delivery.attempts + 1;
    const outcome = await safeSend(channel, payload, { deliveryId: delivery.id, attempt: attempts });
    const at = now();
    const base = { channel: channel.name, deliveryId: delivery.id };
    if (outcome.kind === 'sent') {
      await store.updateDelivery(delivery.id, { status: 'sent', attempts, sentAt: at, nextAttemptAt: null });
      return { kind: 'sent', ...base };
    }
    const decision = afterFailure(outcome, attempts, at, opts);
    if (decision.kind === 'retry') {
      await store.updateDelivery(delivery.id, { status: 'pending', attempts, lastError: outcome.error, nextAttemptAt: decision.at });
      return { kind: 'retrying', ...base, error: outcome.error, nextAttemptAt: decision.at };
    }
    await store.updateDelivery(delivery.id, { status: 'failed', attempts, lastError: outcome.error, nextAttemptAt: null });
    return { kind: 'failed', ...base, error: outcome.error };
  }

  async function notifyChannel(name: string, incident: Incident, payload: NotifyPayload, pending: Delivery[]): Promise<ChannelResult> {
    const channel = byName.get(name);
    if (!channel) return { kind: 'unknown_channel', channel: name };
    const waiting = pending.find((d) => d.channel === name);
    if (waiting) return { kind: 'in_flight', channel: name, deliveryId: waiting.id };
    const decision = shouldNotify(await store.lastDelivery(name, incident.id), now(), repeatMs);
    if (decision.kind === 'skip') return { kind: 'repeat', channel: name, nextAt: decision.nextAt };
    const delivery = await store.createDelivery({
      channel: name, incidentId: incident.id, alertId: null, status: 'pending', attempts: 0, lastError: null, nextAttemptAt: now(), sentAt: null,
    });
    return attempt(channel, delivery, payload);
  }

  async function retry(delivery: Delivery): Promise<ChannelResult> {
    const giveUp = async (error: string): Promise<ChannelResult> => {
      await store.updateDelivery(delivery.id, { status: 'failed', lastError: error, nextAttemptAt: null });
      return { kind: 'failed', channel: delivery.channel, deliveryId: delivery.id, error };
    };
    const channel = byName.get(delivery.channel);
    if (!channel) return giveUp(`channel "${delivery.channel}" is no longer configured`);
    const incident = delivery.incidentId === null ? null : await store.getIncident(delivery.incidentId);
    if (!incident) return giveUp(`incident ${delivery.incidentId} no longer exists`);
    const { rows: alerts } = await store.listAlerts({ incidentId: incident.id, limit: 1000 });
    // A silence added since the first attempt stops the retries too.
    const silence = applySilences(incident, alerts, await store.listSilences({ activeAt: now() }), now());
    if (silence.kind === 'silenced') return giveUp(`silenced since the first attempt (silence ${silence.by.map((s) => s.id).join(', ')})`);
    return attempt(channel, delivery, buildPayload(incident, silence.alerts, opts));
  }

  return {
    notify: (incident, alerts) =>
      store.withLock(LOCK, async () => {
        const silence = applySilences(incident, [...alerts], await store.listSilences({ activeAt: now() }), now());
        if (silence.kind === 'silenced') return { kind: 'silenced', by: silence.by };
        const names = routeFor(incident, silence.alerts, opts.routes);
        if (names.length === 0) return { kind: 'unrouted' };
        const payload = buildPayload(incident, silence.alerts, opts);
        const pending = await store.listDeliveries({ incidentId: incident.id, status: 'pending' });
        const results = await Promise.all(names.map((name) => notifyChannel(name, incident, payload, pending)));
        return { kind: 'routed', results };
      }),

    retryDue: () =>
      store.withLock(LOCK, async () => {
        const at = now();
        const due = (await store.listDeliveries({ status: 'pending', limit: RETRY_BATCH }))
          .filter((d) => d.nextAttemptAt !== null && d.nextAttemptAt <= at)
          .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
        const results: ChannelResult[] = [];
        for (const delivery of due) results.push(await retry(delivery));
        return results;
      }),
  };
}

/** A channel registered by a plugin might throw despite the contract; treat that as a retryable failure. */
async function safeSend(channel: Channel, payload: NotifyPayload, meta: { deliveryId: number; attempt: number }): Promise<SendOutcome> {
  try {
    return await channel.send(payload, meta);
  } catch (err) {
    return { kind: 'failed', error: `channel "${channel.name}" threw: ${(err as Error)?.message ?? String(err)}`, retryable: true };
  }
}

import type { Delivery } from '../store/store.js';

export type RepeatDecision =
  | { kind: 'send' }
  /** Notified on this channel too recently; the next notification is allowed from `nextAt`. */
  | { kind: 'skip'; lastSentAt: number; nextAt: number };

/**
 * Whether to notify an incident on a channel again, given the channel's last successful delivery of it:
 * never within `repeatMs` of that delivery. Pure.
 */
export function shouldNotify(lastDelivery: Pick<Delivery, 'sentAt' | 'createdAt'> | null, now: number, repeatMs: number): RepeatDecision {
  if (!lastDelivery) return { kind: 'send' };
  const lastSentAt = lastDelivery.sentAt ?? lastDelivery.createdAt;
  const nextAt = lastSentAt + repeatMs;
  return now >= nextAt ? { kind: 'send' } : { kind: 'skip', lastSentAt, nextAt };
}

/** The decisions of the live tail, pure: which records a client wants, where it resumes, how an event is written. */
import { levelRank, type Level, type StoredLog } from '../domain/index.js';

export interface TailFilter {
  service?: string;
  level?: Level;
  grep?: string;
}

export function tailMatcher(filter: TailFilter): (log: StoredLog) => boolean {
  const needle = filter.grep?.toLowerCase();
  const minRank = filter.level ? levelRank(filter.level) : -1;
  return (log) =>
    (!filter.service || log.service === filter.service) &&
    levelRank(log.level) >= minRank &&
    (!needle || log.message.toLowerCase().includes(needle));
}

/**
 * The id after which to stream: the client's Last-Event-ID when it reconnects, else the newest
 * record (a tail starts now). A client further behind than `maxLagRows` skips ahead.
 */
export function resumeAfter(opts: { lastEventId: string | undefined; maxId: number; maxLagRows: number }): number {
  const asked = opts.lastEventId != null && /^\d+$/.test(opts.lastEventId) ? Number(opts.lastEventId) : opts.maxId;
  return Math.min(opts.maxId, Math.max(asked, opts.maxId - opts.maxLagRows));
}

/** One server-sent event; the record id is the event id, so a reconnect resumes where it stopped. */
export function sseEvent(event: string, data: unknown, id?: number): string {
  return `${id != null ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

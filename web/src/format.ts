/** Display formats: times in UTC (log data comes from many zones), counts with separators. */

export function formatTime(ts: number): string {
  return new Date(ts).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

export function formatShortTime(ts: number): string {
  return new Date(ts).toISOString().slice(5, 16).replace('T', ' ');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatSpan(start: number, end: number): string {
  const minutes = Math.max(0, Math.round((end - start) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

/** `<input type="datetime-local">` value (UTC) ↔ epoch ms. */
export function toInputTime(ts: number | undefined): string {
  return ts == null ? '' : new Date(ts).toISOString().slice(0, 16);
}

export function fromInputTime(value: string): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(`${value}:00Z`);
  return Number.isNaN(t) ? undefined : t;
}

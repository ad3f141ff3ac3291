/** Small, pure time helpers shared by profiles, explanations and reports. All inputs are epoch ms (UTC). */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Hour of day (0–23) of `ts`, shifted by a fixed UTC offset. */
export function hourOfDay(ts: number, utcOffsetMinutes = 0): number {
  return new Date(ts + utcOffsetMinutes * MINUTE).getUTCHours();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2024-01-15 03:12:44" (no zone suffix: the offset is a report-wide setting). */
export function formatTimestamp(ts: number, utcOffsetMinutes = 0): string {
  const d = new Date(ts + utcOffsetMinutes * MINUTE);
  if (Number.isNaN(d.getTime())) return 'invalid time';
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "03:00" for hour 3. */
export function formatHour(hour: number): string {
  return `${pad(((hour % 24) + 24) % 24)}:00`;
}

/** "45 s", "2 min", "1 h 5 min", "3 d 2 h": the two largest units, rounded down. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.max(0, Math.floor(ms / SECOND))} s`;
  const units: [number, string][] = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'min'],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, label] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) parts.push(`${n} ${label}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith('0 ')).join(' ');
}

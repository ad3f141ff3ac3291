import { FormatError } from './format.js';

/** Converts wall-clock times written without a zone into UTC. */
export interface TimeZone {
  readonly name: string;
  /**
   * `local` is the wall-clock time encoded as if it were UTC (what Date.UTC(y, m, d, ...) returns for it);
   * the result is the real epoch milliseconds of that moment in this zone.
   */
  toUtc(local: number): number;
}

export const UTC: TimeZone = { name: 'UTC', toUtc: (local) => local };

const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;
const MINUTE = 60_000;
/** Zone transitions happen on quarter hours (UTC), so offsets are cached per 15 minutes. */
const BUCKET = 15 * MINUTE;
const MAX_CACHED_BUCKETS = 50_000;

/** Resolve "UTC", "+05:30", "-0700" or an IANA name ("Europe/Paris"); throws FormatError for anything else. */
export function resolveTimeZone(spec: string | undefined): TimeZone {
  const name = (spec ?? 'UTC').trim();
  if (name === '' || /^(utc|gmt|z)$/i.test(name)) return UTC;
  const fixed = OFFSET.exec(name);
  if (fixed) {
    const hours = Number(fixed[2]);
    const minutes = Number(fixed[3] ?? '0');
    if (hours > 23 || minutes > 59) throw new FormatError(`time zone offset '${name}' is out of range (-23:59 to +23:59).`);
    return fixedOffset((fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes));
  }
  return ianaZone(name);
}

/** A zone with a constant offset in minutes east of UTC. */
export function fixedOffset(minutes: number): TimeZone {
  if (minutes === 0) return UTC;
  const offset = minutes * MINUTE;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const name = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { name, toUtc: (local) => local - offset };
}

function ianaZone(name: string): TimeZone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    throw new FormatError(`unknown time zone '${name}': use an IANA name such as Europe/Paris or an offset such as +02:00.`);
  }
  const cache = new Map<number, number>();

  /** Offset (ms east of UTC) in force at the instant `utc`. Intl is slow, so results are cached per bucket. */
  const offsetAt = (utc: number): number => {
    const bucket = Math.floor(utc / BUCKET);
    const cached = cache.get(bucket);
    if (cached !== undefined) return cached;
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(bucket * BUCKET)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    const offset = wall - bucket * BUCKET;
    if (cache.size >= MAX_CACHED_BUCKETS) cache.clear();
    cache.set(bucket, offset);
    return offset;
  };

  return {
    name,
    toUtc(local) {
      if (!Number.isFinite(local)) return NaN;
      const first = offsetAt(local);
      const guess = local - first;
      const second = offsetAt(guess);
      return first === second ? guess : local - second;
    },
  };
}

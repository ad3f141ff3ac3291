/**
 * Normal hours of activity from an hour-of-day histogram. A range is [start, end) in hours,
 * read on a 24-hour clock that wraps: [22, 6) is 22:00 to 06:00 across midnight.
 */
export type HourRange = [start: number, end: number];

/**
 * The shortest wrapping range of hours holding at least `coverage` of all occurrences
 * (ties: the one holding more, then the earliest start). Null when only the whole day
 * qualifies, or when there are fewer than `minSupport` occurrences to judge from.
 */
export function normalHourRange(hours: readonly number[], coverage: number, minSupport: number): HourRange | null {
  const total = hours.reduce((sum, n) => sum + n, 0);
  if (hours.length !== 24 || total < minSupport || total === 0) return null;
  const needed = coverage * total;
  for (let length = 1; length < 24; length++) {
    let best: { start: number; held: number } | null = null;
    for (let start = 0; start < 24; start++) {
      let held = 0;
      for (let k = 0; k < length; k++) held += hours[(start + k) % 24];
      if (held >= needed && (!best || held > best.held)) best = { start, held };
    }
    if (best) return [best.start, (best.start + length) % 24];
  }
  return null;
}

export function inHourRange(hour: number, [start, end]: HourRange): boolean {
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

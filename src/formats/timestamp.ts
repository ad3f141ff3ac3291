import { UTC, type TimeZone } from './timezone.js';

/**
 * Fast timestamp parsing for the shapes found in logs. No regexes and no Date parsing of strings: the text is
 * read by character codes and turned into epoch milliseconds with integer arithmetic.
 *
 * Shapes (leading/trailing spaces ignored; "zone" = `Z`, `UTC`, `GMT`, `±HH`, `±HHMM` or `±HH:MM`, optional):
 *   2024-01-15T10:23:45.123Z, 2024-01-15 10:23:45,123 +02:00, 2024/01/15 10:23:45, 2024-01-15   ISO 8601 and kin
 *   2005-06-03-15.42.50.675872      BGL             10/Oct/2000:13:55:36 -0700   CLF
 *   Jan  5 14:03:01 (year guessed)  syslog          Sun Dec 04 04:47:44 2005     ctime / Apache error log
 *   081109 203518                   HDFS            03-17 16:13:38.811           Android (year guessed)
 *   17/06/09 20:10:40               Spark (yy/MM/dd) 20171223-22:15:29:606       HealthApp
 *   1117838570, 1117838570.5, 1705314225123     epoch seconds / milliseconds (also µs and ns by digit count)
 * Times without a zone are read in the context's zone. A missing year is the one that puts the time at most
 * 31 days after `now`, so December lines read in January land in the previous year.
 */
export interface TimestampContext {
  readonly zone: TimeZone;
  readonly now: number;
  readonly nowYear: number;
}

export function timestampContext(options: { zone?: TimeZone; now?: number } = {}): TimestampContext {
  const now = options.now ?? Date.now();
  return { zone: options.zone ?? UTC, now, nowYear: new Date(now).getUTCFullYear() };
}

const DAY = 86_400_000;
const FUTURE_TOLERANCE = 31 * DAY;
/** Returned by readZone when the text carries no zone. */
const NO_ZONE = 1e9;

/** Parse a timestamp; NaN when the text has none of the supported shapes or names an impossible date. */
export function parseTimestamp(text: string, ctx: TimestampContext): number {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  if (start === end) return NaN;
  const length = end - start;
  if (length === 24 || length === 20) {
    const ms = isoUtc(text, start, length);
    if (ms !== OTHER_SHAPE) return ms;
  }
  return isDigit(text.charCodeAt(start)) ? parseNumeric(text, start, end, ctx) : parseNamed(text, start, end, ctx);
}

// ---- the commonest shape, by fixed positions ------------------------------------------------------------------

/** What isoUtc returns for text of another shape (parseTimestamp itself never returns it). */
const OTHER_SHAPE = -Infinity;

/** The last date isoUtc read (year·10,000 + month·100 + day) and its day number, or NaN when impossible. */
let isoDateKey = -1;
let isoDays = NaN;

/**
 * `2024-01-15T10:23:45.123Z` or `2024-01-15T10:23:45Z` (what toISOString and most structured loggers write, also
 * with a space for the T), read at fixed positions with the date's day number kept from the line before; the
 * general path gives the same values (tested). In a decoder the text is a slice of the line, where each
 * charCodeAt costs several nanoseconds: the general path took about 250 ns a timestamp of 1,000,000 generic
 * lines' ingest (profile), its 60-odd character reads being most of it; this one reads 24.
 */
function isoUtc(s: string, i: number, length: number): number {
  const joint = s.charCodeAt(i + 10);
  if (s.charCodeAt(i + 4) !== DASH || s.charCodeAt(i + 7) !== DASH || (joint !== T_UPPER && joint !== SPACE)) return OTHER_SHAPE;
  if (s.charCodeAt(i + 13) !== COLON || s.charCodeAt(i + 16) !== COLON || s.charCodeAt(i + length - 1) !== Z_UPPER) return OTHER_SHAPE;
  if (length === 24 && s.charCodeAt(i + 19) !== DOT) return OTHER_SHAPE;
  const year = num(s, i, 4);
  const month = num(s, i + 5, 2);
  const day = num(s, i + 8, 2);
  const hour = num(s, i + 11, 2);
  const minute = num(s, i + 14, 2);
  const second = num(s, i + 17, 2);
  const ms = length === 24 ? num(s, i + 20, 3) : 0;
  // num gives −1 for a non-digit: such text is for the general path to judge.
  if ((year | month | day | hour | minute | second | ms) < 0) return OTHER_SHAPE;
  const key = year * 10_000 + month * 100 + day;
  if (key !== isoDateKey) {
    isoDateKey = key;
    isoDays = month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ? NaN : daysFromCivil(year, month, day);
  }
  if (hour > 23 || minute > 59 || second > 60) return NaN;
  return isoDays * DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude) → milliseconds. */
export function epochFromNumber(value: number): number {
  if (!Number.isFinite(value) || value < 0) return NaN;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1000);
  return Math.round(value / 1e6);
}

/** Wall-clock fields → milliseconds as if UTC; NaN when a field is out of range. Month is 1-based. */
export function civilToEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0) return NaN;
  return daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

// ---- numeric shapes -------------------------------------------------------------------------------------------

function parseNumeric(s: string, i: number, end: number, ctx: TimestampContext): number {
  const run = digitRun(s, i, end);
  const sep = s.charCodeAt(i + run);
  if (run === 4 && (sep === DASH || sep === SLASH || sep === DOT) && s.charCodeAt(i + 7) === sep) {
    return parseYmd(s, i, end, ctx);
  }
  if (run === 8 && sep === DASH) {
    // HealthApp: 20171223-22:15:29:606
    return finish(s, i + 9, end, num(s, i, 4), num(s, i + 4, 2), num(s, i + 6, 2), ctx, true);
  }
  if (run === 6 && sep === SPACE && digitRun(s, i + 7, end) === 6) {
    // HDFS: 081109 203518
    const year = twoDigitYear(num(s, i, 2));
    const local = civilToEpoch(year, num(s, i + 2, 2), num(s, i + 4, 2), num(s, i + 7, 2), num(s, i + 9, 2), num(s, i + 11, 2), 0);
    return withZone(s, i + 13, end, local, ctx);
  }
  if (run === 2 && sep === SLASH) {
    if (isLetter(s.charCodeAt(i + 3))) return parseClf(s, i, end, ctx);
    if (s.charCodeAt(i + 5) !== SLASH) return NaN;
    // Spark: 17/06/09 20:10:40 (yy/MM/dd)
    return finish(s, i + 9, end, twoDigitYear(num(s, i, 2)), num(s, i + 3, 2), num(s, i + 6, 2), ctx, false, s.charCodeAt(i + 8));
  }
  if (run === 2 && sep === DASH && digitRun(s, i + 3, end) === 2) {
    // Android: 03-17 16:13:38.811 (no year)
    return finish(s, i + 6, end, 0, num(s, i, 2), num(s, i + 3, 2), ctx, false, s.charCodeAt(i + 5));
  }
  if (run >= 9 && (i + run === end || (sep === DOT && i + run + 1 + digitRun(s, i + run + 1, end) === end))) {
    return epochFromNumber(Number(s.slice(i, end)));
  }
  return NaN;
}

/** 2024-01-15[T ]10:23:45..., 2024/01/15 ..., 2024.01.15, and BGL's 2005-06-03-15.42.50.675872. */
function parseYmd(s: string, i: number, end: number, ctx: TimestampContext): number {
  const year = num(s, i, 4);
  const month = num(s, i + 5, 2);
  const day = num(s, i + 8, 2);
  if (i + 10 === end) return applyZone(civilToEpoch(year, month, day, 0, 0, 0, 0), NO_ZONE, ctx);
  const joint = s.charCodeAt(i + 10);
  if (joint === DASH && s.charCodeAt(i + 13) === DOT) {
    if (!readClock(s, i + 11, end, DOT, false)) return NaN;
    return withZone(s, clock.pos, end, civilToEpoch(year, month, day, clock.hour, clock.minute, clock.second, clock.ms), ctx);
  }
  if (joint !== T_UPPER && joint !== T_LOWER && joint !== SPACE) return NaN;
  return finish(s, i + 11, end, year, month, day, ctx, false);
}

/** CLF: 10/Oct/2000:13:55:36 -0700 */
function parseClf(s: string, i: number, end: number, ctx: TimestampContext): number {
  const month = monthAt(s, i + 3);
  if (month === 0 || s.charCodeAt(i + 6) !== SLASH || s.charCodeAt(i + 11) !== COLON) return NaN;
  return finish(s, i + 12, end, num(s, i + 7, 4), month, num(s, i, 2), ctx, false);
}

// ---- named shapes ---------------------------------------------------------------------------------------------

/** `Jan  5 14:03:01[.123][ 2024]` (syslog) and `Sun Dec 04 04:47:44[.123] 2005` (ctime). */
function parseNamed(s: string, i: number, end: number, ctx: TimestampContext): number {
  if (WEEKDAYS.has(nameKey(s, i)) && s.charCodeAt(i + 3) === SPACE) i = skipSpaces(s, i + 3, end);
  const month = monthAt(s, i);
  if (month === 0 || s.charCodeAt(i + 3) !== SPACE) return NaN;
  i = skipSpaces(s, i + 3, end);
  const dayDigits = digitRun(s, i, end);
  if (dayDigits < 1 || dayDigits > 2 || s.charCodeAt(i + dayDigits) !== SPACE) return NaN;
  const day = num(s, i, dayDigits);
  i = skipSpaces(s, i + dayDigits, end);
  if (!readClock(s, i, end, COLON, false)) return NaN;
  let pos = clock.pos;
  let year = 0;
  if (s.charCodeAt(pos) === SPACE && digitRun(s, pos + 1, end) === 4) {
    year = num(s, pos + 1, 4);
    pos += 5;
  }
  return resolve(s, pos, end, year, month, day, ctx);
}

// ---- shared pieces --------------------------------------------------------------------------------------------

/** Read the clock at `i` (after a one-character date/time joint the caller skipped) and the optional zone. */
function finish(s: string, i: number, end: number, year: number, month: number, day: number, ctx: TimestampContext, colonFraction: boolean, joint = SPACE): number {
  if (joint !== SPACE && joint !== T_UPPER) return NaN;
  if (!readClock(s, i, end, COLON, colonFraction)) return NaN;
  return resolve(s, clock.pos, end, year, month, day, ctx);
}

/** Turn the clock fields into epoch ms; year 0 means "guess the year". */
function resolve(s: string, pos: number, end: number, year: number, month: number, day: number, ctx: TimestampContext): number {
  const zone = readZone(s, pos, end);
  if (year !== 0) return applyZone(civilToEpoch(year, month, day, clock.hour, clock.minute, clock.second, clock.ms), zone, ctx);
  // The latest year that is not too far in the future (a loop, because Feb 29 needs a leap year).
  for (let y = ctx.nowYear + 1; y > ctx.nowYear - 8; y--) {
    const t = applyZone(civilToEpoch(y, month, day, clock.hour, clock.minute, clock.second, clock.ms), zone, ctx);
    if (t <= ctx.now + FUTURE_TOLERANCE) return t;
    if (Number.isNaN(zone)) return NaN;
  }
  return NaN;
}

function withZone(s: string, pos: number, end: number, local: number, ctx: TimestampContext): number {
  return applyZone(local, readZone(s, pos, end), ctx);
}

function applyZone(local: number, zone: number, ctx: TimestampContext): number {
  if (Number.isNaN(local) || Number.isNaN(zone)) return NaN;
  return zone === NO_ZONE ? ctx.zone.toUtc(local) : local - zone * 60_000;
}

/** Minutes east of UTC, NO_ZONE when the text ends here, NaN when something unexpected follows. */
function readZone(s: string, i: number, end: number): number {
  if (i === end) return NO_ZONE;
  if (s.charCodeAt(i) === SPACE) i++;
  const c = s.charCodeAt(i);
  if ((c === Z_UPPER || c === Z_LOWER) && i + 1 === end) return 0;
  if (c === PLUS || c === DASH) {
    const digits = end - i - 1;
    const hours = num(s, i + 1, 2);
    let minutes = -1;
    if (digits === 2) minutes = 0;
    else if (digits === 4) minutes = num(s, i + 3, 2);
    else if (digits === 5 && s.charCodeAt(i + 3) === COLON) minutes = num(s, i + 4, 2);
    if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return NaN;
    return (c === DASH ? -1 : 1) * (hours * 60 + minutes);
  }
  if (end - i === 3) {
    const key = nameKey(s, i);
    if (key === UTC_KEY || key === GMT_KEY) return 0;
  }
  return NaN;
}

/** Scratch result of readClock (module-level to avoid an allocation per timestamp). */
const clock = { hour: 0, minute: 0, second: 0, ms: 0, pos: 0 };

/**
 * H[H]<sep>M[M][<sep>S[S]][.fff|,fff] — hours, minutes and seconds may be unpadded (HealthApp writes 22:16:0).
 * With colonFraction, `:fff` after the seconds is a whole number of milliseconds (HealthApp's 22:15:29:606 / :9).
 */
function readClock(s: string, i: number, end: number, sep: number, colonFraction: boolean): boolean {
  const hourDigits = digitRun(s, i, end);
  if (hourDigits < 1 || hourDigits > 2 || s.charCodeAt(i + hourDigits) !== sep) return false;
  clock.hour = num(s, i, hourDigits);
  i += hourDigits + 1;
  const minuteDigits = digitRun(s, i, end);
  if (minuteDigits < 1 || minuteDigits > 2) return false;
  clock.minute = num(s, i, minuteDigits);
  i += minuteDigits;
  clock.second = 0;
  clock.ms = 0;
  if (s.charCodeAt(i) === sep) {
    const secondDigits = digitRun(s, i + 1, end);
    if (secondDigits < 1 || secondDigits > 2) return false;
    clock.second = num(s, i + 1, secondDigits);
    i += 1 + secondDigits;
    const c = s.charCodeAt(i);
    const digits = digitRun(s, i + 1, end);
    if (colonFraction && c === COLON) {
      if (digits < 1 || digits > 3) return false;
      clock.ms = num(s, i + 1, digits);
      i += 1 + digits;
    } else if (c === DOT || c === COMMA) {
      if (digits === 0) return false;
      clock.ms = digits >= 3 ? num(s, i + 1, 3) : num(s, i + 1, digits) * (digits === 1 ? 100 : 10);
      i += 1 + digits;
    }
  }
  clock.pos = i;
  return true;
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function twoDigitYear(yy: number): number {
  return yy < 0 ? -1 : yy < 70 ? 2000 + yy : 1900 + yy;
}

/** Value of `count` digits at `i`, or -1 when one of them is not a digit. */
function num(s: string, i: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = s.charCodeAt(i + k) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

function digitRun(s: string, i: number, end: number): number {
  let k = i;
  while (k < end && isDigit(s.charCodeAt(k))) k++;
  return k - i;
}

function skipSpaces(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/** Three letters, lower-cased, packed into one number (0 when not letters). */
function nameKey(s: string, i: number): number {
  const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
  if (!isLetter(a) || !isLetter(b) || !isLetter(c)) return 0;
  return ((a | 32) << 16) | ((b | 32) << 8) | (c | 32);
}

function packName(name: string): number {
  return nameKey(name, 0);
}

const MONTHS = new Map(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, k) => [packName(m), k + 1]));
const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(packName));
const UTC_KEY = packName('utc');
const GMT_KEY = packName('gmt');

/** 1-12 for a month abbreviation at `i`, else 0. */
function monthAt(s: string, i: number): number {
  return MONTHS.get(nameKey(s, i)) ?? 0;
}

const SPACE = 32, PLUS = 43, COMMA = 44, DASH = 45, DOT = 46, SLASH = 47, COLON = 58;
const T_UPPER = 84, T_LOWER = 116, Z_UPPER = 90, Z_LOWER = 122;

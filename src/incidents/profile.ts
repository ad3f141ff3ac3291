/**
 * A profile of normal behaviour, learned in one streaming pass over training records and saved
 * as plain JSON. Memory is bounded by templates × (24 hours + kept values), not by record count.
 *
 * Rates are counted in tumbling windows of `windowMs` aligned to the epoch. Records are expected
 * roughly in time order (as the store scans them); a record older than its template's current
 * window is counted in the current window rather than reopening a closed one.
 */
import { isErrorLevel, type Level } from '../domain/index.js';
import { ServiceAcc, TemplateAcc, ValueCounter } from './accumulators.js';
import { normalHourRange, type HourRange } from './hours.js';
import { hourOfDay, MINUTE } from './time.js';

export interface ProfileRecord {
  ts: number;
  service: string;
  level: Level;
  templateId: number | null;
  params?: readonly string[];
  user?: string;
  attrs?: Readonly<Record<string, unknown>>;
  /** Template text, kept for explanations when given. */
  template?: string;
}

export interface ProfileOptions {
  windowMs: number;
  utcOffsetMinutes: number;
  /** Share of occurrences the normal hour range must hold. */
  hourCoverage: number;
  /** Occurrences needed before claiming a normal hour range. */
  minHourSupport: number;
  /** Distinct values kept per parameter position and per field; past it the position counts as free-form. */
  maxValues: number;
  /** Next templates kept per template. */
  maxTransitions: number;
  /** Windows with fewer lines than this do not count towards a service's error ratio. */
  minWindowEvents: number;
  /** Fields profiled from `attrs`: field name → attribute keys, first present wins. `user` also reads record.user. */
  fields: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_PROFILE: ProfileOptions = {
  windowMs: MINUTE,
  utcOffsetMinutes: 0,
  hourCoverage: 0.99,
  minHourSupport: 30,
  maxValues: 200,
  maxTransitions: 50,
  minWindowEvents: 5,
  fields: {
    user: ['user', 'username', 'user_id'],
    ip: ['ip', 'client_ip', 'remote_addr', 'src_ip', 'clientip'],
    status: ['status', 'status_code', 'code'],
  },
};

export interface ValueCounts {
  total: number;
  values: Record<string, number>;
  /** More distinct values than kept: a free-form position where rarity means nothing. */
  overflow: boolean;
}

/** Occurrences per window, over the windows where the template occurred at all. */
export interface RateStats {
  activeWindows: number;
  mean: number;
  p99: number;
  max: number;
}

export interface HourStats {
  hours: number[];
  normal: HourRange | null;
}

export interface TemplateProfile {
  service: string;
  text: string | null;
  count: number;
  hours: HourStats;
  rate: RateStats;
  params: ValueCounts[];
}

export interface ServiceProfile {
  count: number;
  errors: number;
  errorRatio: number;
  /** 95th percentile of per-window error ratios (windows with enough lines). */
  errorRatioP95: number;
  hours: HourStats;
}

export interface Profile {
  version: 1;
  windowMs: number;
  utcOffsetMinutes: number;
  records: number;
  start: number | null;
  end: number | null;
  templates: Record<string, TemplateProfile>;
  services: Record<string, ServiceProfile>;
  fields: Record<string, ValueCounts>;
  /** previous template id → { total, next template id → count } (same service, consecutive lines). */
  transitions: Record<string, { total: number; next: Record<string, number> }>;
  /** Median per-window p99 across templates: the baseline for a template never seen. */
  typicalRate: number;
  /** The field → attribute keys mapping the profile was built with (explanations read fields the same way). */
  fieldKeys: Record<string, string[]>;
}

export interface ProfileBuilder {
  push(record: ProfileRecord): void;
  finish(): Profile;
}

export function createProfileBuilder(opts: ProfileOptions = DEFAULT_PROFILE): ProfileBuilder {
  const templates = new Map<number, TemplateAcc>();
  const services = new Map<string, ServiceAcc>();
  const fields = new Map<string, ValueCounter>();
  const transitions = new Map<number, Map<number, number>>();
  const lastTemplate = new Map<string, number>();
  let records = 0;
  let start: number | null = null;
  let end: number | null = null;

  function push(r: ProfileRecord): void {
    if (!Number.isFinite(r.ts)) return;
    records++;
    start = start === null ? r.ts : Math.min(start, r.ts);
    end = end === null ? r.ts : Math.max(end, r.ts);
    const hour = hourOfDay(r.ts, opts.utcOffsetMinutes);
    const window = Math.floor(r.ts / opts.windowMs);

    const service = getOr(services, r.service, () => new ServiceAcc());
    service.add(hour, window, isErrorLevel(r.level), opts.minWindowEvents);

    for (const [field, value] of fieldValues(r, opts.fields)) getOr(fields, field, () => new ValueCounter(opts.maxValues)).add(value);

    if (r.templateId === null) return;
    const t = getOr(templates, r.templateId, () => new TemplateAcc(r.service, opts.maxValues));
    t.add(hour, window, r.params ?? [], r.template);
    const prev = lastTemplate.get(r.service);
    if (prev !== undefined) {
      const next = getOr(transitions, prev, () => new Map<number, number>());
      next.set(r.templateId, (next.get(r.templateId) ?? 0) + 1);
    }
    lastTemplate.set(r.service, r.templateId);
  }

  function finish(): Profile {
    const hourStats = (hours: number[]): HourStats => ({ hours, normal: normalHourRange(hours, opts.hourCoverage, opts.minHourSupport) });
    const templateOut: Record<string, TemplateProfile> = {};
    for (const [id, t] of templates) {
      templateOut[id] = { service: t.service, text: t.text, count: t.count, hours: hourStats(t.hours), rate: t.rates.stats(), params: t.params.map((p) => p.toJSON()) };
    }
    const serviceOut: Record<string, ServiceProfile> = {};
    for (const [name, s] of services) {
      s.flush(opts.minWindowEvents);
      serviceOut[name] = { count: s.count, errors: s.errors, errorRatio: s.count ? s.errors / s.count : 0, errorRatioP95: s.ratioP95(), hours: hourStats(s.hours) };
    }
    const transitionOut: Profile['transitions'] = {};
    for (const [prev, next] of transitions) {
      const total = [...next.values()].reduce((a, b) => a + b, 0);
      const kept = [...next].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, opts.maxTransitions);
      transitionOut[prev] = { total, next: Object.fromEntries(kept) };
    }
    const p99s = Object.values(templateOut).map((t) => t.rate.p99).sort((a, b) => a - b);
    return {
      version: 1,
      windowMs: opts.windowMs,
      utcOffsetMinutes: opts.utcOffsetMinutes,
      records,
      start,
      end,
      templates: templateOut,
      services: serviceOut,
      fields: Object.fromEntries([...fields].map(([k, v]) => [k, v.toJSON()])),
      transitions: transitionOut,
      typicalRate: p99s.length ? Math.max(1, p99s[Math.floor((p99s.length - 1) / 2)]) : 1,
      fieldKeys: Object.fromEntries(Object.entries(opts.fields).map(([k, v]) => [k, [...v]])),
    };
  }

  return { push, finish };
}

/** Build a profile from records, or from pages of records as `store.scanLogs` yields them. */
export async function buildProfile(
  source: Iterable<ProfileRecord> | AsyncIterable<ProfileRecord | readonly ProfileRecord[]>,
  opts: ProfileOptions = DEFAULT_PROFILE,
): Promise<Profile> {
  const builder = createProfileBuilder(opts);
  for await (const item of source) {
    if (isPage(item)) for (const r of item) builder.push(r);
    else builder.push(item);
  }
  return builder.finish();
}

const isPage = (item: ProfileRecord | readonly ProfileRecord[]): item is readonly ProfileRecord[] => Array.isArray(item);

/** The profiled field values of a record, as strings. */
export function fieldValues(r: Pick<ProfileRecord, 'user' | 'attrs'>, fields: ProfileOptions['fields']): [string, string][] {
  const out: [string, string][] = [];
  for (const [field, keys] of Object.entries(fields)) {
    const fromRecord = field === 'user' ? r.user : undefined;
    const raw = fromRecord ?? keys.map((k) => r.attrs?.[k]).find((v) => v !== undefined && v !== null);
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') out.push([field, String(raw)]);
  }
  return out;
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** Database service: JSON lines (query timings, connections, checkpoints, vacuums); carries `error_storm`. */
import { weightedPicker, type Rng } from '../prng.js';
import { arrivals, diurnal, iso, mergeByTs, minutes, splitAt } from '../traffic.js';
import { MINUTE, type GenContext, type SynthEvent, type SynthService } from '../types.js';

/** Database events per minute at an average time of day. */
const EVENTS_PER_MINUTE = 10;
const CHECKPOINT_EVERY = 5 * MINUTE;
const VACUUM_EVERY = 20 * MINUTE;
/** Storm errors per minute (at least; four times the normal rate at busy hours). */
const STORM_PER_MINUTE = 40;
const PRIMARY = '10.2.0.50:5432';

const TABLES = ['orders', 'customers', 'products', 'inventory', 'payments', 'sessions'];

type DbLevel = 'info' | 'warn' | 'error';

function dbLine(ts: number, level: DbLevel, msg: string, fields: Record<string, string | number> = {}): string {
  return JSON.stringify({ ts: iso(ts), level, service: 'db', host: 'db-01', msg, ...fields });
}

const ms = (rng: Rng, lo: number, hi: number): number => Math.round((lo + rng.next() * (hi - lo)) * 10) / 10;
const client = (rng: Rng): string => `10.2.1.${rng.int(10, 40)}:${rng.int(32768, 60999)}`;

function eventPicker(rng: Rng): (ts: number) => string {
  const kind = weightedPicker(rng, [
    ['query', 80], ['connect', 6], ['disconnect', 6], ['slow', 3], ['deadlock', 1.5], ['timeout', 1.5],
  ] as const);
  return (ts) => {
    const table = rng.pick(TABLES);
    switch (kind()) {
      case 'query': {
        const rows = rng.int(0, 500);
        const duration = ms(rng, 0.3, 40);
        return dbLine(ts, 'info', `Query on ${table} returned ${rows} rows in ${duration} ms`, { table, rows, duration_ms: duration });
      }
      case 'connect': {
        const from = client(rng);
        return dbLine(ts, 'info', `Connection accepted from ${from}`, { client: from });
      }
      case 'disconnect': {
        const from = client(rng);
        const seconds = rng.int(1, 1800);
        return dbLine(ts, 'info', `Connection from ${from} closed after ${seconds} s`, { client: from, session_s: seconds });
      }
      case 'slow': {
        const duration = ms(rng, 500, 4000);
        return dbLine(ts, 'warn', `Slow query on ${table} took ${duration} ms`, { table, duration_ms: duration });
      }
      case 'deadlock':
        return dbLine(ts, 'warn', `Deadlock detected on ${table}, transaction retried`, { table });
      case 'timeout':
        return dbLine(ts, 'error', `Query on ${table} canceled due to statement timeout after 5000 ms`, { table, duration_ms: 5000 });
    }
  };
}

function* normalActivity(ctx: GenContext): Generator<SynthEvent> {
  const { rng } = ctx;
  const event = eventPicker(rng);
  let carried: SynthEvent[] = [];
  for (const minute of minutes(ctx.start, ctx.end)) {
    const batch = carried;
    for (const ts of arrivals(rng, minute, EVENTS_PER_MINUTE * ctx.scale * diurnal(minute))) batch.push({ ts, text: event(ts) });
    const sinceStart = minute - ctx.start;
    if (sinceStart % CHECKPOINT_EVERY === 0) {
      const ts = minute + rng.int(0, 2_000);
      const buffers = rng.int(200, 5000);
      const text = dbLine(ts, 'info', `Checkpoint complete: wrote ${buffers} buffers in ${ms(rng, 0.5, 9)} s`, { buffers });
      batch.push({ ts, text });
    }
    if (sinceStart % VACUUM_EVERY === 10 * MINUTE) {
      const ts = minute + rng.int(0, 50_000);
      const table = rng.pick(TABLES);
      const dead = rng.int(100, 20_000);
      batch.push({ ts, text: dbLine(ts, 'info', `Automatic vacuum of ${table}: removed ${dead} dead tuples`, { table, dead_tuples: dead }) });
    }
    const [ready, later] = splitAt(batch, minute + MINUTE);
    carried = later;
    yield* ready;
  }
}

/** The primary becomes unreachable: connection-refused and pool-timeout errors for a few minutes. */
function errorStorm(ctx: GenContext): SynthEvent[] {
  const { rng, plan } = ctx;
  const events: SynthEvent[] = [];
  for (const minute of minutes(plan.error_storm.start, plan.error_storm.end)) {
    const perMinute = Math.max(STORM_PER_MINUTE, 4 * EVENTS_PER_MINUTE * ctx.scale * diurnal(minute));
    for (const ts of arrivals(rng, minute, perMinute)) {
      const text = rng.chance(0.6)
        ? dbLine(ts, 'error', `Could not connect to primary ${PRIMARY}: connection refused`, { peer: PRIMARY })
        : dbLine(ts, 'error', 'Timeout acquiring connection from pool after 5000 ms', { pool: 'main', waited_ms: 5000 });
      events.push({ ts, text, scenario: 'error_storm' });
    }
  }
  return events;
}

export const dbService: SynthService = {
  name: 'db',
  file: 'db.ndjson',
  decode: { format: 'json' },
  events: (ctx) => mergeByTs(normalActivity(ctx), errorStorm(ctx)),
  describe: {
    error_storm: `The primary ${PRIMARY} is unreachable: a storm of connection-refused and pool-timeout errors for a few minutes.`,
  },
};

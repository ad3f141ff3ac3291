/**
 * Batch job: RFC 5424 syslog. A run every ten minutes, always started → extract → transform → load → finished;
 * carries `service_silent` (runs stop for an hour) and `sequence` (one run out of order, a step skipped).
 */
import { within } from '../plan.js';
import type { Rng } from '../prng.js';
import { iso } from '../traffic.js';
import { MINUTE, type GenContext, type ScenarioName, type SynthEvent, type SynthService } from '../types.js';

const RUN_EVERY = 10 * MINUTE;
const STEPS = ['extract', 'transform', 'load'] as const;
const FIRST_RUN_ID = 1000;
/** local0 facility; severities per RFC 5424. */
const PRI = { info: 16 * 8 + 6, warning: 16 * 8 + 4 } as const;

type Severity = keyof typeof PRI;
type Step = 'start' | 'finish' | (typeof STEPS)[number];

function syslogLine(ts: number, severity: Severity, procId: number, msgId: string, msg: string, sd = '-'): string {
  return `<${PRI[severity]}>1 ${iso(ts)} batch-01 batch ${procId} ${msgId} ${sd} ${msg}`;
}

interface Run {
  id: number;
  procId: number;
  at: number;
}

/** The lines of one run in the order they are written; the clock moves on as each step takes time. */
function runLines(rng: Rng, run: Run, order: readonly Step[]): SynthEvent[] {
  const events: SynthEvent[] = [];
  let t = run.at;
  let rows = 0;
  const emit = (severity: Severity, msgId: string, msg: string, sd?: string): void => {
    events.push({ ts: t, text: syslogLine(t, severity, run.procId, msgId, msg, sd) });
  };
  for (const step of order) {
    if (step === 'start') {
      emit('info', 'START', `Job export run=${run.id} started`);
      t += rng.int(200, 2_000);
      continue;
    }
    if (step === 'finish') {
      emit('info', 'END', `Job export run=${run.id} finished in ${Math.round((t - run.at) / 1000)} s`, `[job@32473 run="${run.id}" rows="${rows}"]`);
      continue;
    }
    const stepRows = rng.int(5_000, 50_000);
    for (const percent of [25, 50, 75]) {
      t += rng.int(10_000, 25_000);
      emit('info', 'PROGRESS', `Step ${step} progress ${percent}% rows=${Math.round((stepRows * percent) / 100)}`);
    }
    if (step === 'transform' && rng.chance(0.3)) emit('warning', 'WARN', `Step transform skipped ${rng.int(1, 40)} malformed records`);
    t += rng.int(5_000, 15_000);
    emit('info', 'STEP', `Step ${step} done rows=${stepRows}`);
    t += rng.int(100, 1_500);
    rows += stepRows;
  }
  return events;
}

const NORMAL_ORDER: readonly Step[] = ['start', ...STEPS, 'finish'];
/** The `sequence` anomaly: transform skipped, and the job reports finishing before its load step. */
const BROKEN_ORDER: readonly Step[] = ['start', 'extract', 'finish', 'load'];

const tag = (events: SynthEvent[], scenario: ScenarioName): SynthEvent[] => events.map((e) => ({ ...e, scenario }));

function* runs(ctx: GenContext): Generator<SynthEvent> {
  const { rng, plan } = ctx;
  const silent = plan.service_silent;
  let brokenDone = false;
  let resuming = false;
  for (let slot = ctx.start, n = 0; slot < ctx.end; slot += RUN_EVERY, n++) {
    if (within(silent, slot)) {
      resuming = true;
      continue;
    }
    const run: Run = { id: FIRST_RUN_ID + n, procId: rng.int(2_000, 60_000), at: slot + rng.int(0, 20_000) };
    const broken: boolean = !brokenDone && slot >= plan.sequence.start;
    brokenDone ||= broken;
    let events = runLines(rng, run, broken ? BROKEN_ORDER : NORMAL_ORDER);
    if (broken) events = tag(events, 'sequence');
    // The lines bounding the silence carry its label: the last before the gap, the first after it.
    if (resuming) events[0] = { ...events[0], scenario: 'service_silent' };
    if (within(silent, slot + RUN_EVERY)) events[events.length - 1] = { ...events[events.length - 1], scenario: 'service_silent' };
    resuming = false;
    yield* events.filter((e) => e.ts < ctx.end);
  }
}

export const batchService: SynthService = {
  name: 'batch',
  file: 'batch.log',
  decode: { format: 'syslog' },
  events: runs,
  describe: {
    service_silent: 'The batch job stops running for about an hour; labelled lines are the last before the gap and the first after it.',
    sequence: 'One batch run reports "finished" before its load step and skips the transform step.',
  },
};

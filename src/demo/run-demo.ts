/**
 * The main job on the embedded default, as `npm start` runs it: generate sample logs with labelled
 * anomalies, train a model on the day before them, ingest them, load the starter rules, detect with
 * the rules and the model and group into incidents, and report how the detections line up with
 * what was injected. Every step is the core's; this only orders them.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Incident } from '../domain/index.js';
import { loadRulesFile, STARTER_RULES_PATH } from '../detect/rules/load.js';
import { detectAndGroup } from '../pipeline/detect-run.js';
import { ingest, type IngestSummary } from '../pipeline/ingest.js';
import { createModelScorer } from '../pipeline/ml-scorer.js';
import { trainFromStore } from '../pipeline/train.js';
import type { MlModel } from '../detect/ml/model.js';
import { resolveInputs } from '../sources/inputs.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { generateSynth } from '../synth/synth.js';
import type { ScenarioLabel, SynthSummary } from '../synth/types.js';

export interface DemoOptions {
  outDir: string;
  days?: number;
  seed?: number;
  onStep?: (message: string) => void;
}

export type ScenarioOutcome =
  | { kind: 'detected'; scenario: ScenarioLabel; incidents: Incident[] }
  | { kind: 'missed'; scenario: ScenarioLabel };

export interface DemoReport {
  synth: SynthSummary;
  ingest: IngestSummary;
  rulesLoaded: number;
  /** Records the model was trained on (the day before), or why there is no model. */
  model: { kind: 'trained'; records: number } | { kind: 'none'; reason: string };
  alerts: Alert[];
  incidents: Incident[];
  scenarios: ScenarioOutcome[];
  /** Incidents that overlap no injected scenario. */
  unexplained: Incident[];
}

export async function runDemo(store: Store, opts: DemoOptions): Promise<DemoReport> {
  const step = opts.onStep ?? (() => {});
  step(`generating sample logs in ${opts.outDir}`);
  const synth = await generateSynth({ outDir: opts.outDir, days: opts.days, seed: opts.seed });

  step('training a model on the day before them (isolation forest, sequences by batch run; no LSTM, to stay quick)');
  const trained = await trainOnDayBefore(opts.outDir, synth, (opts.seed ?? 42) + 1);

  step('ingesting them');
  const files = (await readdir(opts.outDir)).filter((f) => synth.files.some((s) => s.file === f)).map((f) => join(opts.outDir, f));
  const summary = await ingest(store, await resolveInputs(files));

  const rulesLoaded = await loadStarterRules(store);
  if (rulesLoaded) step(`loaded ${rulesLoaded} starter rules`);

  step('detecting');
  await detectAndGroup(store, trained.ok ? { ml: createModelScorer(trained.model) } : {});
  const alerts = (await store.listAlerts({ limit: 10_000 })).rows;
  const incidents = (await store.listIncidents({ limit: 10_000 })).rows;
  const scenarios = synth.scenarios.map((scenario): ScenarioOutcome => {
    const hits = incidents.filter((i) => overlaps(i, scenario));
    return hits.length ? { kind: 'detected', scenario, incidents: hits } : { kind: 'missed', scenario };
  });
  const unexplained = incidents.filter((i) => !synth.scenarios.some((s) => overlaps(i, s)));
  const model = trained.ok ? { kind: 'trained' as const, records: trained.records } : { kind: 'none' as const, reason: trained.reason };
  return { synth, ingest: summary, rulesLoaded, model, alerts, incidents, scenarios, unexplained };
}

/**
 * A model of the same services on the day before the sample (its own seed, so its own anomalies),
 * trained in a temporary store. Sessions are batch runs (the syslog process id): the injected
 * out-of-order run is the model's to find.
 */
async function trainOnDayBefore(outDir: string, sample: SynthSummary, seed: number): Promise<{ ok: true; model: MlModel; records: number } | { ok: false; reason: string }> {
  const dayBefore = join(outDir, 'day-before');
  const history = await generateSynth({ outDir: dayBefore, days: 1, seed, start: sample.start - 86_400_000 });
  const temp = await mkdtemp(join(tmpdir(), 'logtrack-demo-model-'));
  const store = await openStore(join(temp, 'day-before.db'));
  try {
    await ingest(store, await resolveInputs(history.files.map((f) => join(dayBefore, f.file))));
    const trained = await trainFromStore(store, { options: { lstm: false, sessionKey: { kind: 'field', field: 'procId' } } });
    return trained.ok ? { ok: true, model: trained.model, records: trained.records } : trained;
  } finally {
    await store.close();
    await rm(temp, { recursive: true, force: true });
  }
}

/** Load the starter rules whose names are not in the store yet. */
export async function loadStarterRules(store: Store): Promise<number> {
  const loaded = await loadRulesFile(STARTER_RULES_PATH);
  if (loaded.kind !== 'ok') throw new Error(`the starter rules are invalid: ${loaded.errors.join('; ')}`);
  const existing = new Set((await store.listRules()).map((r) => r.name));
  let added = 0;
  for (const rule of loaded.rules) {
    if (existing.has(rule.name)) continue;
    await store.createRule(rule);
    added++;
  }
  return added;
}

/** An incident matches a scenario when it concerns the scenario's service within 10 minutes of it. */
function overlaps(incident: Incident, s: ScenarioLabel): boolean {
  const slack = 10 * 60_000;
  return incident.services.includes(s.service) && incident.start <= s.end + slack && incident.end >= s.start - slack;
}

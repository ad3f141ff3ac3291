/**
 * The main job on the embedded default, as `npm start` runs it: generate sample logs with labelled
 * anomalies, ingest them, load the starter rules, detect and group into incidents, and report how
 * the detections line up with what was injected. Every step is the core's; this only orders them.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert, Incident } from '../domain/index.js';
import { loadRulesFile, STARTER_RULES_PATH } from '../detect/rules/load.js';
import { detectAndGroup } from '../pipeline/detect-run.js';
import { ingest, type IngestSummary } from '../pipeline/ingest.js';
import { resolveInputs } from '../sources/inputs.js';
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

  step('ingesting them');
  const files = (await readdir(opts.outDir)).filter((f) => synth.files.some((s) => s.file === f)).map((f) => join(opts.outDir, f));
  const summary = await ingest(store, await resolveInputs(files));

  const rulesLoaded = await loadStarterRules(store);
  if (rulesLoaded) step(`loaded ${rulesLoaded} starter rules`);

  step('detecting');
  await detectAndGroup(store, {});
  const alerts = (await store.listAlerts({ limit: 10_000 })).rows;
  const incidents = (await store.listIncidents({ limit: 10_000 })).rows;
  const scenarios = synth.scenarios.map((scenario): ScenarioOutcome => {
    const hits = incidents.filter((i) => overlaps(i, scenario));
    return hits.length ? { kind: 'detected', scenario, incidents: hits } : { kind: 'missed', scenario };
  });
  const unexplained = incidents.filter((i) => !synth.scenarios.some((s) => overlaps(i, s)));
  return { synth, ingest: summary, rulesLoaded, alerts, incidents, scenarios, unexplained };
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

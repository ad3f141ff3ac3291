/**
 * The trained model and its versioned folder:
 *
 *   model.json    metadata {format, version, createdAt, trainedOn, options}, feature statistics,
 *                 normalisers, thresholds, sequence model, news model (absent in folders saved
 *                 before it existed: they load with news = null and score as they did)
 *   forest.json   isolation forest (flat arrays per tree)
 *   lstm/         tfjs weights (model.json + weights.bin), when the LSTM is on
 *   miner.json    template miner snapshot, when given
 *
 * Loading gives a value, never throws: a folder of another format version is refused with one
 * sentence saying what to do.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Normaliser } from './ensemble.js';
import { statsFromJson, statsToJson, type FeatureStats, type FeatureStatsJson } from './features.js';
import { forestFromJson, forestToJson, type ForestJson } from './forest-json.js';
import type { IsolationForest } from './isolation-forest.js';
import { loadLstmFolder, saveLstmFolder, type LstmArtifacts } from './lstm-io.js';
import { newsFromJson, newsToJson, type NewsModel, type NewsModelJson } from './news.js';
import { ngramFromJson, type NgramJson, type NgramModel } from './ngram.js';
import { sequenceFromJson, sequenceToJson, type SequenceJson, type SequenceModel } from './sequence.js';
import { thresholdsFromJson, thresholdsToJson, type Thresholds } from './threshold.js';
import type { TrainOptions } from './train-options.js';
import { useWasm } from './tf-backend.js';

export const MODEL_FORMAT = 'logtrack-ml';
/**
 * 2: the transition feature is scored within real sessions only (a service's stream interleaves
 * independent work), so version 1 models, trained with it on service streams, must be retrained.
 */
export const MODEL_VERSION = 2;

export interface ModelMeta {
  format: typeof MODEL_FORMAT;
  version: number;
  createdAt: string;
  trainedOn: { records: number; heldOut: number; sessions: number; from: number | null; to: number | null };
  options: TrainOptions;
}

export interface MlModel {
  meta: ModelMeta;
  features: FeatureStats;
  forest: IsolationForest;
  lstm: LstmArtifacts | null;
  sequence: SequenceModel | null;
  /** Next-event model for the transition-surprise feature (the sequence model's, or one over service streams). */
  ngram: NgramModel | null;
  /** Per-service template rarity and spread with its own cut (news.ts); null when off or in an older model. */
  news: NewsModel | null;
  normalisers: { forest: Normaliser; lstm: Normaliser | null; sequence: Normaliser | null };
  /** Record-level thresholds on the ensemble score. */
  thresholds: Thresholds;
  miner: unknown;
}

export interface ModelJson {
  meta: ModelMeta;
  features: FeatureStatsJson;
  sequence: SequenceJson | null;
  ngram: NgramJson | null;
  /** Optional: model files written before the news scorer have none. */
  news?: NewsModelJson | null;
  normalisers: MlModel['normalisers'];
  thresholds: ReturnType<typeof thresholdsToJson>;
}

export type LoadResult = { ok: true; model: MlModel } | { ok: false; reason: string };

function modelToJson(m: MlModel): ModelJson {
  return {
    meta: m.meta,
    features: statsToJson(m.features),
    sequence: m.sequence ? sequenceToJson(m.sequence) : null,
    ngram: m.ngram && m.ngram !== m.sequence?.ngram ? m.ngram.toJson() : null,
    news: m.news ? newsToJson(m.news) : null,
    normalisers: m.normalisers,
    thresholds: thresholdsToJson(m.thresholds),
  };
}

function modelFromJson(json: ModelJson, forest: IsolationForest, lstm: LstmArtifacts | null, miner: unknown): MlModel {
  const sequence = json.sequence ? sequenceFromJson(json.sequence) : null;
  return {
    meta: json.meta,
    features: statsFromJson(json.features),
    forest,
    lstm,
    sequence,
    ngram: json.ngram ? ngramFromJson(json.ngram) : (sequence?.ngram ?? null),
    news: json.news ? newsFromJson(json.news) : null,
    normalisers: json.normalisers,
    thresholds: thresholdsFromJson(json.thresholds),
    miner,
  };
}

/** A model as plain data that crosses to a worker thread (structured clone keeps no methods); without the miner snapshot. */
export interface PortableModel {
  json: ModelJson;
  forest: IsolationForest;
  lstm: LstmArtifacts | null;
}

export function toPortable(m: MlModel): PortableModel {
  return { json: modelToJson(m), forest: m.forest, lstm: m.lstm };
}

export function fromPortable(p: PortableModel): MlModel {
  return modelFromJson(p.json, p.forest, p.lstm, null);
}

export async function saveModel(dir: string, m: MlModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  const json = modelToJson(m);
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
  await writeFile(join(dir, 'forest.json'), JSON.stringify(forestToJson(m.forest)));
  if (m.lstm) await saveLstmFolder(await useWasm(), join(dir, 'lstm'), m.lstm);
  if (m.miner !== undefined && m.miner !== null) await writeFile(join(dir, 'miner.json'), JSON.stringify(m.miner));
}

/** The one-sentence refusal for a folder of another version (pure, for tests and the CLI). */
export function versionMismatch(dir: string, found: unknown): string | null {
  if (found === MODEL_VERSION) return null;
  return `The model in ${dir} has format version ${String(found)}, but this LogTrack reads version ${MODEL_VERSION}; retrain it with \`logtrack train --output DIR\`.`;
}

export async function loadModel(dir: string): Promise<LoadResult> {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) return { ok: false, reason: `There is no model in ${dir} (model.json is missing); train one with \`logtrack train --input FILES --output DIR\`.` };
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as ModelJson;
  } catch (e) {
    return { ok: false, reason: `${file} is not valid JSON: ${(e as Error).message}.` };
  }
  if (json?.meta?.format !== MODEL_FORMAT) return { ok: false, reason: `${file} is not a LogTrack ML model.` };
  const mismatch = versionMismatch(dir, json.meta.version);
  if (mismatch) return { ok: false, reason: mismatch };
  try {
    const forest = forestFromJson(JSON.parse(await readFile(join(dir, 'forest.json'), 'utf8')) as ForestJson);
    const lstm = json.meta.options.lstm !== false && existsSync(join(dir, 'lstm')) ? await loadLstmFolder(join(dir, 'lstm')) : null;
    const minerFile = join(dir, 'miner.json');
    const miner: unknown = existsSync(minerFile) ? JSON.parse(await readFile(minerFile, 'utf8')) : null;
    return { ok: true, model: modelFromJson(json, forest, lstm, miner) };
  } catch (e) {
    return { ok: false, reason: `The model in ${dir} could not be read: ${(e as Error).message}.` };
  }
}

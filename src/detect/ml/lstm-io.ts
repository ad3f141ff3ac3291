/**
 * LSTM weights as tf.io artifacts: `exportLstm` encodes the variables (tf.io.encodeWeights),
 * `importLstm` rebuilds the model from them, and the folder form is written through a tf.io
 * save handler (model.json with the topology and weight specs, weights.bin with the bytes).
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import { DEFAULT_LSTM, lstmVariables, lstmWeightNames, type LstmAutoencoder, type LstmOptions } from './lstm-autoencoder.js';

export interface LstmArtifacts {
  features: number;
  options: LstmOptions;
  specs: TF.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

export async function exportLstm(tf: typeof TF, m: LstmAutoencoder): Promise<LstmArtifacts> {
  const names = lstmWeightNames(m);
  const named = lstmVariables(m).map((v, i) => ({ name: names[i], tensor: v as TF.Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  return { features: m.features, options: m.options, specs, data };
}

/**
 * The model with the artifacts' weights, made into variables directly: creating the model first
 * (createLstmAutoencoder) and assigning them would draw its Glorot initialisation for nothing, about
 * 65,000 values through tfjs's JavaScript random generator in every thread that loads a model.
 */
export function importLstm(tf: typeof TF, a: LstmArtifacts): LstmAutoencoder {
  const weights = tf.io.decodeWeights(a.data, a.specs);
  const options = { ...DEFAULT_LSTM, ...a.options };
  const names = lstmWeightNames({ cells: options.units.map(() => null) });
  for (const name of names) if (!weights[name]) throw new Error(`the LSTM weights have no entry for ${name}`);
  const variable = (name: string): TF.Variable => {
    const v = tf.variable(weights[name]!);
    weights[name]!.dispose();
    return v;
  };
  const cells = options.units.map((units, i) => ({ W: variable(`lstm${i}/W`), U: variable(`lstm${i}/U`), b: variable(`lstm${i}/b`), units }));
  return { features: a.features, options, cells, out: { W: variable('dense/W'), b: variable('dense/b') } };
}

const TOPOLOGY_FORMAT = 'logtrack-lstm-autoencoder';

export async function saveLstmFolder(tf: typeof TF, dir: string, a: LstmArtifacts): Promise<void> {
  await mkdir(dir, { recursive: true });
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    const manifest = {
      format: TOPOLOGY_FORMAT,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    };
    await writeFile(join(dir, 'model.json'), JSON.stringify(manifest));
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
  await handler.save!({
    modelTopology: { features: a.features, options: a.options },
    weightSpecs: a.specs,
    weightData: a.data,
  });
}

export async function loadLstmFolder(dir: string): Promise<LstmArtifacts> {
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
    format: string;
    modelTopology: { features: number; options: LstmOptions };
    weightsManifest: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
  };
  if (manifest.format !== TOPOLOGY_FORMAT) throw new Error(`${dir}/model.json is not a LogTrack LSTM autoencoder`);
  const bytes = await readFile(join(dir, 'weights.bin'));
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { features: manifest.modelTopology.features, options: manifest.modelTopology.options, specs: manifest.weightsManifest[0].weights, data };
}

/**
 * LSTM weights as tf.io artifacts: `exportLstm` encodes the variables (tf.io.encodeWeights),
 * `importLstm` rebuilds the model from them, and the folder form is written through a tf.io
 * save handler (model.json with the topology and weight specs, weights.bin with the bytes).
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import { createLstmAutoencoder, lstmVariables, lstmWeightNames, type LstmAutoencoder, type LstmOptions } from './lstm-autoencoder.js';

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

export function importLstm(tf: typeof TF, a: LstmArtifacts): LstmAutoencoder {
  const m = createLstmAutoencoder(tf, a.features, a.options);
  const weights = tf.io.decodeWeights(a.data, a.specs);
  const names = lstmWeightNames(m);
  for (const [i, v] of lstmVariables(m).entries()) {
    const w = weights[names[i]];
    if (!w) throw new Error(`the LSTM weights have no entry for ${names[i]}`);
    v.assign(w);
    w.dispose();
  }
  return m;
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

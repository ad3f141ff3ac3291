import { describe, expect, it } from 'vitest';
import { chunkStreams, errorsPerRecord, chunkBatch } from './chunks.js';
import { createLstmAutoencoder, reconstructionErrors } from './lstm-autoencoder.js';
import { LstmBatch } from './lstm-batch.js';
import { chunksWithCandidates } from './lstm-need.js';
import { createMatrix, type Matrix } from './matrix.js';
import { createPrng } from './prng.js';
import { scoreEventParts, scoreRecords, type EventPart } from './score.js';
import { streamedEvent } from './streams.js';
import { LOGIN, normalRequests, QUERY, record } from './test-logs.js';
import { useWasm } from './tf-backend.js';
import { trainModel } from './train.js';
import type { MlRecord } from './types.js';

const T = 5;
const D = 3;

/** What a whole batch gives at its end (score.ts `lstmErrors`). */
async function atTheEnd(tf: Awaited<ReturnType<typeof useWasm>>, ae: ReturnType<typeof createLstmAutoencoder>, streams: string[], z: Matrix, wanted: Uint8Array): Promise<Float32Array> {
  const byStream = new Map<string, number[]>();
  streams.forEach((s, i) => (byStream.get(s) ?? byStream.set(s, []).get(s)!).push(i));
  const chunks = chunkStreams(byStream, T);
  const which = chunksWithCandidates(chunks.records, T, wanted);
  const errors = which.length ? await reconstructionErrors(tf, ae, chunkBatch(chunks, z, which)) : new Float32Array(0);
  return errorsPerRecord(chunks, which, errors, z.rows);
}

describe('LSTM errors of a batch fed in parts', () => {
  it('are those of the whole batch at its end, however it is cut and flushed', async () => {
    const tf = await useWasm();
    const ae = createLstmAutoencoder(tf, D, { timesteps: T, units: [6, 4, 4, 6], seed: 2 });
    const prng = createPrng(11);
    const n = 173;
    const streams = Array.from({ length: n }, () => `s${prng.int(4)}`);
    const z = createMatrix(n, D);
    z.data.forEach((_, i) => (z.data[i] = prng.next() * 4 - 2));
    const wanted = Uint8Array.from({ length: n }, () => (prng.next() < 0.08 ? 1 : 0));
    const expected = await atTheEnd(tf, ae, streams, z, wanted);
    expect(expected.some((e) => Number.isNaN(e))).toBe(true);
    expect(expected.some((e) => !Number.isNaN(e))).toBe(true);
    for (const [partSize, flushChunks, capacity] of [[1, 1, n], [9, 2, n], [40, 1000, n], [n, 3, n], [17, 2, 20]]) {
      const batch = new LstmBatch(async () => ({ tf, ae }), { timesteps: T, features: D, capacity, flushChunks });
      for (let from = 0; from < n; from += partSize) {
        const to = Math.min(n, from + partSize);
        const part = { data: z.data.slice(from * D, to * D), rows: to - from, cols: D };
        batch.add(streams.slice(from, to), part, wanted.subarray(from, to));
        await batch.flushIfFull();
      }
      expect(await batch.finish(), `parts of ${partSize}, flushed every ${flushChunks} chunks`).toEqual(expected);
    }
    ae.cells.forEach((c) => tf.dispose([c.W, c.U, c.b]));
  });

  it('leave a scan report as it is with the LSTM on (scoreEventParts against scoreRecords)', async () => {
    const trained = await trainModel(normalRequests(200, 3), { sessionKey: { kind: 'service' }, lstm: { units: [8, 4, 4, 8], epochs: 2, timesteps: 6 } });
    if (!trained.ok) throw new Error(trained.reason);
    const fresh = normalRequests(120, 4);
    const t = fresh[fresh.length - 1]!.ts;
    const odd: MlRecord[] = [1, 2, 3].map((k) => ({ ...record(t + k * 1000, 'odd', k === 2 ? LOGIN : QUERY, 'ERROR', ['secrets']), service: `odd${k % 2}` }));
    const records = [...fresh, ...odd];
    const batchSize = 150;
    for (const onlyAnomalous of [true, false]) {
      const expected = await scoreRecords(trained.model, records, { onlyAnomalous, batchSize });
      expect(expected.records.some((v) => v.components.lstm !== null)).toBe(true);
      for (const [partSize, lstmFlushChunks] of [[13, 1], [50, 4], [batchSize, 256]]) {
        const events = records.map((r) => streamedEvent(r, null));
        async function* parts(): AsyncGenerator<EventPart> {
          for (let from = 0; from < events.length; ) {
            const inBatch = from % batchSize;
            const to = Math.min(events.length, from + Math.min(partSize, batchSize - inBatch));
            yield { events: events.slice(from, to), closes: to === events.length || to % batchSize === 0 };
            from = to;
          }
        }
        expect(await scoreEventParts(trained.model, parts(), { onlyAnomalous, batchSize, lstmFlushChunks })).toEqual(expected);
      }
    }
  });
});

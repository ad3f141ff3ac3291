/**
 * The time span of the stored records, cheaply: the times of the first and last records by id
 * (two primary-key lookups). Ingest order is close to time order, so this is what default chart
 * windows need; it is not an exact min/max when archives were ingested out of order.
 */
import type { Store } from '../store/store.js';
import type { DataSpan } from './buckets.js';

export async function dataSpan(store: Store): Promise<DataSpan | null> {
  const maxId = await store.maxLogId();
  if (maxId === 0) return null;
  const [newest] = await store.getLogs([maxId]);
  let oldest = newest?.ts;
  for await (const [first] of store.scanLogs({ afterId: 0, batchSize: 1 })) {
    oldest = first?.ts;
    break;
  }
  if (newest === undefined || oldest === undefined) return null;
  return { oldest: Math.min(oldest, newest.ts), newest: Math.max(oldest, newest.ts) };
}

/** Prometheus metrics of the ingest queue, read from the writer at scrape time. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IngestWriter } from './writer.js';

export function registerIngestMetrics(registry: Registry, writer: IngestWriter): void {
  const registers = [registry];
  new Gauge({
    name: 'logtrack_ingest_queue_records', help: 'Pushed records and rejects in flight (queued or being committed)', registers,
    collect() {
      this.set(writer.inFlight.records);
    },
  });
  new Gauge({
    name: 'logtrack_ingest_queue_bytes', help: 'Pushed bytes in flight (reserved, queued or being committed)', registers,
    collect() {
      this.set(writer.inFlight.bytes);
    },
  });
  new Counter({
    name: 'logtrack_ingest_records_accepted_total', help: 'Pushed records committed to the store', registers,
    collect() {
      this.reset();
      this.inc(writer.stats.accepted);
    },
  });
  new Counter({
    name: 'logtrack_ingest_records_rejected_total', help: 'Pushed items that could not be decoded (stored as rejects)', registers,
    collect() {
      this.reset();
      this.inc(writer.stats.rejected);
    },
  });
  new Counter({
    name: 'logtrack_ingest_refused_total', help: 'Pushes refused: too_large (413), busy (429), unavailable (503)', labelNames: ['reason'] as const, registers,
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(writer.stats.refused)) this.inc({ reason }, n);
    },
  });
}

/**
 * What `logtrack serve` runs beside the HTTP routes: the store's ingest writer (the HTTP routes find
 * and share it), and, when asked, the syslog listener and the NATS JetStream source feeding it.
 */
import { NatsSourceError, startNatsSource, type NatsSource } from '../sources/nats.js';
import type { Store } from '../store/store.js';
import { startSyslogListener, type SyslogListener } from './syslog-listener.js';
import { createIngestWriter, type IngestWriter } from './writer.js';
import type { DetectAndGroupOptions } from '../pipeline/detect-run.js';

export interface PushSourceOptions {
  /** Address the syslog listener binds (the server's). */
  host: string;
  /** UDP and TCP port for syslog; absent: no listener. */
  syslogPort?: number;
  nats?: { url: string; subject: string };
  /** How pushed records are detected on (rules always; a model scorer and notifications when given). */
  detect?: DetectAndGroupOptions;
  onNotice: (message: string) => void;
}

export interface PushSources {
  writer: IngestWriter;
  /** Stop the sources, then commit what is queued and close the writer. */
  stop(): Promise<void>;
}

export type PushSourcesOutcome = { kind: 'started'; sources: PushSources } | { kind: 'failed'; message: string };

export async function startPushSources(store: Store, opts: PushSourceOptions): Promise<PushSourcesOutcome> {
  const writer = createIngestWriter(store, { ...(opts.detect ? { detect: opts.detect } : {}), onError: (what, err) => opts.onNotice(`ingest: ${what}: ${err instanceof Error ? err.message : String(err)}`) });
  let syslog: SyslogListener | null = null;
  let nats: NatsSource | null = null;
  const stop = async () => {
    await syslog?.close();
    await nats?.stop();
    await writer.close();
  };
  try {
    if (opts.syslogPort !== undefined) {
      syslog = await startSyslogListener({ host: opts.host, port: opts.syslogPort, writer });
      opts.onNotice(`receiving syslog on ${opts.host}:${opts.syslogPort} (UDP and TCP)`);
    }
    if (opts.nats) {
      nats = await startNatsSource(writer, { ...opts.nats, onNotice: opts.onNotice });
      opts.onNotice(`consuming ${opts.nats.subject} from NATS stream ${nats.stream} at ${opts.nats.url}`);
    }
  } catch (err) {
    await stop();
    const message = err instanceof NatsSourceError ? err.message : `cannot listen for syslog on ${opts.host}:${opts.syslogPort}: ${(err as Error).message}`;
    return { kind: 'failed', message };
  }
  return { kind: 'started', sources: { writer, stop } };
}

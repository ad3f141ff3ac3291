import { afterEach, describe, expect, it } from 'vitest';
import { makeRecord, makeReject, type LogRecord } from '../domain/index.js';
import { parseRule } from '../detect/rules/schema.js';
import type { DetectAndGroupResult } from '../pipeline/detect-run.js';
import type { Store } from '../store/store.js';
import { BACKENDS } from '../store/testing/backends.js';
import { createIngestWriter, type CommitOutcome, type IngestWriter, type IngestWriterOptions, type PushBatch, type Submitted } from './writer.js';

const T = Date.UTC(2026, 2, 1, 10, 0, 0);
const record = (i: number, message = `job ${i} finished in ${i * 3} ms`, service = 'jobs'): LogRecord =>
  makeRecord({ ts: T + i * 1000, service, message, source: { file: 'test', line: i, offset: 0 } });
const batch = (records: LogRecord[], extra: Partial<PushBatch> = {}): PushBatch => ({ records, rejects: [], bytes: 100 * records.length, ...extra });

function committed(submitted: Submitted): Promise<CommitOutcome> {
  if (submitted.kind !== 'queued') throw new Error(`refused: ${submitted.refusal.reason}`);
  return submitted.committed;
}

function storedIds(outcome: CommitOutcome): number[] {
  if (outcome.kind !== 'stored') throw new Error(`not stored: ${outcome.kind}`);
  return outcome.ids;
}

for (const backend of BACKENDS) {
  describe(`IngestWriter (${backend.name})`, () => {
    const open: { store: Store; writer: IngestWriter }[] = [];
    const fresh = async (options: Partial<IngestWriterOptions> = {}) => {
      const store = await backend.open();
      const writer = createIngestWriter(store, { detect: null, ...options });
      open.push({ store, writer });
      return { store, writer };
    };
    afterEach(async () => {
      for (const { store, writer } of open.splice(0)) {
        await writer.close();
        await store.close().catch(() => {});
      }
      await backend.cleanup();
    });

    it('commits batches submitted together in one appendBatch, each told its own ids', async () => {
      const { store, writer } = await fresh();
      const outcomes = await Promise.all([0, 1, 2, 3].map((k) => committed(writer.submit(batch([record(k * 10), record(k * 10 + 1)])))));
      expect(writer.stats).toMatchObject({ commits: 1, accepted: 8 });
      for (const [k, outcome] of outcomes.entries()) {
        const logs = await store.getLogs(storedIds(outcome));
        expect(logs.map((l) => l.message)).toEqual([record(k * 10).message, record(k * 10 + 1).message]);
        expect(logs.every((l) => l.templateId !== null)).toBe(true);
      }
      expect(writer.inFlight).toEqual({ records: 0, bytes: 0 });
    });

    it('keeps groups within maxBatchRecords', async () => {
      const { writer } = await fresh({ maxBatchRecords: 5 });
      await Promise.all([0, 1, 2].map((k) => committed(writer.submit(batch([record(k), record(k + 10), record(k + 20)])))));
      expect(writer.stats.commits).toBe(3);
    });

    it('stores rejects with the records, and only matches known templates when not learning', async () => {
      const { store, writer } = await fresh({ learn: false });
      const reject = makeReject('invalid JSON', '{oops', { file: 'http', line: 2, offset: 10 });
      const outcome = await committed(writer.submit(batch([record(1)], { rejects: [reject] })));
      expect(outcome).toEqual({ kind: 'stored', ids: [expect.any(Number)], rejects: 1 });
      expect((await store.listRejects()).map((r) => [r.reason, r.raw])).toEqual([['invalid JSON', '{oops']]);
      expect((await store.getLogs(storedIds(outcome)))[0]!.templateId).toBeNull();
    });

    it('commits a checkpointed batch as a compare-and-swap: a stale one conflicts and stores nothing', async () => {
      const { store, writer } = await fresh();
      const next = { key: 'nats:S:c', path: 'logs.app', offset: 3, line: 3, size: 0, updatedAt: T };
      const first = await committed(writer.submit(batch([record(1)], { checkpoint: { next, expectOffset: 0 } })));
      expect(first.kind).toBe('stored');
      const again = await committed(writer.submit(batch([record(2)], { checkpoint: { next: { ...next, offset: 5 }, expectOffset: 0 } })));
      expect(again).toEqual({ kind: 'conflict', current: expect.objectContaining({ key: 'nats:S:c', offset: 3 }) });
      expect(await store.countLogs()).toBe(1);
    });

    it('fails the batch when the store fails, then refuses with 503 until the backoff is over', async () => {
      const errors: string[] = [];
      const { store, writer } = await fresh({ onError: (what) => errors.push(what) });
      await committed(writer.submit(batch([record(1)])));
      await store.close();
      const failed = await committed(writer.submit(batch([record(2)])));
      expect(failed).toMatchObject({ kind: 'failed', retryAfterSec: 1 });
      if (failed.kind === 'failed') expect(failed.reason).toMatch(/^the store failed: /);
      expect(errors).toEqual(['a commit failed']);
      expect(writer.submit(batch([record(3)]))).toMatchObject({ kind: 'refused', refusal: { kind: 'unavailable', retryAfterSec: 1 } });
      expect(writer.stats).toMatchObject({ failed: 1, refused: { unavailable: 1 } });
      expect(writer.inFlight).toEqual({ records: 0, bytes: 0 });
    });

    it('on close, commits what is queued and refuses anything new', async () => {
      const { store, writer } = await fresh();
      const pending = committed(writer.submit(batch([record(1), record(2)])));
      await writer.close();
      expect((await pending).kind).toBe('stored');
      expect(await store.countLogs()).toBe(2);
      expect(writer.submit(batch([record(3)]))).toMatchObject({ kind: 'refused', refusal: { kind: 'unavailable', reason: 'the server is shutting down' } });
    });

    it('runs detection after commits and reports what it found', async () => {
      const found: DetectAndGroupResult[] = [];
      const { store, writer } = await fresh({ detect: {}, onDetected: (r) => found.push(r) });
      const rule = parseRule({ name: 'oom', type: 'keyword', pattern: 'out of memory', severity: 'CRITICAL' });
      if (rule.kind === 'error') throw new Error(rule.message);
      await store.createRule(rule.rule);
      await committed(writer.submit(batch([record(1), record(2, 'worker 7 killed: out of memory')])));
      await writer.idle();
      const alerts = found.flatMap((r) => r.detection.alerts);
      expect(alerts.map((a) => [a.ruleName, a.scope])).toEqual([['oom', { service: 'jobs' }]]);
      expect(alerts[0]!.incidentId).not.toBeNull();
    });

    it('is one per store', async () => {
      const { store } = await fresh();
      expect(() => createIngestWriter(store)).toThrow(/has an ingest writer already/);
    });
  });
}

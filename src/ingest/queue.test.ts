import { describe, expect, it } from 'vitest';
import { HEALTHY } from './admission.js';
import { groupSize, IngestQueue, type Queued, type Reservation } from './queue.js';

const options = { limits: { maxRecords: 100, maxBytes: 1000 }, busyRetryAfterSec: 1, now: () => 0 };

function reserved<T extends Queued>(queue: IngestQueue<T>, records: number, bytes = 0): Reservation {
  const r = queue.reserve({ records, bytes });
  if (r.kind !== 'reserved') throw new Error(`refused: ${r.refusal.reason}`);
  return r.reservation;
}

describe('IngestQueue', () => {
  it('counts what is reserved and gives it back exactly once', () => {
    const queue = new IngestQueue<Queued>(options);
    const a = reserved(queue, 30, 300);
    const b = reserved(queue, 50, 200);
    expect(queue.inFlight).toEqual({ records: 80, bytes: 500 });
    a.release();
    a.release();
    expect(queue.inFlight).toEqual({ records: 50, bytes: 200 });
    expect(a.active).toBe(false);
    b.release();
    expect(queue.inFlight).toEqual({ records: 0, bytes: 0 });
  });

  it('refuses once full, and admits again after a release', () => {
    const queue = new IngestQueue<Queued>(options);
    const big = reserved(queue, 95);
    expect(queue.reserve({ records: 10, bytes: 0 })).toMatchObject({ kind: 'refused', refusal: { kind: 'busy' } });
    big.release();
    expect(queue.reserve({ records: 10, bytes: 0 }).kind).toBe('reserved');
  });

  it('resizes a body reservation to the decoded batch: bytes shrink, records are added', () => {
    const queue = new IngestQueue<Queued>(options);
    const upFront = reserved(queue, 0, 900);
    const other = queue.reserve({ records: 0, bytes: 200 });
    expect(other.kind).toBe('refused');
    const exact = queue.resize(upFront, { records: 40, bytes: 120 });
    expect(exact.kind).toBe('reserved');
    expect(upFront.active).toBe(false);
    expect(queue.inFlight).toEqual({ records: 40, bytes: 120 });
    expect(queue.reserve({ records: 0, bytes: 200 }).kind).toBe('reserved');
  });

  it('releases the reservation when the resized batch does not fit', () => {
    const queue = new IngestQueue<Queued>(options);
    reserved(queue, 80);
    const body = reserved(queue, 0, 100);
    expect(queue.resize(body, { records: 30, bytes: 100 })).toMatchObject({ kind: 'refused', refusal: { kind: 'busy' } });
    expect(queue.inFlight).toEqual({ records: 80, bytes: 0 });
  });

  it('refuses with 503 reasons while the store is failing', () => {
    const queue = new IngestQueue<Queued>(options);
    queue.health = { kind: 'failing', until: 5000, streak: 1, reason: 'locked' };
    expect(queue.reserve({ records: 1, bytes: 1 })).toMatchObject({ kind: 'refused', refusal: { kind: 'unavailable', retryAfterSec: 5 } });
    queue.health = HEALTHY;
    expect(queue.reserve({ records: 1, bytes: 1 }).kind).toBe('reserved');
  });

  it('hands out waiting batches in groups, oldest first', () => {
    const queue = new IngestQueue<Queued & { name: string }>(options);
    for (const [name, records] of [['a', 20], ['b', 20], ['c', 20], ['d', 20]] as const) {
      queue.push({ name, exclusive: false, reservation: reserved(queue, records) });
    }
    expect(queue.takeGroup(45).map((q) => q.name)).toEqual(['a', 'b']);
    expect(queue.takeGroup(45).map((q) => q.name)).toEqual(['c', 'd']);
    expect(queue.length).toBe(0);
  });
});

describe('groupSize', () => {
  const item = (records: number, exclusive = false): Queued => ({ exclusive, reservation: { load: { records, bytes: 0 } } as Reservation });

  it('groups while the records fit, and always takes at least one', () => {
    expect(groupSize([item(10), item(20), item(30), item(5)], 60)).toBe(3);
    expect(groupSize([item(500), item(1)], 60)).toBe(1);
    expect(groupSize([], 60)).toBe(0);
  });

  it('commits a checkpointed (exclusive) batch on its own', () => {
    expect(groupSize([item(1, true), item(1)], 60)).toBe(1);
    expect(groupSize([item(1), item(1), item(1, true), item(1)], 60)).toBe(2);
  });
});

/**
 * The bounded ingest queue: how much work is in flight (reserved, queued or being committed), the
 * batches waiting for the writer, and how the writer takes them in groups. Room is reserved before a
 * request's body is read (from its Content-Length), made exact once it is decoded, and given back
 * when its batch is committed or refused, so memory stays bounded however many clients push.
 */
import { decideAdmission, HEALTHY, type Health, type IngestLimits, type Load, type Refusal } from './admission.js';

/** Room held in the queue for one request or batch; released exactly once. */
export class Reservation {
  private released = false;

  constructor(
    /** The queue's in-flight counters, given back on release. */
    private readonly owner: Load,
    readonly load: Load,
  ) {}

  get active(): boolean {
    return !this.released;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.owner.records -= this.load.records;
    this.owner.bytes -= this.load.bytes;
  }
}

export type Reserved = { kind: 'reserved'; reservation: Reservation } | { kind: 'refused'; refusal: Refusal };

export interface QueueOptions {
  limits: IngestLimits;
  /** Seconds a client refused because the queue is full should wait. */
  busyRetryAfterSec: number;
  now: () => number;
}

/** A batch waiting in the queue: `exclusive` ones (checkpointed) are committed alone. */
export interface Queued {
  reservation: Reservation;
  exclusive: boolean;
}

export class IngestQueue<T extends Queued> {
  readonly inFlight: Load = { records: 0, bytes: 0 };
  health: Health = HEALTHY;
  private readonly waiting: T[] = [];

  constructor(private readonly options: QueueOptions) {}

  get length(): number {
    return this.waiting.length;
  }

  /** Hold room for `load`, or say why not. */
  reserve(load: Load): Reserved {
    const admission = this.decide(load);
    if (admission.kind === 'refuse') return { kind: 'refused', refusal: admission.refusal };
    return { kind: 'reserved', reservation: this.hold(load) };
  }

  /**
   * Turn a reservation made before reading (bytes only, perhaps an upper bound) into one for the
   * decoded batch: bytes shrink to `load.bytes` when fewer came, records are added if they fit.
   * On refusal the old reservation is released.
   */
  resize(old: Reservation, load: Load): Reserved {
    if (!old.active) throw new Error('resize of a released reservation');
    old.release();
    return this.reserve(load);
  }

  push(item: T): void {
    this.waiting.push(item);
  }

  /** The next group to commit together: as many waiting batches as fit `maxRecords` (at least one). */
  takeGroup(maxRecords: number): T[] {
    return this.waiting.splice(0, groupSize(this.waiting, maxRecords));
  }

  private decide(want: Load) {
    const o = this.options;
    return decideAdmission({ inFlight: this.inFlight, want, limits: o.limits, health: this.health, now: o.now(), busyRetryAfterSec: o.busyRetryAfterSec });
  }

  private hold(load: Load): Reservation {
    this.inFlight.records += load.records;
    this.inFlight.bytes += load.bytes;
    return new Reservation(this.inFlight, { ...load });
  }
}

/**
 * How many batches from the front make one commit: they go together while their records fit
 * `maxRecords` (the first always goes), and an exclusive batch is always a group of its own.
 */
export function groupSize(waiting: readonly Queued[], maxRecords: number): number {
  if (waiting.length === 0) return 0;
  if (waiting[0]!.exclusive) return 1;
  let records = waiting[0]!.reservation.load.records;
  let n = 1;
  while (n < waiting.length && !waiting[n]!.exclusive && records + waiting[n]!.reservation.load.records <= maxRecords) {
    records += waiting[n]!.reservation.load.records;
    n++;
  }
  return n;
}

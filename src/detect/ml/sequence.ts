/**
 * The session detector: is this sequence of events (e.g. one HDFS block's life) normal?
 *
 * Three tests, each learned from normal sessions only:
 * 1. Transitions: an n-gram next-event model (see ngram.ts). A session's surprise is the largest
 *    −log2 P(event | previous n − 1 events) over its events and its end, so an unseen event, an
 *    unseen transition or an abnormal end (cut short: P(end | last events) is tiny) all stand out.
 * 2. Invariants: two-event count invariants (see invariants.ts), e.g. "as many 'received' as
 *    'receiving'". A session breaking them has the right transitions but the wrong totals.
 * 3. Counts: how many times each event occurs (see event-counts.ts), e.g. served 9 times where
 *    1–3 is normal.
 *
 * Choices made on training data only: the n-gram order is the candidate with the lowest
 * cross-entropy (bits per event) on a seeded held-out part of the training sessions; each test's
 * threshold is the held-out quantile for a third of the target false-positive rate (the thirds
 * add up to at most the target). The held-out part is not used to fit any of the three.
 */
import type { Factor } from '../../domain/index.js';
import { countScorer, trainEventCounts, usualCounts, type EventCountModel } from './event-counts.js';
import { brokenInvariants, mineInvariants, type CountInvariant, type InvariantOptions } from './invariants.js';
import { createNgramCounter, EOS, ngramFromJson, pad, sessionSurprises, type NgramJson, type NgramModel } from './ngram.js';
import { holdOutSplit } from './prng.js';
import { thresholdForFpr } from './threshold.js';

export interface SequenceOptions {
  /** Candidate n-gram orders. */
  orders: number[];
  invariants: Partial<InvariantOptions>;
  /** Target false-positive rate for the whole detector. */
  fpr: number;
  /** Fraction of training sessions held out for choosing the order and the thresholds. */
  holdOut: number;
  seed: number;
}

export const DEFAULT_SEQUENCE: SequenceOptions = { orders: [2, 3, 4, 5, 6, 8, 10], invariants: {}, fpr: 0.01, holdOut: 0.2, seed: 7 };

export interface SequenceModel {
  ngram: NgramModel;
  invariants: CountInvariant[];
  counts: EventCountModel;
  /** A session is anomalous when its transition surprise (bits) is above this… */
  surpriseThreshold: number;
  /** …or it breaks more invariants than this… */
  brokenThreshold: number;
  /** …or its count surprise (bits) is above this. */
  countThreshold: number;
  /** Held-out bits per event for each candidate order (how the order was chosen). */
  orderSelection: { order: number; bitsPerEvent: number }[];
}

export interface SequenceScore {
  /** 0–1; above 0.5 exactly when anomalous. */
  score: number;
  anomalous: boolean;
  /** Largest surprise in bits, and where: position `length` means the session's end. */
  surprise: number;
  position: number;
  broken: CountInvariant[];
  /** The event with the most surprising count. */
  count: { bits: number; event: number; count: number };
}

export function trainSequenceModel(sessions: ArrayLike<number>[], options: Partial<SequenceOptions> = {}): SequenceModel {
  const opts = { ...DEFAULT_SEQUENCE, ...options };
  if (sessions.length === 0) throw new Error('cannot train a sequence model on zero sessions');
  const split = holdOutSplit(sessions.length, opts.holdOut, opts.seed);
  const fit = Array.from(split.fit, (i) => sessions[i]);
  const heldOut = split.holdOut.length > 0 ? Array.from(split.holdOut, (i) => sessions[i]) : fit;

  const orderSelection = opts.orders.map((order) => {
    const ngram = countNgrams(fit, order);
    let bits = 0;
    let events = 0;
    for (const s of heldOut) {
      for (const b of sessionSurprises(ngram, s)) bits += b;
      events += s.length + 1;
    }
    return { order, bitsPerEvent: bits / events, ngram };
  });
  const best = orderSelection.reduce((a, b) => (b.bitsPerEvent < a.bitsPerEvent ? b : a));
  const invariants = mineInvariants(fit, opts.invariants);
  const counts = trainEventCounts(fit);
  const countBits = countScorer(counts);
  const surprises = heldOut.map((s) => maxSurprise(best.ngram, s).surprise);
  const broken = heldOut.map((s) => brokenInvariants(invariants, s).length);
  const share = opts.fpr / 3;
  return {
    ngram: best.ngram,
    invariants,
    counts,
    surpriseThreshold: thresholdForFpr(surprises, share),
    brokenThreshold: Math.floor(thresholdForFpr(broken, share)),
    countThreshold: thresholdForFpr(heldOut.map((s) => countBits(s).bits), share),
    orderSelection: orderSelection.map(({ order, bitsPerEvent }) => ({ order, bitsPerEvent })),
  };
}

function countNgrams(sessions: ArrayLike<number>[], order: number): NgramModel {
  const counter = createNgramCounter(order);
  for (const s of sessions) counter.add(s);
  return counter.build();
}

function maxSurprise(ngram: NgramModel, events: ArrayLike<number>): { surprise: number; position: number } {
  const s = sessionSurprises(ngram, events);
  let position = 0;
  for (let i = 1; i < s.length; i++) if (s[i] > s[position]) position = i;
  return { surprise: s[position], position };
}

const scorers = new WeakMap<EventCountModel, ReturnType<typeof countScorer>>();

export function scoreSequence(model: SequenceModel, events: ArrayLike<number>): SequenceScore {
  const { surprise, position } = maxSurprise(model.ngram, events);
  const broken = brokenInvariants(model.invariants, events);
  let scorer = scorers.get(model.counts);
  if (!scorer) scorers.set(model.counts, (scorer = countScorer(model.counts)));
  const count = scorer(events);
  // Exceedance: how far past its threshold each test is (> 1 means past it).
  const exceedance = Math.max(
    surprise / Math.max(model.surpriseThreshold, 1e-9),
    broken.length / (model.brokenThreshold + 0.5),
    count.bits / Math.max(model.countThreshold, 1e-9),
  );
  return { score: exceedance / (1 + exceedance), anomalous: exceedance > 1, surprise, position, broken, count };
}

/** Factors explaining a session verdict, one per test that fired; `label` names an event (template) id. */
export function sequenceFactors(model: SequenceModel, events: ArrayLike<number>, s: SequenceScore, label: (id: number) => string): Factor[] {
  const factors: Factor[] = [];
  const name = (id: number): string => (id === EOS ? '(end of session)' : label(id));
  const weight = (value: number, threshold: number): number => Math.min(1, value / Math.max(threshold, 1e-9) / 2);
  if (s.surprise > model.surpriseThreshold) {
    const padded = pad(events, model.ngram.order);
    const at = s.position + model.ngram.order - 1;
    const expected = model.ngram.topNext(padded.slice(at - model.ngram.order + 1, at), 3).map(name);
    const actual = name(padded[at]);
    factors.push({
      kind: 'sequence',
      text:
        padded[at] === EOS
          ? `The session ended after ${events.length} events, where normal sessions go on (expected next: ${expected.join(', ')}).`
          : `Event ${actual} at position ${s.position + 1} is unusual after the events before it (expected: ${expected.join(', ')}).`,
      weight: weight(s.surprise, model.surpriseThreshold),
      expected,
      actual: [actual],
    });
  }
  if (s.count.bits > model.countThreshold) {
    const usual = usualCounts(model.counts, s.count.event);
    const times = (k: number): string => (k === 1 ? 'once' : `${k} times`);
    factors.push({
      kind: 'sequence',
      text: usual.length
        ? `Event ${name(s.count.event)} occurred ${times(s.count.count)}; normal sessions have it ${usual.join(', ')} times.`
        : `Event ${name(s.count.event)} occurred ${times(s.count.count)}; normal sessions never have it.`,
      weight: weight(s.count.bits, model.countThreshold),
      expected: usual.map((k) => `${name(s.count.event)} × ${k}`),
      actual: [`${name(s.count.event)} × ${s.count.count}`],
    });
  }
  if (s.broken.length > model.brokenThreshold) {
    for (const v of s.broken.slice(0, 3)) {
      factors.push({
        kind: 'sequence',
        text: `Normal sessions have ${v.a === 1 ? '' : `${v.a} × `}count(${label(v.x)}) = ${v.b === 1 ? '' : `${v.b} × `}count(${label(v.y)}); this one does not.`,
        weight: Math.min(1, v.support),
        expected: [`${v.a}·${label(v.x)} = ${v.b}·${label(v.y)}`],
        actual: [`${label(v.x)} × ${countOf(events, v.x)}, ${label(v.y)} × ${countOf(events, v.y)}`],
      });
    }
  }
  return factors.sort((a, b) => b.weight - a.weight);
}

function countOf(events: ArrayLike<number>, id: number): number {
  let n = 0;
  for (let i = 0; i < events.length; i++) if (events[i] === id) n++;
  return n;
}

/** The model as JSON: the same fields, the n-gram model in its JSON form. */
export type SequenceJson = Omit<SequenceModel, 'ngram'> & { ngram: NgramJson };

export function sequenceToJson(m: SequenceModel): SequenceJson {
  return { ...m, ngram: m.ngram.toJson() };
}

export function sequenceFromJson(j: SequenceJson): SequenceModel {
  return { ...j, ngram: ngramFromJson(j.ngram) };
}

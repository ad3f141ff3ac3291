/**
 * Next-event n-gram model over integer event ids (template ids), with interpolated Witten–Bell
 * smoothing:
 *
 *   P_k(w | h_k) = (c(h_k, w) + T(h_k) · P_{k−1}(w | h_{k−1})) / (c(h_k) + T(h_k))
 *
 * where h_k is the last k events, c counts training occurrences and T(h_k) is the number of
 * distinct events seen after h_k. The base case P_0 is uniform over the known events plus one
 * slot for "unknown", so unseen events and unseen transitions get small but non-zero
 * probabilities. An unseen context falls back to the shorter one.
 *
 * Sequences are padded with BOS at the start and end with EOS, so "the session ended here" is an
 * event like any other: P(EOS | last k events) models abnormal (e.g. cut-short) session ends.
 */
export const BOS = -1;
export const EOS = -2;

export interface NgramModel {
  /** n: the context is the last n − 1 events. */
  readonly order: number;
  /** Known events, EOS included. */
  readonly vocabulary: ReadonlySet<number>;
  /** P(next | context); `context` may be longer than order − 1 (only its tail is used). */
  probability(context: ArrayLike<number>, next: number): number;
  /** P(next) regardless of context (the smoothed unigram). */
  unigram(next: number): number;
  /** The most likely next events after `context`, best first. */
  topNext(context: ArrayLike<number>, k: number): number[];
  toJson(): NgramJson;
}

export interface NgramJson {
  order: number;
  vocabulary: number[];
  /** [context key, [[next, count], ...]] with context keys as comma-joined ids ('' for order 0). */
  tables: [string, [number, number][]][][];
}

type Table = Map<string, Map<number, number>>;

/** Accumulates counts; call `build()` when done. */
export function createNgramCounter(order: number): { add(sequence: ArrayLike<number>): void; build(): NgramModel } {
  if (!Number.isInteger(order) || order < 1) throw new Error(`n-gram order must be a positive integer, got ${order}`);
  const tables: Table[] = Array.from({ length: order }, () => new Map());
  const vocabulary = new Set<number>([EOS]);
  return {
    add(sequence) {
      const padded = pad(sequence, order);
      for (let i = order - 1; i < padded.length; i++) {
        const next = padded[i];
        if (next !== EOS) vocabulary.add(next);
        for (let k = 0; k < order; k++) increment(tables[k], contextKey(padded, i, k), next);
      }
    },
    build: () => makeModel(order, vocabulary, tables),
  };
}

export function ngramFromJson(json: NgramJson): NgramModel {
  const tables: Table[] = json.tables.map((t) => new Map(t.map(([key, entries]) => [key, new Map(entries)])));
  return makeModel(json.order, new Set(json.vocabulary), tables);
}

/** BOS × (order − 1), the events, EOS. */
export function pad(sequence: ArrayLike<number>, order: number): number[] {
  const out: number[] = new Array(order - 1).fill(BOS);
  for (let i = 0; i < sequence.length; i++) out.push(sequence[i]);
  out.push(EOS);
  return out;
}

/** Key of the k events before position i. */
function contextKey(seq: ArrayLike<number>, i: number, k: number): string {
  let key = '';
  for (let j = i - k; j < i; j++) key += (j === i - k ? '' : ',') + (j < 0 ? BOS : seq[j]);
  return key;
}

function increment(table: Table, key: string, next: number): void {
  let followers = table.get(key);
  if (!followers) table.set(key, (followers = new Map()));
  followers.set(next, (followers.get(next) ?? 0) + 1);
}

function makeModel(order: number, vocabulary: Set<number>, tables: Table[]): NgramModel {
  const totals = tables.map((t) => {
    const m = new Map<string, number>();
    for (const [key, followers] of t) {
      let sum = 0;
      for (const c of followers.values()) sum += c;
      m.set(key, sum);
    }
    return m;
  });
  const uniform = 1 / (vocabulary.size + 1);

  const probability = (context: ArrayLike<number>, next: number): number => {
    let p = uniform;
    const n = context.length;
    for (let k = 0; k < order; k++) {
      const key = contextKey(context, n, k);
      const followers = tables[k].get(key);
      if (!followers) break;
      const total = totals[k].get(key) ?? 0;
      const types = followers.size;
      p = ((followers.get(next) ?? 0) + types * p) / (total + types);
    }
    return p;
  };

  const unigram = (next: number): number => {
    const followers = tables[0].get('');
    const total = totals[0].get('') ?? 0;
    return followers ? ((followers.get(next) ?? 0) + followers.size * uniform) / (total + followers.size) : uniform;
  };
  return {
    order,
    vocabulary,
    unigram,
    probability,
    topNext(context, k) {
      return [...vocabulary]
        .map((e) => ({ e, p: probability(context, e) }))
        .sort((a, b) => b.p - a.p || a.e - b.e)
        .slice(0, k)
        .map((x) => x.e);
    },
    toJson: () => ({
      order,
      vocabulary: [...vocabulary].sort((a, b) => a - b),
      tables: tables.map((t) => [...t].map(([key, f]): [string, [number, number][]] => [key, [...f]])),
    }),
  };
}

/** Surprise in bits of each step of a session (one per event, then one for its end). */
export function sessionSurprises(model: NgramModel, sequence: ArrayLike<number>): Float64Array {
  const padded = pad(sequence, model.order);
  const out = new Float64Array(sequence.length + 1);
  for (let i = model.order - 1; i < padded.length; i++) {
    const context = padded.slice(i - model.order + 1, i);
    out[i - model.order + 1] = -Math.log2(model.probability(context, padded[i]));
  }
  return out;
}

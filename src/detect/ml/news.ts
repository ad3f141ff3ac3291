/**
 * "News" scorer for raw line logs: a line is suspicious when it is severe AND its template is news
 * for its service, i.e. rare within that service and not spread steadily through the log.
 *
 *   score(line) = severity(level) × ( −ln P(template | service) − ln spread(template | service) )
 *
 *   P(template | service)      = (count + ½) / (service lines + 1)
 *   spread(template | service) = (segments holding the template + ½) / (segments where the service logs + 1)
 *
 * The log (in record order) is cut into S = ⌈√n⌉ equal segments; "spread" is the share of the
 * service's active segments in which the template occurs. A template that recurs through the whole
 * log is background even at FATAL (its spread term ≈ 0, and a template in at least half of its
 * service's active segments is never news: NewsOptions.steady); a burst confined to one segment
 * scores as news even when it has 60 lines. Both terms are log-probabilities, so the sum is in nats. Severity (SEVERITY_WEIGHT: ERROR/FATAL 1, WARN 0.5, below 0.1) is a prior
 * that scales the surprise, not a rule.
 *
 * Threshold: the score of a window is the largest line score in it (max, not a count: one news
 * line is enough to make a stretch of log worth reading). The cut is the robust cut (median +
 * k·max(1.4826·MAD, minScale)) of the window maxima of the training lines: "more unusual than the most unusual
 * line of a typical stretch of log". Fit on all lines (contaminated) is fine: MAD ignores a
 * minority of anomalous windows. A line is flagged when its score exceeds the cut and its template
 * is not steady, so a window is flagged exactly when it holds a flagged line.
 *
 * Measured on BGL 2k (fit and score all 2,000 lines; windows of 20; 28 of 100 windows hold an
 * alert; labels used only for scoring). Window F1 (line F1):
 *   level = FATAL (reference, no learning)                          0.789 (0.584)
 *   severity × global rarity, line-level cut (the previous row)     0.727 (0.524)
 *   this scorer, defaults (k = 3, S = ⌈√n⌉ = 45, minScale 1)         0.836 (0.688): P 0.718, R 1.000, 11 false windows
 *     k = 2.5 → 0.836, k = 3.5 or 4 → 0.800, k = 2 → 0.767; S = 20 or 100 → 0.800 at k = 3, 0.836 at k = 2.5
 * Ablations (prototype of the same formulas, spread without the ½ smoothing, window-max cut, k = 3):
 *   severity × global rarity                                        0.737
 *   severity × rarity within service                                0.800 (k = 2: 0.836)
 *   severity × spread within service only                           0.767 (k = 4: 0.824)
 *   severity × (rarity + spread) within service                     0.836 (k = 2.5–4: 0.800–0.836)
 *   same, window score = sum of its line scores instead of the max  0.58–0.74 (bursts of common lines dominate)
 *   same, window score = sum of its 3 largest line scores           0.78–0.82
 *   global (not per-service) rarity and spread                      ≤ 0.80 even with the best cut in hindsight
 * With max-aggregated per-service scores no cut does better than 0.836: the 11 false windows hold
 * FATAL lines that are news by any label-free measure (a register dump of ~40 one-off templates
 * after a machine check, one-off node-map and rts errors), which the BGL labels call normal.
 * Service rarity removes most false windows: `ciod: Error loading …` (FATAL, 21 lines) is 1% of the
 * log but 20% of its service RAS.APP; the MMCS ASSERT burst (ERROR, 35 lines) is its service's only
 * template. Spread mostly buys robustness to k. S = √n: enough segments to tell steady from bursty,
 * each holding enough lines (√2000 ≈ 45 segments of 45 lines).
 * On HDFS v1 head 10k (every line INFO) the scorer flags nothing: INFO lines weigh 0.1, and with the
 * 1-nat scale floor none clears the cut (without the floor: 429 lines, block F1 0.14).
 *
 * Pure functions over plain records; the fitted state (NewsModel) is explicit and JSON-able, so
 * the model can learn it at train time and score new lines against it at scan time.
 */
import type { Factor, Level } from '../../domain/index.js';
import { robustCut, SEVERITY_WEIGHT } from './severity.js';

export interface NewsLine {
  level: Level;
  service: string;
  templateId: number;
}

export interface NewsOptions {
  /** Lines per window: the cut is set on the maximum line score of each window of this many lines. */
  window: number;
  /** Robust standard deviations above the median window maximum. */
  k: number;
  /** Segments of the log for the spread; null = ⌈√records⌉. */
  segments: number | null;
  /**
   * Smallest robust scale of the window maxima, in nats: with k = 3 a news line is at least
   * e³ ≈ 20× less likely than the typical window maximum, even in a log whose windows all look
   * alike (MAD = 0). BGL 2k's own scale is 0.95 nats.
   */
  minScale: number;
  /**
   * A template found in at least this share of its service's active segments (and in more than
   * one) recurs through the log: it is background, never news, whatever its score. The spread term
   * alone cannot say so, it is at most ln(S + 1) nats against up to ~10 of rarity: in a synthetic
   * day of 73,000 lines an ERROR template making 1.4% of its service, in 52 of its 56 segments,
   * scored 4.4 against a cut of 3.3 and was raised 141 times when a model of an earlier day scanned
   * the next. On BGL 2k no alert line's template is in even a quarter of its service's segments
   * (window F1 0.836 with any share from 0.25 to 1).
   */
  steady: number;
}

export const DEFAULT_NEWS: NewsOptions = { window: 20, k: 3, segments: null, minScale: 1, steady: 0.5 };

interface TemplateStats {
  count: number;
  segments: number;
}

interface ServiceStats {
  lines: number;
  segments: number;
  templates: Map<number, TemplateStats>;
}

export interface NewsModel {
  records: number;
  segments: number;
  services: Map<string, ServiceStats>;
  /** Line (and window-maximum) score above which a line is news. */
  cut: number;
  options: NewsOptions;
}

/** Learns per-service template counts and spreads from lines in log order, then the cut from their own scores. */
export function fitNews(lines: readonly NewsLine[], options: Partial<NewsOptions> = {}): NewsModel {
  const opts = { ...DEFAULT_NEWS, ...options };
  const n = lines.length;
  const segments = Math.max(1, opts.segments ?? Math.ceil(Math.sqrt(n)));
  const services = new Map<string, ServiceStats>();
  // Last segment counted per service and per service/template, so each segment counts once.
  const lastService = new Map<string, number>();
  const lastTemplate = new Map<string, number>();
  lines.forEach((line, i) => {
    const seg = Math.floor((i * segments) / n);
    let s = services.get(line.service);
    if (!s) services.set(line.service, (s = { lines: 0, segments: 0, templates: new Map() }));
    s.lines++;
    if (lastService.get(line.service) !== seg) {
      lastService.set(line.service, seg);
      s.segments++;
    }
    let t = s.templates.get(line.templateId);
    if (!t) s.templates.set(line.templateId, (t = { count: 0, segments: 0 }));
    t.count++;
    const key = `${line.templateId}\u0000${line.service}`;
    if (lastTemplate.get(key) !== seg) {
      lastTemplate.set(key, seg);
      t.segments++;
    }
  });
  const model: NewsModel = { records: n, segments, services, cut: Infinity, options: opts };
  model.cut = robustCut(windowMax(newsScores(model, lines), opts.window), { k: opts.k, minScale: opts.minScale });
  return model;
}

/** What the model knows about a line's template within its service (an unseen service is judged against the whole log). */
export function newsEvidence(model: NewsModel, line: NewsLine): { seen: number; serviceLines: number; inSegments: number; serviceSegments: number } {
  const s = model.services.get(line.service);
  const t = s?.templates.get(line.templateId);
  return {
    seen: t?.count ?? 0,
    serviceLines: s?.lines ?? model.records,
    inSegments: t?.segments ?? 0,
    serviceSegments: s?.segments ?? model.segments,
  };
}

/** Surprise in nats, before the severity prior: rarity within the service plus lack of spread. */
export function newsSurprise(model: NewsModel, line: NewsLine): number {
  const e = newsEvidence(model, line);
  return -Math.log((e.seen + 0.5) / (e.serviceLines + 1)) - Math.log((e.inSegments + 0.5) / (e.serviceSegments + 1));
}

/** A line's score: its severity prior × its surprise; above `model.cut` it is news, unless its template is steady. */
export function newsScore(model: NewsModel, line: NewsLine): number {
  return SEVERITY_WEIGHT[line.level] * newsSurprise(model, line);
}

/** Whether the line's template recurs through its service's log (see NewsOptions.steady). */
export function isSteady(model: NewsModel, line: NewsLine): boolean {
  const e = newsEvidence(model, line);
  return e.inSegments > 1 && e.inSegments >= model.options.steady * e.serviceSegments;
}

/** Whether the line is news: its score above the cut, its template not steady. */
export function isNews(model: NewsModel, line: NewsLine, score = newsScore(model, line)): boolean {
  return score > model.cut && !isSteady(model, line);
}

export function newsScores(model: NewsModel, lines: readonly NewsLine[]): Float64Array {
  return Float64Array.from(lines, (l) => newsScore(model, l));
}

/** The news component of a line at the cut: above it the line is news. */
export const NEWS_COMPONENT_CUT = 0.5;

/**
 * The line's news on the 0–1 scale of the other verdict components: score / (2·cut), capped at 1,
 * so the cut sits at one half (above it when `isNews`, up to rounding) and a line twice as surprising as
 * the cut scores 1. 0 for a steady template, and when the cut is infinite (a model that could not
 * set one flags nothing).
 */
export function newsComponent(model: NewsModel, line: NewsLine): number {
  if (!(Number.isFinite(model.cut) && model.cut > 0) || isSteady(model, line)) return 0;
  return Math.min(1, (NEWS_COMPONENT_CUT * Math.max(0, newsScore(model, line))) / model.cut);
}

/** Largest score of each tumbling window of `window` consecutive scores (the last may be shorter). */
export function windowMax(scores: ArrayLike<number>, window: number): Float64Array {
  const size = Math.max(1, Math.floor(window));
  const out = new Float64Array(Math.ceil(scores.length / size));
  for (let w = 0; w < out.length; w++) {
    let m = -Infinity;
    for (let i = w * size; i < Math.min(scores.length, (w + 1) * size); i++) m = Math.max(m, scores[i]);
    out[w] = m;
  }
  return out;
}

/** Why a line is news: its level, and how rare and how concentrated its template is within its service. */
export function newsFactors(model: NewsModel, line: NewsLine & { template: string }): Factor[] {
  const e = newsEvidence(model, line);
  const factors: Factor[] = [];
  const weight = SEVERITY_WEIGHT[line.level];
  if (weight >= SEVERITY_WEIGHT.WARN) {
    factors.push({ kind: 'severity', text: `The line is logged at level ${line.level}.`, weight, level: line.level });
  }
  const where = model.services.has(line.service) ? `service ${line.service}` : 'the log (the service is new)';
  factors.push({
    kind: 'rare_template',
    text:
      `Template ${line.template} occurred ${e.seen} times in ${e.serviceLines} lines of ${where}, ` +
      `in ${e.inSegments} of its ${e.serviceSegments} active stretches of the log.`,
    weight: Math.min(1, newsSurprise(model, line) / 15),
    templateId: line.templateId,
    template: line.template,
    seen: e.seen,
  });
  return factors.sort((a, b) => b.weight - a.weight);
}

export interface NewsModelJson {
  records: number;
  segments: number;
  cut: number | null;
  options: NewsOptions;
  /** [service, lines, segments, [templateId, count, segments][]] */
  services: [string, number, number, [number, number, number][]][];
}

export function newsToJson(model: NewsModel): NewsModelJson {
  return {
    records: model.records,
    segments: model.segments,
    cut: Number.isFinite(model.cut) ? model.cut : null,
    options: model.options,
    services: [...model.services].map(([name, s]) => [name, s.lines, s.segments, [...s.templates].map(([id, t]) => [id, t.count, t.segments])]),
  };
}

export function newsFromJson(json: NewsModelJson): NewsModel {
  return {
    records: json.records,
    segments: json.segments,
    cut: json.cut ?? Infinity,
    options: { ...DEFAULT_NEWS, ...json.options },
    services: new Map(
      json.services.map(([name, lines, segments, templates]) => [
        name,
        { lines, segments, templates: new Map(templates.map(([id, count, segs]) => [id, { count, segments: segs }])) },
      ]),
    ),
  };
}

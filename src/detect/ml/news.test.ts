import { describe, expect, it } from 'vitest';
import type { Level } from '../../domain/index.js';
import { fitNews, isNews, isSteady, newsComponent, newsFactors, newsFromJson, newsScores, newsToJson, windowMax, type NewsLine } from './news.js';

const line = (service: string, templateId: number, level: Level = 'INFO'): NewsLine => ({ service, templateId, level });

/**
 * 2,000 lines of service "app": INFO background (templates 1–5), a FATAL template 10 logged steadily
 * every `steadyEvery` lines, a burst of 40 FATAL template 11 lines at 1,000–1,039; and service "db",
 * whose only template 20 is an ERROR logged every 40 lines.
 */
function syntheticLog(steadyEvery = 50): NewsLine[] {
  const lines: NewsLine[] = [];
  for (let i = 0; i < 2000; i++) {
    if (i >= 1000 && i < 1040) lines.push(line('app', 11, 'FATAL'));
    else if (i % steadyEvery === 7) lines.push(line('app', 10, 'FATAL'));
    else if (i % 40 === 13) lines.push(line('db', 20, 'ERROR'));
    else lines.push(line('app', 1 + (i % 5)));
  }
  return lines;
}

describe('news scorer', () => {
  const lines = syntheticLog();
  const model = fitNews(lines);
  const scores = newsScores(model, lines);
  const at = (templateId: number): number => scores[lines.findIndex((l) => l.templateId === templateId)];

  it('scores a burst above a steady template with no more lines at the same level', () => {
    const count = (id: number): number => lines.filter((l) => l.templateId === id).length;
    expect(count(11)).toBeGreaterThanOrEqual(count(10));
    expect(at(11)).toBeGreaterThan(at(10));
  });

  it('judges rarity within the service: a service that only logs one template is not news', () => {
    // Template 20 is 2.5% of all lines, but all of service db.
    expect(at(20)).toBeLessThan(at(10));
  });

  it('uses severity as a prior: the same burst at INFO scores lower than at FATAL', () => {
    const info = lines.map((l) => (l.templateId === 11 ? { ...l, level: 'INFO' as const } : l));
    const infoModel = fitNews(info);
    expect(newsScores(infoModel, info)[1000]).toBeLessThan(at(11));
  });

  it('flags the burst and none of the background when a FATAL template recurs in every window', () => {
    const log = syntheticLog(10);
    const fitted = fitNews(log);
    const s = newsScores(fitted, log);
    const flagged = Array.from(s, (x) => x > fitted.cut);
    expect(flagged).toEqual(log.map((l) => l.templateId === 11));
    const windows = windowMax(s, fitted.options.window);
    windows.forEach((m, w) => expect(m > fitted.cut).toBe(flagged.slice(w * 20, w * 20 + 20).some(Boolean)));
  });

  it('keeps the cut at least k·minScale above the typical window when all windows look alike', () => {
    const log = syntheticLog(10);
    const tight = fitNews(log, { minScale: 0 });
    const floored = fitNews(log);
    expect(floored.cut).toBeGreaterThan(tight.cut);
    const typical = newsScores(floored, [line('app', 10, 'FATAL')])[0];
    expect(floored.cut).toBeCloseTo(typical + floored.options.k * floored.options.minScale, 9);
  });

  it('never calls a steady template news, even above the cut, and puts the cut at component one half', () => {
    // Template 10 (FATAL every 50 lines, in every segment) is above the cut once the cut is low.
    const low = { ...model, cut: at(10) / 2 };
    const steady = line('app', 10, 'FATAL');
    expect(isSteady(low, steady)).toBe(true);
    expect(isNews(low, steady)).toBe(false);
    expect(newsComponent(low, steady)).toBe(0);
    // The burst (one or two segments of 45) is not steady: news exactly when its component passes one half.
    const burst = line('app', 11, 'FATAL');
    expect(isSteady(model, burst)).toBe(false);
    expect(isNews(model, burst)).toBe(true);
    expect(newsComponent(model, burst)).toBeGreaterThan(0.5);
    const high = { ...model, cut: at(11) * 1.01 };
    expect(isNews(high, burst)).toBe(false);
    expect(newsComponent(high, burst)).toBeLessThan(0.5);
    expect(newsComponent({ ...model, cut: Infinity }, burst)).toBe(0);
  });

  it('scores an unseen template or service at FATAL above everything seen in training', () => {
    const [newTemplate, newService] = newsScores(model, [line('app', 99, 'FATAL'), line('cache', 1, 'FATAL')]);
    expect(newTemplate).toBeGreaterThan(Math.max(...scores));
    expect(newService).toBeGreaterThan(Math.max(...scores));
  });

  it('takes the maximum of each window, the last one possibly shorter', () => {
    expect(Array.from(windowMax([1, 5, 2, 0, 7], 2))).toEqual([5, 2, 7]);
    expect(windowMax([], 20)).toHaveLength(0);
  });

  it('round-trips through JSON with the same scores and cut', () => {
    const back = newsFromJson(JSON.parse(JSON.stringify(newsToJson(model))));
    expect(back.cut).toBe(model.cut);
    expect(Array.from(newsScores(back, lines))).toEqual(Array.from(scores));
  });

  it('explains a news line by its level and its template within its service', () => {
    const factors = newsFactors(model, { ...line('app', 11, 'FATAL'), template: 'kernel panic <*>' });
    expect(factors.map((f) => f.kind).sort()).toEqual(['rare_template', 'severity']);
    const rare = factors.find((f) => f.kind === 'rare_template');
    expect(rare && rare.kind === 'rare_template' ? rare.seen : -1).toBe(40);
    expect(rare?.text).toContain('service app');
    expect(newsFactors(model, { ...line('app', 1), template: 't' }).map((f) => f.kind)).toEqual(['rare_template']);
  });

  it('flags nothing in an empty log', () => {
    const empty = fitNews([]);
    expect(empty.cut).toBe(Infinity);
    expect(newsScores(empty, [])).toHaveLength(0);
  });
});

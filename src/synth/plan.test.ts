import { describe, expect, it } from 'vitest';
import { MIN_RUN_MS, planScenarios, within } from './plan.js';
import { createRng } from './prng.js';
import { DAY, MINUTE, SCENARIOS } from './types.js';

const start = Date.UTC(2026, 0, 5);

describe('planScenarios', () => {
  for (const days of [MIN_RUN_MS / DAY, 1, 7]) {
    it(`places every anomaly once, inside a ${days}-day run, minute-aligned and never overlapping`, () => {
      for (let seed = 0; seed < 20; seed++) {
        const end = start + days * DAY;
        const plan = planScenarios(createRng(seed), { start, end });
        expect(Object.keys(plan).sort()).toEqual([...SCENARIOS].sort());
        const windows = Object.values(plan).sort((a, b) => a.start - b.start);
        for (const w of windows) {
          expect(w.start).toBeGreaterThan(start);
          expect(w.end).toBeLessThan(end);
          expect((w.start - start) % MINUTE).toBe(0);
        }
        for (let i = 1; i < windows.length; i++) expect(windows[i].start).toBeGreaterThanOrEqual(windows[i - 1].end);
      }
    });
  }

  it('is deterministic for an rng seed, and the seed moves the anomalies', () => {
    const range = { start, end: start + DAY };
    expect(planScenarios(createRng(5), range)).toEqual(planScenarios(createRng(5), range));
    expect(planScenarios(createRng(5), range)).not.toEqual(planScenarios(createRng(6), range));
  });

  it('gives the silence at least 45 minutes', () => {
    const plan = planScenarios(createRng(1), { start, end: start + DAY });
    expect(plan.service_silent.end - plan.service_silent.start).toBeGreaterThanOrEqual(45 * MINUTE);
  });
});

describe('within', () => {
  it('includes the start and excludes the end', () => {
    const w = { start: 100, end: 200 };
    expect([within(w, 99), within(w, 100), within(w, 199), within(w, 200)]).toEqual([false, true, true, false]);
  });
});

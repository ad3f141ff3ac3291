import { describe, expect, it } from 'vitest';
import { countTemplates, robustCut, severityFactors, severityScores, templateRarity } from './severity.js';

describe('severity × rarity', () => {
  const lines = [
    ...Array.from({ length: 50 }, () => ({ level: 'INFO' as const, templateId: 1 })),
    ...Array.from({ length: 10 }, () => ({ level: 'ERROR' as const, templateId: 2 })),
    { level: 'INFO' as const, templateId: 3 },
    { level: 'FATAL' as const, templateId: 4 },
  ];
  const scores = severityScores(lines, countTemplates(lines), lines.length);

  it('ranks a rare FATAL line above a rare INFO line and a common ERROR line', () => {
    expect(scores[61]).toBeGreaterThan(scores[60]);
    expect(scores[61]).toBeGreaterThan(scores[50]);
    expect(scores[50]).toBeGreaterThan(scores[0]);
  });

  it('rarity falls as the template gets commoner', () => {
    expect(templateRarity(1, 100)).toBeGreaterThan(templateRarity(10, 100));
  });

  it('puts the robust cut above the bulk and below a lone outlier, whatever the outlier size', () => {
    const bulk = Array.from({ length: 99 }, (_, i) => 1 + (i % 5) * 0.1);
    const small = robustCut([...bulk, 10]);
    expect(robustCut([...bulk, 1e6])).toBeCloseTo(small, 9);
    expect(Math.max(...bulk)).toBeLessThan(small);
    expect(small).toBeLessThan(10);
    expect(robustCut([])).toBe(Infinity);
  });

  it('uses minScale when most scores are equal (MAD = 0)', () => {
    const flat = [...Array.from({ length: 60 }, () => 2), 2.5, 9];
    expect(robustCut(flat)).toBe(2);
    expect(robustCut(flat, { k: 3, minScale: 1 })).toBe(5);
  });

  it('explains a severe rare line with its level and its template count', () => {
    const factors = severityFactors({ level: 'FATAL', templateId: 4, template: 'kernel panic <*>' }, 1, 62);
    expect(factors.map((f) => f.kind).sort()).toEqual(['rare_template', 'severity']);
    const rare = factors.find((f) => f.kind === 'rare_template');
    expect(rare && rare.kind === 'rare_template' ? rare.seen : -1).toBe(1);
    expect(severityFactors({ level: 'INFO', templateId: 1, template: 't' }, 50, 62).map((f) => f.kind)).toEqual(['rare_template']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Factor } from '../../domain/index.js';
import { fillLabels, placeholderLabel } from './factor-labels.js';

describe('factor labels', () => {
  const label = (id: number): string => (id === 7 ? '"user <*> logged in"' : `#${id}`);

  it('replace every placeholder in sentences and string lists, and nothing else', () => {
    const factors: Factor[] = [
      { kind: 'new_template', text: `Template ${placeholderLabel(7)} never occurred in training.`, weight: 1, templateId: 7, template: placeholderLabel(7) },
      { kind: 'sequence', text: `${placeholderLabel(7)} is unusual after ${placeholderLabel(3)} → ${placeholderLabel(12)}.`, weight: 0.8, expected: [placeholderLabel(3)], actual: [placeholderLabel(7)] },
      { kind: 'rare_param', text: 'Parameter 1 is "x".', weight: 0.5, field: 'p1', value: 'x', seen: 2 },
    ];
    expect(fillLabels(factors, label)).toEqual([
      { kind: 'new_template', text: 'Template "user <*> logged in" never occurred in training.', weight: 1, templateId: 7, template: '"user <*> logged in"' },
      { kind: 'sequence', text: '"user <*> logged in" is unusual after #3 → #12.', weight: 0.8, expected: ['#3'], actual: ['"user <*> logged in"'] },
      factors[2],
    ]);
  });
});

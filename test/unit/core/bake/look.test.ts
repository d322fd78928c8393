// What the looker carries from one look to the next for the sequential tests: a bake's
// looks, so each is tested at its group-sequential boundary; the shift's evidence guard,
// whose weight changes by step, none, so each look is tested at the budget it adds.
import { describe, expect, it } from '@jest/globals';
import { evidenceLooker } from '../../../../src/core/bake/look.js';
import { obrienFlemingSpent } from '../../../../src/core/stats/spending.js';
import { MIN, reading, repeat, subject, T0 } from './fixtures.js';

function looks(correlatedLooks: boolean): { level: number; looks: number }[] {
  const looker = evidenceLooker({
    ...subject(),
    readMetrics: async () => reading([]),
    correlatedLooks,
  });
  return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => {
    const j = looker.judge(T0 + k * MIN + 1000, reading(repeat(k)));
    const check = j.checks.find((c) => c.check === 'error-rate')!;
    return { level: check.threshold!.value, looks: j.spending['error-rate']!.looks.length };
  });
}

describe('evidenceLooker', () => {
  it('keeps a bake’s looks, and its last look is tested above what the look adds', () => {
    const out = looks(true);
    expect(out.map((o) => o.looks)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // error-rate holds half of the 1% (no traffic-share without a routed weight: 5/9).
    const alpha = 0.01 * (0.5 / 0.9);
    expect(out[9].level).toBeGreaterThan(2 * (alpha - obrienFlemingSpent(alpha, 0.9)));
  });

  it('keeps none for the shift’s guard: each look is tested at exactly what it adds', () => {
    const out = looks(false);
    const alpha = 0.01 * (0.5 / 0.9);
    expect(out[9].level).toBeCloseTo(alpha - obrienFlemingSpent(alpha, 0.9), 12);
    expect(out.every((o) => o.looks === 1)).toBe(true);
  });
});

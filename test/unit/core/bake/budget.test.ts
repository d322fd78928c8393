// The one false-rollback budget: how `significance` is split between the checks, the
// history baseline's drift margin, and the two statistics only the traffic checks use
// (Poisson lower tail, even spending), each against values computed independently.
import { describe, expect, it } from '@jest/globals';
import {
  BUDGET_WEIGHTS,
  budgetSplit,
  HISTORY_DRIFT,
  nullRatio,
} from '../../../../src/core/bake/budget.js';
import { poissonLowerTail } from '../../../../src/core/stats/poisson.js';
import { evenLevel } from '../../../../src/core/stats/spending.js';
import { config } from './fixtures.js';

describe('budgetSplit', () => {
  it('gives error rate half of significance and every other check a stated share, summing to all of it', () => {
    const split = budgetSplit(config({ significance: 0.01 }), true);
    // By hand: weights 0.5, 0.2, 0.1, 0.1, 0.1 sum to 1, so the shares are the weights.
    expect(Object.fromEntries(Object.entries(split).map(([k, v]) => [k, v!.alpha]))).toEqual({
      'error-rate': expect.closeTo(0.005, 12),
      'duration-p99': expect.closeTo(0.002, 12),
      'throttle-rate': expect.closeTo(0.001, 12),
      'traffic-share': expect.closeTo(0.001, 12),
      traffic: expect.closeTo(0.001, 12),
    });
    const total = Object.values(split).reduce((s, b) => s + b!.alpha, 0);
    expect(total).toBeCloseTo(0.01, 12);
  });

  it('gives the share of a check switched off in metrics back to the others', () => {
    const rules = [{ name: 'error-rate' as const, tolerance: 0 }];
    const split = budgetSplit(config({ significance: 0.01, rules }), false);
    // error-rate 0.5 and traffic 0.1 are left: 5/6 and 1/6 of the 1%.
    expect(Object.keys(split).sort()).toEqual(['error-rate', 'traffic']);
    expect(split['error-rate']!.alpha).toBeCloseTo(0.01 * (5 / 6), 12);
    expect(split.traffic!.alpha).toBeCloseTo(0.01 / 6, 12);
    expect(split['error-rate']!.share).toBeCloseTo(5 / 6, 12);
  });

  it('puts the largest share on the error rate', () => {
    const top = Object.entries(BUDGET_WEIGHTS).sort((a, b) => b[1] - a[1])[0][0];
    expect(top).toBe('error-rate');
  });
});

describe('nullRatio', () => {
  it('widens the minimum effect by the drift margin for a baseline measured before the deployment only', () => {
    expect(nullRatio(0.2, 'concurrent')).toBeCloseTo(1.2, 12);
    expect(nullRatio(0.2, 'before')).toBeCloseTo(1.2 * (1 + HISTORY_DRIFT), 12);
    // A drift everyone shares, 1% -> 1.2% errors, is inside the null against history.
    expect(0.012 / 0.01).toBeLessThanOrEqual(nullRatio(0, 'before'));
  });
});

describe('poissonLowerTail', () => {
  it('matches sums computed by hand', () => {
    // P(X <= 0) = e^-3; P(X <= 2) for lambda 2 = e^-2 (1 + 2 + 2) = 5 e^-2.
    expect(poissonLowerTail(0, 3)).toBeCloseTo(Math.exp(-3), 15);
    expect(poissonLowerTail(2, 2)).toBeCloseTo(5 * Math.exp(-2), 15);
    expect(poissonLowerTail(-1, 2)).toBe(0);
    expect(poissonLowerTail(5, 0)).toBe(1);
  });

  it('matches the term recurrence p_j = p_(j-1) lambda / j from e^-lambda, deep in the tail too', () => {
    // An independent computation: no gammaln, plain products in floating point.
    const recurrence = (k: number, lambda: number): number => {
      let term = Math.exp(-lambda);
      let sum = term;
      for (let j = 1; j <= k; j++) {
        term *= lambda / j;
        sum += term;
      }
      return sum;
    };
    for (const [k, lambda] of [
      [30, 50],
      [60, 360],
      [95, 100],
      [400, 360],
    ]) {
      const want = recurrence(k, lambda);
      expect(Math.abs(poissonLowerTail(k, lambda) - want) / want).toBeLessThan(1e-9);
    }
  });
});

describe('evenLevel', () => {
  it('spends alpha in proportion to the evidence time a look adds, nothing past the horizon', () => {
    // By hand: 0.001 over 25 minutes is 0.00004 a minute.
    expect(evenLevel(0.001, 25, 9, 10)).toBeCloseTo(0.00004, 15);
    expect(evenLevel(0.001, 25, 0, 25)).toBeCloseTo(0.001, 15);
    expect(evenLevel(0.001, 25, 10, 10)).toBe(0);
    expect(evenLevel(0.001, 25, 25, 40)).toBe(0);
    expect(evenLevel(0.001, 25, 24, 40)).toBeCloseTo(0.00004, 15);
  });
});
